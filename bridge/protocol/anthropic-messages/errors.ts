// Anthropic error envelopes: HTTP bodies and the SSE `error` frame (wire-protocols §1.8, §4.8).
import {
  anthropicErrorType,
  kindFromAnthropicType,
  statusForKind,
  withRetryHint,
} from '../canonical/errors.js'
import type { CanonicalError } from '../canonical/errors.js'
import { contextOverflow, promptTooLongMessage } from '../canonical/context-overflow.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject } from '../canonical/json.js'
import type { SseFrame } from '../sse/frame.js'

export function errorBody(error: CanonicalError): JsonObject {
  const overflow = contextOverflow(error)
  // Claude Code compacts only on this wording (long-sessions §3.4), whatever the upstream said.
  const message = overflow ? promptTooLongMessage(overflow, error.message) : withRetryHint(error)
  const type = overflow ? 'invalid_request_error' : anthropicErrorType(error.kind)
  return { type: 'error', error: { type, message } }
}

export function encodeAnthropicError(error: CanonicalError): { status: number; body: JsonObject } {
  const status = contextOverflow(error) ? 400 : (error.status ?? statusForKind(error.kind))
  return { status, body: errorBody(error) }
}

export function errorFrame(error: CanonicalError): SseFrame {
  return { event: 'error', data: JSON.stringify(errorBody(error)) }
}

/** Reads `{type:"error", error:{type, message}}`; bodies of other shapes fall back to the status. */
export function decodeAnthropicError(status: number, body: unknown): CanonicalError {
  const envelope = isJsonObject(body) && isJsonObject(body['error']) ? body['error'] : undefined
  const type = envelope?.['type']
  const message = envelope?.['message']
  const text =
    typeof message === 'string' && message !== ''
      ? message
      : typeof body === 'string' && body.trim() !== ''
        ? body.trim().slice(0, 2000)
        : `upstream returned HTTP ${status}`
  return { kind: kindFromAnthropicType(type, status), status, message: text }
}
