// Request checks the OpenAI Chat Completions API enforces, with its 400 wording (wire-protocols §3.1–3.3).
import { isObj, objs, str } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { openaiError } from './openai-errors.js'

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function']

const invalid = (message: string, param: string | null, code: string | null = null): Obj =>
  openaiError(message, 'invalid_request_error', param, code)

const badName = (param: string): Obj =>
  invalid(
    `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.`,
    param,
    'invalid_value',
  )

/**
 * Top-level fields of the Responses and Anthropic Messages APIs that Chat Completions does not have: OpenAI
 * refuses them ("Unrecognized request argument supplied"), so a translation that leaks one fails here too.
 * Other unknown fields pass, as OpenAI-compatible servers (vLLM, Ollama) take their own extras.
 */
const FOREIGN_FIELDS = [
  'input',
  'instructions',
  'include',
  'reasoning',
  'text',
  'max_output_tokens',
  'previous_response_id',
  'truncation',
  'conversation',
  'background',
  'system',
  'stop_sequences',
  'thinking',
  'top_k',
  'output_config',
  'context_management',
  'container',
  'mcp_servers',
]

/** The first violation as an OpenAI error envelope, or undefined when the request is acceptable. */
export function validateChatRequest(body: Obj): Obj | undefined {
  const foreign = FOREIGN_FIELDS.find((k) => k in body)
  if (foreign !== undefined)
    return invalid(`Unrecognized request argument supplied: ${foreign}`, null)
  if (str(body.model) === undefined) return invalid('you must provide a model parameter', null)
  if (!Array.isArray(body.messages)) {
    return invalid(
      "Missing required parameter: 'messages'.",
      'messages',
      'missing_required_parameter',
    )
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return invalid(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    )
  }
  if (Array.isArray(body.tools) && body.tools.length === 0) {
    return invalid(
      "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'tools',
      'empty_array',
    )
  }
  for (const [i, tool] of objs(body.tools).entries()) {
    if (tool.type !== 'function') continue
    const fn = isObj(tool.function) ? tool.function : {}
    if (!FUNCTION_NAME.test(str(fn.name) ?? '')) return badName(`tools[${i}].function.name`)
  }
  return validateMessages(objs(body.messages))
}

/** Chat takes `detail` auto, low or high only; Codex's Responses-only "original" is refused. */
function badDetail(i: number, message: Obj): Obj | undefined {
  for (const [j, part] of objs(message.content).entries()) {
    const image = isObj(part.image_url) ? part.image_url : undefined
    const detail = image?.detail
    if (detail === undefined || detail === 'auto' || detail === 'low' || detail === 'high') continue
    return invalid(
      `Invalid value: '${String(detail)}'. Supported values are: 'auto', 'low', and 'high'.`,
      `messages[${i}].content[${j}].image_url.detail`,
      'invalid_value',
    )
  }
  return undefined
}

function validateMessages(messages: Obj[]): Obj | undefined {
  let offered = new Set<string>()
  let pending: string[] = []
  for (const [i, message] of messages.entries()) {
    const detailProblem = badDetail(i, message)
    if (detailProblem !== undefined) return detailProblem
    const role = str(message.role) ?? ''
    if (!ROLES.includes(role)) {
      return invalid(
        `Invalid value: '${role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      )
    }
    if (role === 'tool') {
      const id = str(message.tool_call_id) ?? ''
      if (!offered.has(id)) {
        return invalid(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        )
      }
      if (objs(message.content).some((p) => p.type !== 'text')) {
        return invalid(
          `Invalid 'messages[${i}]'. Image URLs are only allowed for messages with role 'user', but this message with role 'tool' contains an image URL.`,
          `messages[${i}]`,
          'invalid_value',
        )
      }
      pending = pending.filter((p) => p !== id)
      continue
    }
    if (pending.length > 0) return unanswered(i, pending)
    offered = new Set()
    if (role !== 'assistant') continue
    const problem = validateAssistant(i, message)
    if (problem !== undefined) return problem
    pending = objs(message.tool_calls).map((call) => str(call.id) ?? '')
    offered = new Set(pending)
  }
  return pending.length > 0 ? unanswered(messages.length, pending) : undefined
}

function unanswered(i: number, ids: string[]): Obj {
  return invalid(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids.join(', ')}`,
    `messages.[${i}].role`,
  )
}

function validateAssistant(i: number, message: Obj): Obj | undefined {
  const calls = objs(message.tool_calls)
  if (calls.length === 0 && (message.content === null || message.content === undefined)) {
    return invalid(
      "Invalid value for 'content': expected a string, got null.",
      `messages.[${i}].content`,
    )
  }
  for (const [j, call] of calls.entries()) {
    const id = str(call.id) ?? ''
    if (id.length > 40) {
      return invalid(
        `Invalid 'messages[${i}].tool_calls[${j}].id': string too long. Expected a string with maximum length 40, but got a string with length ${id.length} instead.`,
        `messages[${i}].tool_calls[${j}].id`,
        'string_above_max_length',
      )
    }
    if (call.type !== 'function') continue
    const fn = isObj(call.function) ? call.function : {}
    if (!FUNCTION_NAME.test(str(fn.name) ?? '')) {
      return badName(`messages[${i}].tool_calls[${j}].function.name`)
    }
    if (typeof fn.arguments !== 'string') {
      return invalid(
        `Invalid type for 'messages[${i}].tool_calls[${j}].function.arguments': expected a string, but got ${fn.arguments === undefined ? 'nothing' : typeof fn.arguments} instead.`,
        `messages[${i}].tool_calls[${j}].function.arguments`,
        'invalid_type',
      )
    }
  }
  return undefined
}
