// The non-streaming Responses object (§2.4) ↔ CanonicalResponse, and the response envelope the stream reuses.
import type { StreamDecoderOptions, StreamEncoderOptions } from '../codec.js'
import { ProtocolError } from '../canonical/errors.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type { CanonicalRequest } from '../canonical/request.js'
import { toolNamespaces } from '../canonical/request.js'
import type { CanonicalResponse } from '../canonical/response.js'
import { stopReasonFromResponses, stopReasonToResponses } from '../canonical/stop-reason.js'
import { mergeUsage, usageFromResponses, usageToResponses, ZERO_USAGE } from '../canonical/usage.js'
import { upstreamError } from './errors.js'
import { outputItemsToParts } from './output-item-parts.js'
import { partsToOutputItems } from './output-items.js'
import { asArr, asObj, asStr } from './read.js'
import {
  encodeReasoning,
  encodeText,
  encodeToolChoice,
  encodeTools,
  joinSystem,
} from './request-encode.js'

function echoedString(req: CanonicalRequest | undefined, key: string): string | null {
  const value = req?.extras.dialect === 'openai-responses' ? req.extras.fields[key] : undefined
  return typeof value === 'string' ? value : null
}

/** Request fields a Responses object repeats back, taken from the client's decoded request. */
export function echoFields(req: CanonicalRequest | undefined): JsonObject {
  const reasoning = encodeReasoning(req?.reasoning)
  const text: JsonObject = { format: { type: 'text' }, ...(req ? encodeText(req) : {}) }
  return {
    instructions: req && req.system.length > 0 ? joinSystem(req) : null,
    max_output_tokens: req?.maxOutputTokens ?? null,
    parallel_tool_calls: req?.parallelToolCalls ?? true,
    // Switchboard's response store resolved it into the input; the answer still names it, as OpenAI's does.
    previous_response_id: echoedString(req, 'previous_response_id'),
    reasoning: { effort: reasoning?.['effort'] ?? null, summary: reasoning?.['summary'] ?? null },
    // True only when the client (or Switchboard's response store, which sets it) asked for the answer to be kept.
    store: req?.extras.dialect === 'openai-responses' && req.extras.fields['store'] === true,
    temperature: req?.temperature ?? 1,
    text,
    tool_choice:
      req?.toolChoice !== undefined ? encodeToolChoice(req.toolChoice, req.tools) : 'auto',
    tools: req ? encodeTools(req.tools, () => undefined) : [],
    top_p: req?.topP ?? 1,
    truncation: 'disabled',
    user: req?.user ?? null,
    metadata: req?.metadata ? { ...req.metadata } : {},
  }
}

export interface EnvelopeInput {
  id: string
  createdAt: number
  model: string
  request: CanonicalRequest | undefined
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed'
  output: JsonObject[]
  usage: JsonValue
  error?: JsonObject
  incompleteReason?: string
  /** Added to the metadata the request carried (the upstream's own, e.g. a thread id). */
  metadata?: Readonly<Record<string, string>>
}

export function responseEnvelope(p: EnvelopeInput): JsonObject {
  return {
    ...envelopeHead(p),
    ...envelopeEcho(p.request, p.metadata),
    model: p.model,
    output: p.output,
    usage: p.usage,
  }
}

/** The envelope's members before the request's echo: the ones that change as a stream goes on. */
export function envelopeHead(
  p: Pick<EnvelopeInput, 'id' | 'createdAt' | 'status' | 'error' | 'incompleteReason'>,
): JsonObject {
  return {
    id: p.id,
    object: 'response',
    created_at: p.createdAt,
    status: p.status,
    background: false,
    error: p.error ?? null,
    incomplete_details: p.incompleteReason ? { reason: p.incompleteReason } : null,
  }
}

/** The request's echo with the upstream's metadata merged in: the same in every envelope of a stream. */
export function envelopeEcho(
  request: CanonicalRequest | undefined,
  metadata: Readonly<Record<string, string>> | undefined,
): JsonObject {
  const echo = echoFields(request)
  if (!metadata) return echo
  const own = echo['metadata']
  return { ...echo, metadata: { ...(isJsonObject(own) ? own : {}), ...metadata } }
}

export function encodeResponse(
  response: CanonicalResponse,
  options: StreamEncoderOptions,
): JsonObject {
  const id = options.newId('resp_')
  const output = partsToOutputItems(
    response.content,
    (prefix) => options.newId(prefix),
    toolNamespaces(options.request),
  )
  const outcome = stopReasonToResponses(response.stopReason)
  const envelope: EnvelopeInput = {
    id,
    createdAt: Math.floor(options.now() / 1000),
    model: options.model,
    request: options.request,
    status: outcome.status,
    output,
    usage: usageToResponses(response.usage),
  }
  if (outcome.status === 'incomplete') envelope.incompleteReason = outcome.reason
  return responseEnvelope(envelope)
}

export function decodeResponse(body: unknown, options: StreamDecoderOptions): CanonicalResponse {
  const r = asObj(body)
  const output = asArr(r?.['output'])
  if (!r || !output) {
    throw new ProtocolError({
      kind: 'api_error',
      status: 502,
      message: 'The upstream answer is not a Responses object.',
    })
  }
  const status = asStr(r['status'])
  if (status === 'failed' || status === 'cancelled') {
    throw new ProtocolError(upstreamError(asObj(r['error']), `The upstream response ${status}.`))
  }
  const content = outputItemsToParts(
    output.flatMap((item) => {
      const o = asObj(item)
      return o ? [o] : []
    }),
  )
  const sawToolCall = content.some((p) => p.type === 'tool_call')
  const reason = asObj(r['incomplete_details'])?.['reason']
  return {
    id: asStr(r['id']) || options.newId('resp_'),
    model: asStr(r['model']) ?? options.request?.model ?? '',
    content,
    stopReason: stopReasonFromResponses(status, reason, sawToolCall),
    usage: mergeUsage(
      ZERO_USAGE,
      usageFromResponses(r['usage'], content.filter((p) => p.type === 'web_search_call').length),
    ),
  }
}
