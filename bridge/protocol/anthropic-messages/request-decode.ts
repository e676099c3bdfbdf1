// Anthropic request body → CanonicalRequest, validating what the API itself would reject (§1.2).
import { invalidRequest } from '../canonical/errors.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject } from '../canonical/json.js'
import type { CanonicalRequest } from '../canonical/request.js'
import { decodeMessage, decodeSystem } from './decode-content.js'
import {
  decodeReasoning,
  decodeResponseFormat,
  decodeToolChoice,
  decodeTools,
} from './decode-options.js'
import {
  asArray,
  describe,
  join,
  objectField,
  optBoolean,
  optNumber,
  reqString,
  stringField,
} from './fields.js'

/** Fields only Anthropic understands; kept in `extras` so an Anthropic upstream still receives them. */
export const ANTHROPIC_ONLY_FIELDS = [
  'context_management',
  'container',
  'mcp_servers',
  'service_tier',
  'cache_control',
  'inference_geo',
] as const

export interface AnthropicDecodeOptions {
  /** count_tokens bodies have no `max_tokens`. */
  requireMaxTokens?: boolean
}

export function decodeAnthropicRequest(
  body: unknown,
  options: AnthropicDecodeOptions = {},
): CanonicalRequest {
  if (!isJsonObject(body))
    throw invalidRequest(`Request body must be a JSON object, got ${describe(body)}`)
  const model = reqString(body, 'model')
  if (model === '') throw invalidRequest('model: must not be empty', 'model')

  const maxTokens = optNumber(body, 'max_tokens')
  if (maxTokens === undefined && options.requireMaxTokens !== false) {
    throw invalidRequest('max_tokens: Field required', 'max_tokens')
  }
  if (maxTokens !== undefined && (maxTokens < 0 || !Number.isInteger(maxTokens))) {
    throw invalidRequest('max_tokens: must be a non-negative integer', 'max_tokens')
  }

  const messages = asArray(body['messages'] ?? missing('messages'), 'messages').map((m, i) =>
    decodeMessage(m, join('messages', i)),
  )
  const outputConfig =
    body['output_config'] === undefined || body['output_config'] === null
      ? undefined
      : (objectField(body, 'output_config') ?? badType('output_config', body['output_config']))

  const req: CanonicalRequest = {
    model,
    system: decodeSystem(body['system']),
    messages,
    tools: decodeTools(body['tools']),
    stream: optBoolean(body, 'stream') ?? false,
    extras: { dialect: 'anthropic-messages', fields: extras(body) },
  }
  if (maxTokens !== undefined) req.maxOutputTokens = maxTokens
  Object.assign(req, decodeToolChoice(body['tool_choice']))

  const temperature = optNumber(body, 'temperature')
  if (temperature !== undefined) req.temperature = temperature
  const topP = optNumber(body, 'top_p')
  if (topP !== undefined) req.topP = topP
  const topK = optNumber(body, 'top_k')
  if (topK !== undefined) req.topK = topK

  const stops = body['stop_sequences']
  if (stops !== undefined && stops !== null) {
    req.stopSequences = asArray(stops, 'stop_sequences').map((s, i) => {
      if (typeof s !== 'string')
        throw invalidRequest(`stop_sequences.${i}: expected a string`, `stop_sequences.${i}`)
      return s
    })
  }

  const reasoning = decodeReasoning(body['thinking'], outputConfig)
  if (reasoning !== undefined) req.reasoning = reasoning
  const format = decodeResponseFormat(outputConfig, body['output_format'])
  if (format !== undefined) req.responseFormat = format

  const metadata = body['metadata']
  if (metadata !== undefined && metadata !== null && !isJsonObject(metadata))
    badType('metadata', metadata)
  const user = stringField(metadata, 'user_id')
  if (user !== undefined) req.user = user
  return req
}

function missing(field: string): never {
  throw invalidRequest(`${field}: Field required`, field)
}

function badType(field: string, value: unknown): never {
  throw invalidRequest(`${field}: expected an object, got ${describe(value)}`, field)
}

function extras(body: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const key of ANTHROPIC_ONLY_FIELDS) {
    const value = body[key]
    if (value !== undefined) out[key] = value
  }
  return out
}
