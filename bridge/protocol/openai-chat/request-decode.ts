// Chat Completions request body → CanonicalRequest, validating what the hub relies on (wire-protocols §3.1–§3.3).
import { invalidRequest } from '../canonical/errors.js'
import type { JsonObject } from '../canonical/json.js'
import { REASONING_EFFORTS } from '../canonical/request.js'
import type {
  CanonicalRequest,
  CanonicalTool,
  CanonicalToolChoice,
  ResponseFormat,
} from '../canonical/request.js'
import { CHAT_WEB_SEARCH } from '../canonical/web-search.js'
import { decodeMessages } from './request-decode-messages.js'
import { asObj, num, str, toJson, toJsonObject } from './read.js'
import type { Obj } from './read.js'

/** Top-level fields with a canonical meaning; everything else is kept in `extras` for Chat upstreams. */
const MAPPED = new Set([
  'model',
  'messages',
  'tools',
  'functions',
  'tool_choice',
  'function_call',
  'parallel_tool_calls',
  'max_completion_tokens',
  'max_tokens',
  'reasoning_effort',
  'response_format',
  'stop',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'user',
  'prompt_cache_key',
  'metadata',
  'verbosity',
  'n',
  'web_search_options',
])

function functionTool(fn: Obj | undefined, at: string): CanonicalTool {
  const name = str(fn?.['name'])
  if (!fn || !name) throw invalidRequest('function tool needs a name', `${at}.name`)
  const tool: CanonicalTool = {
    kind: 'function',
    name,
    parameters: toJsonObject(fn['parameters']) ?? { type: 'object', properties: {} },
  }
  const description = str(fn['description'])
  if (description !== undefined) tool.description = description
  if (typeof fn['strict'] === 'boolean') tool.strict = fn['strict']
  return tool
}

function customTool(custom: Obj | undefined, at: string): CanonicalTool {
  const name = str(custom?.['name'])
  if (!custom || !name) throw invalidRequest('custom tool needs a name', `${at}.name`)
  const tool: Extract<CanonicalTool, { kind: 'custom' }> = { kind: 'custom', name }
  const description = str(custom['description'])
  if (description !== undefined) tool.description = description
  const format = asObj(custom['format'])
  if (format?.['type'] === 'text') tool.format = { type: 'text' }
  else if (format?.['type'] === 'grammar') {
    const grammar = asObj(format['grammar'])
    const definition = str(grammar?.['definition'])
    const syntax = str(grammar?.['syntax'])
    if (definition === undefined || syntax === undefined) {
      throw invalidRequest('grammar format needs definition and syntax', `${at}.format.grammar`)
    }
    tool.format = { type: 'grammar', syntax, definition }
  }
  return tool
}

function decodeTools(body: Obj): CanonicalTool[] {
  const tools = body['tools']
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw invalidRequest('tools must be an array', 'tools')
    return tools.map((item, i): CanonicalTool => {
      const at = `tools[${i}]`
      const raw = asObj(item)
      if (!raw) throw invalidRequest('tool must be an object', at)
      if (raw['type'] === 'function') return functionTool(asObj(raw['function']), `${at}.function`)
      if (raw['type'] === 'custom') return customTool(asObj(raw['custom']), `${at}.custom`)
      const type = str(raw['type'])
      if (!type) throw invalidRequest('tool needs a type', `${at}.type`)
      return { kind: 'builtin', type, dialect: 'openai-chat', raw: toJsonObject(raw) ?? {} }
    })
  }
  // Deprecated `functions`: the same function tools without the wrapper.
  const functions = body['functions']
  if (functions === undefined || functions === null) return []
  if (!Array.isArray(functions)) throw invalidRequest('functions must be an array', 'functions')
  return functions.map((fn, i) => functionTool(asObj(fn), `functions[${i}]`))
}

/**
 * `web_search_options` (search models search on every request; the options localise and size it) becomes the
 * hub's hosted search tool, which the Anthropic and Responses encoders turn into their own.
 */
function decodeWebSearch(body: Obj): CanonicalTool | undefined {
  const raw = body['web_search_options']
  if (raw === undefined || raw === null) return undefined
  const options = toJsonObject(raw)
  if (!options) throw invalidRequest('web_search_options must be an object', 'web_search_options')
  return {
    kind: 'builtin',
    type: CHAT_WEB_SEARCH,
    name: 'web_search',
    dialect: 'openai-chat',
    raw: options,
  }
}

function decodeToolChoice(body: Obj, extras: JsonObject): CanonicalToolChoice | undefined {
  const param = body['tool_choice'] !== undefined ? 'tool_choice' : 'function_call'
  const raw = body[param]
  if (raw === undefined || raw === null) return undefined
  if (raw === 'none' || raw === 'auto' || raw === 'required') return raw
  const obj = asObj(raw)
  if (!obj) throw invalidRequest(`unsupported ${param} ${JSON.stringify(raw)}`, param)
  if (param === 'function_call') {
    const name = str(obj['name'])
    if (!name) throw invalidRequest('function_call needs a name', 'function_call.name')
    return { name }
  }
  switch (obj['type']) {
    case 'function': {
      const name = str(asObj(obj['function'])?.['name'])
      if (!name)
        throw invalidRequest('tool_choice needs function.name', 'tool_choice.function.name')
      return { name }
    }
    case 'custom': {
      const name = str(asObj(obj['custom'])?.['name'])
      if (!name) throw invalidRequest('tool_choice needs custom.name', 'tool_choice.custom.name')
      return { name }
    }
    case 'allowed_tools': {
      // The canonical choice has no allow-list: keep its mode, and the original for Chat upstreams.
      const value = toJson(raw)
      if (value !== undefined) extras['tool_choice'] = value
      return asObj(obj['allowed_tools'])?.['mode'] === 'required' ? 'required' : 'auto'
    }
    default:
      throw invalidRequest(
        `unsupported tool_choice type ${JSON.stringify(obj['type'])}`,
        'tool_choice.type',
      )
  }
}

function decodeResponseFormat(raw: unknown): ResponseFormat | undefined {
  if (raw === undefined || raw === null) return undefined
  const obj = asObj(raw)
  switch (obj?.['type']) {
    case 'text':
      return { type: 'text' }
    case 'json_object':
      return { type: 'json_object' }
    case 'json_schema': {
      const js = asObj(obj['json_schema'])
      const schema = toJsonObject(js?.['schema'])
      if (!js || !schema)
        throw invalidRequest(
          'json_schema needs a schema object',
          'response_format.json_schema.schema',
        )
      const format: ResponseFormat = { type: 'json_schema', schema }
      const name = str(js['name'])
      if (name !== undefined) format.name = name
      if (typeof js['strict'] === 'boolean') format.strict = js['strict']
      const description = str(js['description'])
      if (description !== undefined) format.description = description
      return format
    }
    default:
      throw invalidRequest('unsupported response_format type', 'response_format.type')
  }
}

function decodeStop(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined
  if (typeof raw === 'string') return [raw]
  if (Array.isArray(raw) && raw.every((s): s is string => typeof s === 'string')) return raw
  throw invalidRequest('stop must be a string or an array of strings', 'stop')
}

function optionalNumber(body: Obj, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  const n = num(value)
  if (n === undefined) throw invalidRequest(`${key} must be a number`, key)
  return n
}

export function decodeRequest(input: unknown): CanonicalRequest {
  const body = asObj(input)
  if (!body) throw invalidRequest('request body must be a JSON object')
  const model = str(body['model'])
  if (!model) throw invalidRequest('model must be a non-empty string', 'model')
  const rawMessages = body['messages']
  if (!Array.isArray(rawMessages) || rawMessages.length === 0) {
    throw invalidRequest('messages must be a non-empty array', 'messages')
  }
  const n = optionalNumber(body, 'n')
  if (n !== undefined && n > 1) throw invalidRequest('n > 1 is not supported', 'n')

  const extras: JsonObject = {}
  for (const [key, value] of Object.entries(body)) {
    if (MAPPED.has(key)) continue
    const j = toJson(value)
    if (j !== undefined) extras[key] = j
  }

  const { system, messages } = decodeMessages(rawMessages)
  const search = decodeWebSearch(body)
  const req: CanonicalRequest = {
    model,
    system,
    messages,
    tools: [...decodeTools(body), ...(search ? [search] : [])],
    stream: body['stream'] === true,
    extras: { dialect: 'openai-chat', fields: extras },
  }
  const toolChoice = decodeToolChoice(body, extras)
  if (toolChoice !== undefined) req.toolChoice = toolChoice
  if (typeof body['parallel_tool_calls'] === 'boolean')
    req.parallelToolCalls = body['parallel_tool_calls']
  const maxTokens =
    optionalNumber(body, 'max_completion_tokens') ?? optionalNumber(body, 'max_tokens')
  if (maxTokens !== undefined) req.maxOutputTokens = maxTokens
  const temperature = optionalNumber(body, 'temperature')
  if (temperature !== undefined) req.temperature = temperature
  const topP = optionalNumber(body, 'top_p')
  if (topP !== undefined) req.topP = topP

  // `reasoning: {effort}` is the form some chat APIs (OpenRouter, the Codex completions API) take; the object
  // itself stays in extras for chat upstreams that read its other fields.
  const effort = body['reasoning_effort'] ?? asObj(body['reasoning'])?.['effort']
  if (effort !== undefined && effort !== null) {
    const known = REASONING_EFFORTS.find((e) => e === effort)
    if (!known)
      throw invalidRequest(
        `unsupported reasoning_effort ${JSON.stringify(effort)}`,
        'reasoning_effort',
      )
    req.reasoning = { enabled: known !== 'none', effort: known }
  }
  const responseFormat = decodeResponseFormat(body['response_format'])
  if (responseFormat) req.responseFormat = responseFormat
  const stop = decodeStop(body['stop'])
  if (stop) req.stopSequences = stop
  if (asObj(body['stream_options'])?.['include_usage'] === true) req.includeUsage = true

  // `user` is the older name of `safety_identifier`; when both are sent, the second stays in extras.
  const user = str(body['user'])
  if (user !== undefined) req.user = user
  else if (typeof extras['safety_identifier'] === 'string') {
    req.user = extras['safety_identifier']
    delete extras['safety_identifier']
  }
  const cacheKey = str(body['prompt_cache_key'])
  if (cacheKey !== undefined) req.promptCacheKey = cacheKey
  const metadata = asObj(body['metadata'])
  if (metadata) {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(metadata)) if (typeof v === 'string') out[k] = v
    req.metadata = out
  }
  const verbosity = body['verbosity']
  if (verbosity === 'low' || verbosity === 'medium' || verbosity === 'high')
    req.verbosity = verbosity
  return req
}
