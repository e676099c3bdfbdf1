// Upstream failures turned into canonical errors that keep the upstream's status, message and retry hint.
import { BridgeError } from '../errors.js'
import type { CanonicalError } from '../protocol/canonical/errors.js'
import type { DialectCodec } from '../protocol/codec.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export function parseRetryAfter(headers: Record<string, string>): number | undefined {
  const ms = headers['retry-after-ms']
  if (ms && Number.isFinite(Number(ms))) return Number(ms) / 1000
  const value = headers['retry-after']
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined
}

/** An upstream HTTP error, read in the upstream's dialect, to be re-rendered in the client's. */
export function upstreamFailure(
  codec: DialectCodec,
  status: number,
  text: string,
  headers: Record<string, string>,
): BridgeError {
  let parsed: unknown = text
  try {
    parsed = parseJson(text)
  } catch {
    // A non-JSON error page: decodeError falls back to the status and the raw text.
  }
  const error: CanonicalError = { ...codec.decodeError(status, parsed), status }
  if (!error.message) error.message = `The upstream answered HTTP ${status}.`
  const retryAfter = parseRetryAfter(headers)
  if (retryAfter !== undefined) error.retryAfterSeconds = retryAfter
  const relay: Record<string, string> = {}
  for (const k of ['retry-after', 'retry-after-ms']) if (headers[k]) relay[k] = headers[k]
  return new BridgeError('BRIDGE_UPSTREAM_HTTP', error, { headers: relay })
}

export function midStreamFailure(err: unknown): CanonicalError {
  const code = (err as { code?: unknown }).code
  const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)
  return {
    kind: 'api_error',
    status: 502,
    message: `The upstream connection broke mid-stream (${detail}).`,
  }
}
