// The stream's response envelopes as JSON text: the request's echo (instructions and tools, often most of the
// envelope) written once per stream, and the output items as the texts their `output_item.done` frames carried.
import type { CanonicalRequest } from '../canonical/request.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type { EnvelopeInput } from './response.js'
import { envelopeEcho, envelopeHead } from './response.js'

export interface EnvelopeText {
  /** The text `JSON.stringify(responseEnvelope(...))` gives for the same values, output items given as text. */
  (
    status: EnvelopeInput['status'],
    output: readonly string[],
    usage: JsonValue,
    extra?: Pick<EnvelopeInput, 'error' | 'incompleteReason'>,
  ): string
}

/** Envelopes for one stream; `metadata` is read at the first envelope, when the stream starts. */
export function envelopeText(
  id: string,
  createdAt: number,
  model: string,
  request: CanonicalRequest | undefined,
  metadata: () => Readonly<Record<string, string>> | undefined,
): EnvelopeText {
  /** The echo's members, as they stand inside the envelope's braces. */
  let echo: string | undefined
  const modelText = `,"model":${JSON.stringify(model)}`
  return (status, output, usage, extra = {}) => {
    echo ??= members(envelopeEcho(request, metadata()))
    const head = members(envelopeHead({ id, createdAt, status, ...extra }))
    return `{${head}${echo === '' ? '' : ','}${echo}${modelText},"output":[${output.join(',')}],"usage":${JSON.stringify(usage)}}`
  }
}

/** An object's JSON text without its braces. */
function members(value: JsonObject): string {
  return JSON.stringify(value).slice(1, -1)
}
