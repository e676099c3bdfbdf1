// Responses `input` items → canonical messages: leading system/developer text, turns merged by role.
import { invalidRequest } from '../canonical/errors.js'
import type {
  AdditionalTools,
  AssistantPart,
  CanonicalMessage,
  CanonicalTool,
  ReasoningPart,
  TextPart,
  UserPart,
} from '../canonical/request.js'
import { decodeContent, readErrorMarker, requireStr, toolOutput } from './input-content.js'
import { compactionFromItem, reasoningFromItem } from './output-item-parts.js'
import { searchCallPart, searchOutcome, searchSourcesOf } from './web-search.js'
import type { Obj } from './read.js'
import { asArr, asObj, asStr, toJsonObject } from './read.js'
import { decodeAdditionalTools } from './tool-decode.js'

// Resolved before decoding while the response store is on; reaching the decoder means it is off.
const STORE_OFF =
  "Switchboard's response store is off (setting responseStore.enabled); send the whole conversation in `input` with store:false."

/** Hosted-tool history items with no canonical form; dropped because their results already live in the text. */
const DROPPED_ITEM_TYPES = new Set([
  'file_search_call',
  'image_generation_call',
  'code_interpreter_call',
  'computer_call',
  'computer_call_output',
  'mcp_list_tools',
  'mcp_call',
  'mcp_approval_request',
  'mcp_approval_response',
])

export interface DecodedInput {
  system: TextPart[]
  additionalTools: AdditionalTools[]
  /** The tools `tool_search_output` items loaded (see ToolSearchPart). */
  loadedTools: CanonicalTool[]
  messages: CanonicalMessage[]
  /** The input ended with `compaction_trigger`. */
  compactionTrigger: boolean
}

function decodeReasoning(item: Obj, at: string): ReasoningPart {
  const encrypted = item['encrypted_content']
  if (encrypted !== undefined && encrypted !== null && typeof encrypted !== 'string') {
    throw invalidRequest(`${at}.encrypted_content must be a string.`, `${at}.encrypted_content`)
  }
  return reasoningFromItem(item)
}

type Decoded =
  | { side: 'assistant'; parts: AssistantPart[]; loaded?: CanonicalTool[] }
  | { side: 'output'; parts: UserPart[] }
  | { side: 'user'; parts: UserPart[] }
  | { side: 'system'; parts: TextPart[] }
  | { side: 'tools'; item: AdditionalTools }
  | { side: 'none' }

function decodeMessage(item: Obj, at: string): Decoded {
  const role = item['role']
  const content = decodeContent(item['content'], at)
  switch (role) {
    case 'user':
      return {
        side: 'user',
        parts: content.map((p) => (p.type === 'refusal' ? { type: 'text', text: p.text } : p)),
      }
    case 'assistant':
      return {
        side: 'assistant',
        parts: content.map((p, j) => {
          if (p.type === 'text' || p.type === 'refusal') return p
          throw invalidRequest(
            `${at}.content[${j}]: assistant messages carry only text.`,
            `${at}.content[${j}].type`,
          )
        }),
      }
    case 'system':
    case 'developer':
      return {
        side: 'system',
        parts: content.map((p, j) => {
          if (p.type === 'text') return p
          if (p.type === 'refusal') return { type: 'text', text: p.text }
          throw invalidRequest(
            `${at}.content[${j}]: ${role} messages carry only text.`,
            `${at}.content[${j}].type`,
          )
        }),
      }
    default:
      throw invalidRequest(`${at}.role must be user, assistant, system or developer.`, `${at}.role`)
  }
}

function decodeItem(value: unknown, at: string): Decoded {
  const item = asObj(value)
  if (!item) throw invalidRequest(`${at} must be an object.`, at)
  const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined)
  if (typeof type !== 'string') throw invalidRequest(`${at}.type is required.`, `${at}.type`)
  switch (type) {
    case 'message':
      return decodeMessage(item, at)
    case 'function_call':
    case 'custom_tool_call': {
      const custom = type === 'custom_tool_call'
      const args = custom ? requireStr(item, 'input', at) : (asStr(item['arguments']) ?? '')
      const part: AssistantPart = {
        type: 'tool_call',
        callId: requireStr(item, 'call_id', at),
        name: requireStr(item, 'name', at),
        arguments: args,
        toolKind: custom ? 'custom' : 'function',
      }
      const id = asStr(item['id'])
      if (id) part.itemId = id
      const namespace = asStr(item['namespace'])
      if (namespace) part.namespace = namespace
      return { side: 'assistant', parts: [part] }
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const { content, isError } = readErrorMarker(toolOutput(item['output'], at))
      return {
        side: 'output',
        parts: [
          {
            type: 'tool_result',
            callId: requireStr(item, 'call_id', at),
            content,
            toolKind: type === 'custom_tool_call_output' ? 'custom' : 'function',
            ...(isError ? { isError } : {}),
          },
        ],
      }
    }
    case 'reasoning':
      return { side: 'assistant', parts: [decodeReasoning(item, at)] }
    case 'compaction':
      if (typeof item['encrypted_content'] !== 'string' || item['encrypted_content'] === '')
        throw invalidRequest(
          `${at}.encrypted_content must be a non-empty string.`,
          `${at}.encrypted_content`,
        )
      return { side: 'assistant', parts: [compactionFromItem(item)] }
    // The shell call becomes a plain function call named `local_shell` whose arguments are the action JSON.
    case 'local_shell_call': {
      const part: AssistantPart = {
        type: 'tool_call',
        callId: requireStr(item, 'call_id', at),
        name: 'local_shell',
        arguments: JSON.stringify(item['action'] ?? {}),
        toolKind: 'function',
      }
      const id = asStr(item['id'])
      if (id) part.itemId = id
      const namespace = asStr(item['namespace'])
      if (namespace) part.namespace = namespace
      return { side: 'assistant', parts: [part] }
    }
    case 'local_shell_call_output': {
      const callId = asStr(item['call_id']) ?? requireStr(item, 'id', at)
      return {
        side: 'output',
        parts: [
          {
            type: 'tool_result',
            callId,
            content: toolOutput(item['output'], at),
            toolKind: 'function',
          },
        ],
      }
    }
    // Codex echoes its searches; each encoder decides whether its upstream can take them back.
    case 'web_search_call': {
      const call = searchCallPart(item)
      const sources = searchSourcesOf(item)
      const failed = item['status'] === 'failed'
      if (call.type !== 'web_search_call' || (sources.length === 0 && !failed))
        return { side: 'assistant', parts: [call] }
      return {
        side: 'assistant',
        parts: [
          call,
          {
            type: 'web_search_result',
            callId: call.callId,
            outcome: searchOutcome(sources, [], failed),
          },
        ],
      }
    }
    // Tool search (openai SDK 7): the model's query, and the definitions it loaded, which later calls may use.
    case 'tool_search_call':
      return { side: 'assistant', parts: [{ type: 'tool_search', item: toJsonObject(item) }] }
    case 'tool_search_output':
      return {
        side: 'assistant',
        parts: [{ type: 'tool_search', item: toJsonObject(item) }],
        loaded: decodeAdditionalTools(item, at),
      }
    // Tools that extend `tools` from inside the input (Codex sends all of its tools this way on gpt-6).
    case 'additional_tools':
      return {
        side: 'tools',
        item: { raw: toJsonObject(item), tools: decodeAdditionalTools(item, at) },
      }
    case 'item_reference':
      throw invalidRequest(`${at}: item_reference is not resolved. ${STORE_OFF}`, `${at}.type`)
    default:
      if (DROPPED_ITEM_TYPES.has(type)) return { side: 'none' }
      throw invalidRequest(`${at}.type '${type}' is not supported.`, `${at}.type`)
  }
}

export function decodeInput(input: unknown): DecodedInput {
  if (typeof input === 'string')
    return {
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: input }] }],
      additionalTools: [],
      loadedTools: [],
      compactionTrigger: false,
    }
  const all = asArr(input)
  if (!all) throw invalidRequest('input must be a string or an array of items.', 'input')
  const trigger = all.findIndex((v) => asObj(v)?.['type'] === 'compaction_trigger')
  if (trigger !== -1 && trigger !== all.length - 1)
    throw invalidRequest(
      `input[${trigger}]: compaction_trigger must be the final input item.`,
      `input[${trigger}].type`,
    )
  const items = trigger === -1 ? all : all.slice(0, -1)
  const system: TextPart[] = []
  const messages: CanonicalMessage[] = []
  const additionalTools: AdditionalTools[] = []
  const loadedTools: CanonicalTool[] = []
  let leading = true
  let lastSide: Decoded['side'] | undefined
  items.forEach((value, i) => {
    const d = decodeItem(value, `input[${i}]`)
    if (d.side === 'none') return
    if (d.side === 'tools') {
      additionalTools.push(d.item)
      return
    }
    if (d.side === 'system' && leading) {
      system.push(...d.parts)
      return
    }
    leading = false
    const last = messages.at(-1)
    if (d.side === 'assistant') {
      if (d.loaded) loadedTools.push(...d.loaded)
      if (last?.role === 'assistant') last.content.push(...d.parts)
      else messages.push({ role: 'assistant', content: d.parts })
    } else if (d.side === 'output') {
      if (last?.role === 'user' && lastSide === 'output') last.content.push(...d.parts)
      else messages.push({ role: 'user', content: d.parts })
    } else if (d.side === 'user') {
      messages.push({ role: 'user', content: d.parts })
    } else {
      messages.push({ role: 'system', content: d.parts })
    }
    lastSide = d.side
  })
  return { system, messages, additionalTools, loadedTools, compactionTrigger: trigger !== -1 }
}
