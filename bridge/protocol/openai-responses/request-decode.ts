// Responses request body → canonical request: validation that names the field, tools, options, extras.
import { invalidRequest } from '../canonical/errors.js'
import type { JsonObject } from '../canonical/json.js'
import { shown } from '../canonical/json.js'
import type {
  CanonicalRequest,
  CanonicalToolChoice,
  ReasoningConfig,
  ReasoningEffort,
  ResponseFormat,
  TextPart,
} from '../canonical/request.js'
import { REASONING_EFFORTS } from '../canonical/request.js'
import { decodeInput } from './input-decode.js'
import { decodeTool } from './tool-decode.js'
import type { Obj } from './read.js'
import { asArr, asBool, asNum, asObj, asStr, toJsonObject, toJsonValue } from './read.js'

// Stored references are resolved before decoding while Switchboard's response store is on; here it is off.
const STORE_OFF: Record<string, string> = {
  previous_response_id:
    "previous_response_id needs Switchboard's response store, which is off (setting responseStore.enabled); send the whole conversation in `input` with store:false.",
  conversation:
    'conversation is not supported: Switchboard keeps no Conversations; use previous_response_id or send the whole conversation in `input`.',
}

/** Fields with a canonical meaning; everything else is kept in `extras` for a Responses upstream. */
const CONSUMED = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'text',
  'max_output_tokens',
  'temperature',
  'top_p',
  'user',
  'prompt_cache_key',
  'metadata',
  'stream',
])

function decodeToolChoice(value: unknown): CanonicalToolChoice | undefined {
  if (value === undefined || value === null) return undefined
  if (value === 'auto' || value === 'none' || value === 'required') return value
  const o = asObj(value)
  if (!o)
    throw invalidRequest('tool_choice must be auto, none, required or an object.', 'tool_choice')
  const type = asStr(o['type'])
  if (type === 'function' || type === 'custom') {
    const name = asStr(o['name'])
    if (!name) throw invalidRequest('tool_choice.name must be a string.', 'tool_choice.name')
    return { name }
  }
  // allowed_tools keeps only its mode; a forced hosted tool ({type:"web_search"}) becomes "required".
  if (type === 'allowed_tools') return o['mode'] === 'required' ? 'required' : 'auto'
  if (type !== undefined) return 'required'
  throw invalidRequest('tool_choice.type is required.', 'tool_choice.type')
}

function decodeReasoning(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined
  const o = asObj(value)
  if (!o) throw invalidRequest('reasoning must be an object.', 'reasoning')
  const config: ReasoningConfig = { enabled: true }
  const effort = o['effort']
  if (effort !== undefined && effort !== null) {
    if (!REASONING_EFFORTS.includes(effort as ReasoningEffort)) {
      throw invalidRequest(
        `reasoning.effort '${shown(effort)}' is not one of ${REASONING_EFFORTS.join(', ')}.`,
        'reasoning.effort',
      )
    }
    config.effort = effort as ReasoningEffort
    if (effort === 'none') config.enabled = false
  }
  const summary = o['summary'] ?? o['generate_summary']
  if (summary === 'auto' || summary === 'concise' || summary === 'detailed')
    config.summary = summary
  return config
}

function decodeFormat(value: unknown): ResponseFormat | undefined {
  const f = asObj(value)
  if (!f) return undefined
  switch (f['type']) {
    case 'text':
      return { type: 'text' }
    case 'json_object':
      return { type: 'json_object' }
    case 'json_schema': {
      const schema = asObj(f['schema'])
      if (!schema)
        throw invalidRequest('text.format.schema must be an object.', 'text.format.schema')
      const out: ResponseFormat = { type: 'json_schema', schema: toJsonObject(schema) }
      const name = asStr(f['name'])
      if (name !== undefined) out.name = name
      const strict = asBool(f['strict'])
      if (strict !== undefined) out.strict = strict
      const description = asStr(f['description'])
      if (description !== undefined) out.description = description
      return out
    }
    default:
      throw invalidRequest(
        `text.format.type '${shown(f['type'])}' is not supported.`,
        'text.format.type',
      )
  }
}

function decodeMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined
  const o = asObj(value)
  if (!o) throw invalidRequest('metadata must be an object of strings.', 'metadata')
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string')
      throw invalidRequest(`metadata.${k} must be a string.`, `metadata.${k}`)
    out[k] = v
  }
  return out
}

function optionalNumber(body: Obj, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  const n = asNum(value)
  if (n === undefined) throw invalidRequest(`${key} must be a number.`, key)
  return n
}

function decodeInstructions(value: unknown): TextPart[] {
  if (value === undefined || value === null) return []
  if (typeof value !== 'string')
    throw invalidRequest('instructions must be a string.', 'instructions')
  return value === '' ? [] : [{ type: 'text', text: value }]
}

export function decodeRequest(raw: unknown): CanonicalRequest {
  const body = asObj(raw)
  if (!body) throw invalidRequest('The request body must be a JSON object.')
  const model = body['model']
  if (typeof model !== 'string' || model === '')
    throw invalidRequest('model must be a non-empty string.', 'model')
  for (const [key, message] of Object.entries(STORE_OFF)) {
    if (body[key] !== undefined && body[key] !== null) throw invalidRequest(message, key)
  }
  if (body['input'] === undefined) throw invalidRequest('input is required.', 'input')
  const input = decodeInput(body['input'])

  const tools = body['tools'] === undefined || body['tools'] === null ? [] : asArr(body['tools'])
  if (!tools) throw invalidRequest('tools must be an array.', 'tools')

  const extras: JsonObject = {}
  for (const [k, v] of Object.entries(body)) {
    if (!CONSUMED.has(k) && v !== undefined) extras[k] = toJsonValue(v) ?? null
  }

  const req: CanonicalRequest = {
    model,
    system: [...decodeInstructions(body['instructions']), ...input.system],
    messages: input.messages,
    tools: tools.map((t, i) => decodeTool(t, `tools[${i}]`)),
    stream: body['stream'] === true,
    extras: { dialect: 'openai-responses', fields: extras },
  }
  const toolChoice = decodeToolChoice(body['tool_choice'])
  if (toolChoice !== undefined) req.toolChoice = toolChoice
  const parallel = asBool(body['parallel_tool_calls'])
  if (parallel !== undefined) req.parallelToolCalls = parallel
  const maxOut = optionalNumber(body, 'max_output_tokens')
  if (maxOut !== undefined) req.maxOutputTokens = maxOut
  const temperature = optionalNumber(body, 'temperature')
  if (temperature !== undefined) req.temperature = temperature
  const topP = optionalNumber(body, 'top_p')
  if (topP !== undefined) req.topP = topP
  const reasoning = decodeReasoning(body['reasoning'])
  if (reasoning) req.reasoning = reasoning
  const text = asObj(body['text'])
  const format = decodeFormat(text?.['format'])
  if (format) req.responseFormat = format
  const verbosity = text?.['verbosity']
  if (verbosity === 'low' || verbosity === 'medium' || verbosity === 'high')
    req.verbosity = verbosity
  const user = asStr(body['user']) ?? asStr(body['safety_identifier'])
  if (user !== undefined) req.user = user
  const cacheKey = asStr(body['prompt_cache_key'])
  if (cacheKey !== undefined) req.promptCacheKey = cacheKey
  const metadata = decodeMetadata(body['metadata'])
  if (metadata) req.metadata = metadata
  if (input.compactionTrigger) req.compactionTrigger = true
  if (input.additionalTools.length > 0) req.additionalTools = input.additionalTools
  if (input.loadedTools.length > 0) req.loadedTools = input.loadedTools
  return req
}
