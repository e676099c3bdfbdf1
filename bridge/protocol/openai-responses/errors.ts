// Responses error envelopes (HTTP bodies shared with Chat Completions) and upstream failures in canonical form.
import type { CanonicalError } from '../canonical/errors.js'
import {
  kindFromOpenAI,
  openaiErrorType,
  openaiStatus,
  withRetryHint,
} from '../canonical/errors.js'
import type { JsonObject } from '../canonical/json.js'
import { normalizeOverflow } from '../canonical/context-overflow.js'
import type { Obj } from './read.js'
import { asNum, asObj, asStr, retryAfterFromMessage } from './read.js'

export function encodeError(raw: CanonicalError): { status: number; body: JsonObject } {
  const error = normalizeOverflow(raw)
  const { type, code } = openaiErrorType(error.kind)
  return {
    status: openaiStatus(error),
    body: {
      error: {
        message: withRetryHint(error),
        type,
        param: error.param ?? null,
        code: error.code ?? code,
      },
    },
  }
}

/** The `code` a Responses client switches on for a failure (Codex: rate_limit_exceeded, context_length_exceeded…). */
export function failureCode(raw: CanonicalError): string {
  const error = normalizeOverflow(raw)
  const { type, code } = openaiErrorType(error.kind)
  return error.code ?? code ?? type
}

/** A failure object from `response.failed`, an `error` event or an HTTP body's `error`. */
export function upstreamError(
  e: Obj | undefined,
  fallback: string,
  status?: number,
): CanonicalError {
  const message = asStr(e?.['message']) || fallback
  const code = asStr(e?.['code'])
  const type = asStr(e?.['type'])
  const wireStatus = status ?? asNum(e?.['status_code']) ?? asNum(e?.['status'])
  // The ChatGPT backend names its quota errors in `type` (usage_limit_reached) rather than `code`.
  const err: CanonicalError = { kind: kindFromOpenAI(type, code ?? type, wireStatus), message }
  const machineCode =
    code ?? (type && type !== 'invalid_request_error' && type !== 'server_error' ? type : undefined)
  if (machineCode) err.code = machineCode
  if (wireStatus !== undefined) err.status = wireStatus
  const param = asStr(e?.['param'])
  if (param) err.param = param
  const retry = asNum(e?.['resets_in_seconds']) ?? retryAfterFromMessage(message)
  if (retry !== undefined) err.retryAfterSeconds = retry
  return err
}

/** Reads OpenAI `{error:{…}}`, the ChatGPT gateway's `{detail}` and OAuth-style `{error, error_description}`. */
export function decodeError(status: number, body: unknown): CanonicalError {
  const o = asObj(body)
  const fallback = `The upstream answered HTTP ${status}.`
  const nested = asObj(o?.['error'])
  if (nested) return upstreamError(nested, fallback, status)
  if (typeof o?.['error'] === 'string') {
    const code = o['error']
    const message = asStr(o['error_description']) ?? asStr(o['message']) ?? code
    return upstreamError({ message, code }, fallback, status)
  }
  const detail = o?.['detail']
  if (typeof detail === 'string') return upstreamError({ message: detail }, fallback, status)
  if (typeof body === 'string' && body.trim() !== '')
    return upstreamError({ message: body.trim().slice(0, 2000) }, fallback, status)
  return upstreamError(undefined, fallback, status)
}
