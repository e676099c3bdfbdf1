// Chat `messages[]` → canonical system prompt and conversation (wire-protocols §3.2, §4.2, §4.4 C→A).
import { invalidRequest } from '../canonical/errors.js'
import type {
  AssistantPart,
  CanonicalMessage,
  FilePart,
  ImagePart,
  TextPart,
  ToolResultContent,
  ToolResultPart,
  UserPart,
} from '../canonical/request.js'
import { TOOL_ERROR_PREFIX } from '../canonical/request.js'
import { fileData, imageSource } from '../canonical/data-url.js'
import { asObj, readReasoning, str } from './read.js'
import type { Obj } from './read.js'

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const
type Role = (typeof ROLES)[number]

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

const DETAILS = ['auto', 'low', 'high', 'original'] as const

function imagePart(raw: Obj, at: string): ImagePart {
  const field = raw['image_url']
  const obj = asObj(field)
  const url = typeof field === 'string' ? field : str(obj?.['url'])
  if (!url) throw invalidRequest('image_url.url must be a string', `${at}.image_url.url`)
  const part: ImagePart = { type: 'image', source: imageSource(url) }
  const detail = obj?.['detail']
  const known = DETAILS.find((d) => d === detail)
  if (known) part.detail = known
  return part
}

function filePart(raw: Obj, at: string): FilePart {
  const file = asObj(raw['file'])
  if (!file) throw invalidRequest('file part needs a `file` object', `${at}.file`)
  const part: FilePart = { type: 'file' }
  const data = str(file['file_data'])
  if (data !== undefined) Object.assign(part, fileData(data))
  const fileId = str(file['file_id'])
  if (fileId !== undefined) part.fileId = fileId
  const filename = str(file['filename'])
  if (filename !== undefined) part.filename = filename
  if (part.data === undefined && part.fileId === undefined) {
    throw invalidRequest('file part needs file_data or file_id', `${at}.file`)
  }
  return part
}

/** User (and tool) content: a string or an array of text / image_url / file parts. */
function userParts(content: unknown, at: string): (TextPart | ImagePart | FilePart)[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  if (content === null || content === undefined) return []
  if (!Array.isArray(content))
    throw invalidRequest('content must be a string or an array of parts', at)
  return content.map((item, j) => {
    const partAt = `${at}[${j}]`
    const raw = asObj(item)
    if (!raw) throw invalidRequest('content part must be an object', partAt)
    switch (raw['type']) {
      case 'text': {
        const text = str(raw['text'])
        if (text === undefined)
          throw invalidRequest('text part needs a string `text`', `${partAt}.text`)
        return { type: 'text', text }
      }
      case 'image_url':
        return imagePart(raw, partAt)
      case 'file':
        return filePart(raw, partAt)
      case 'input_audio':
        throw invalidRequest('audio input is not supported', partAt)
      default:
        throw invalidRequest(
          `unsupported content part type ${JSON.stringify(raw['type'])}`,
          `${partAt}.type`,
        )
    }
  })
}

function textOnly(content: unknown, at: string): TextPart[] {
  return userParts(content, at).map((p, j) => {
    if (p.type !== 'text') throw invalidRequest('system content must be text', `${at}[${j}]`)
    return p
  })
}

function toolResultContent(
  content: unknown,
  at: string,
): { content: ToolResultContent[]; isError: boolean } {
  const parts: ToolResultContent[] = userParts(content, at)
  const first = parts[0]
  if (first?.type === 'text' && first.text.startsWith(TOOL_ERROR_PREFIX)) {
    parts[0] = { type: 'text', text: first.text.slice(TOOL_ERROR_PREFIX.length) }
    return { content: parts, isError: true }
  }
  return { content: parts, isError: false }
}

function assistantParts(
  msg: Obj,
  at: string,
  customCalls: Set<string>,
  legacyId: string,
): AssistantPart[] {
  const parts: AssistantPart[] = []
  const reasoning = readReasoning(msg)
  if (reasoning) parts.push({ type: 'reasoning', text: reasoning, channel: 'raw' })
  const content = msg['content']
  if (typeof content === 'string') {
    if (content) parts.push({ type: 'text', text: content })
  } else if (Array.isArray(content)) {
    content.forEach((item, j) => {
      const raw = asObj(item)
      const partAt = `${at}.content[${j}]`
      if (raw?.['type'] === 'text' && typeof raw['text'] === 'string')
        parts.push({ type: 'text', text: raw['text'] })
      else if (raw?.['type'] === 'refusal' && typeof raw['refusal'] === 'string')
        parts.push({ type: 'refusal', text: raw['refusal'] })
      else throw invalidRequest('assistant content parts must be text or refusal', partAt)
    })
  } else if (content !== null && content !== undefined) {
    throw invalidRequest('content must be a string, an array or null', `${at}.content`)
  }
  const refusal = str(msg['refusal'])
  if (refusal) parts.push({ type: 'refusal', text: refusal })
  const calls = msg['tool_calls']
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls))
      throw invalidRequest('tool_calls must be an array', `${at}.tool_calls`)
    calls.forEach((item, k) => {
      const callAt = `${at}.tool_calls[${k}]`
      const call = asObj(item)
      const id = str(call?.['id'])
      if (!call || !id) throw invalidRequest('tool call needs a string id', `${callAt}.id`)
      if (call['type'] === 'custom') {
        const custom = asObj(call['custom'])
        const name = str(custom?.['name'])
        if (!name) throw invalidRequest('custom tool call needs a name', `${callAt}.custom.name`)
        customCalls.add(id)
        parts.push({
          type: 'tool_call',
          callId: id,
          name,
          arguments: str(custom?.['input']) ?? '',
          toolKind: 'custom',
        })
        return
      }
      const fn = asObj(call['function'])
      const name = str(fn?.['name'])
      if (!name) throw invalidRequest('tool call needs a function name', `${callAt}.function.name`)
      parts.push({
        type: 'tool_call',
        callId: id,
        name,
        arguments: str(fn?.['arguments']) ?? '',
        toolKind: 'function',
      })
    })
  }
  // Deprecated single `function_call`: the id is synthesised so the following `function` message can answer it.
  const legacy = asObj(msg['function_call'])
  if (legacy) {
    const name = str(legacy['name'])
    if (!name) throw invalidRequest('function_call needs a name', `${at}.function_call.name`)
    parts.push({
      type: 'tool_call',
      callId: legacyId,
      name,
      arguments: str(legacy['arguments']) ?? '',
      toolKind: 'function',
    })
  }
  return parts
}

export interface DecodedConversation {
  system: TextPart[]
  messages: CanonicalMessage[]
}

export function decodeMessages(raw: unknown[]): DecodedConversation {
  const system: TextPart[] = []
  const messages: CanonicalMessage[] = []
  const customCalls = new Set<string>()
  let leading = true
  // Tool results merge into one user message; user text right after them joins it (results first).
  let openResults: Extract<CanonicalMessage, { role: 'user' }> | undefined
  let legacyId = ''
  raw.forEach((item, i) => {
    const at = `messages[${i}]`
    const msg = asObj(item)
    if (!msg) throw invalidRequest('message must be an object', at)
    const role = msg['role']
    if (!isRole(role)) {
      throw invalidRequest(
        `unsupported role ${JSON.stringify(role)} (expected ${ROLES.join(', ')})`,
        `${at}.role`,
      )
    }
    if (role === 'system' || role === 'developer') {
      const content = textOnly(msg['content'], `${at}.content`)
      if (leading) system.push(...content)
      else messages.push({ role: 'system', content })
      openResults = undefined
      return
    }
    leading = false
    switch (role) {
      case 'user': {
        const content: UserPart[] = userParts(msg['content'], `${at}.content`)
        if (openResults) openResults.content.push(...content)
        else messages.push({ role: 'user', content })
        openResults = undefined
        return
      }
      case 'assistant':
        legacyId = `call_fn_${i}`
        messages.push({
          role: 'assistant',
          content: assistantParts(msg, at, customCalls, legacyId),
        })
        openResults = undefined
        return
      case 'tool':
      case 'function': {
        let callId: string
        if (role === 'tool') {
          const id = str(msg['tool_call_id'])
          if (!id)
            throw invalidRequest('tool message needs a string tool_call_id', `${at}.tool_call_id`)
          callId = id
        } else {
          if (!legacyId)
            throw invalidRequest('function message without a preceding function_call', `${at}.role`)
          callId = legacyId
        }
        const { content, isError } = toolResultContent(msg['content'], `${at}.content`)
        const part: ToolResultPart = {
          type: 'tool_result',
          callId,
          content,
          toolKind: customCalls.has(callId) ? 'custom' : 'function',
        }
        if (isError) part.isError = true
        if (!openResults) {
          openResults = { role: 'user', content: [] }
          messages.push(openResults)
        }
        openResults.content.push(part)
        return
      }
    }
  })
  return { system, messages }
}
