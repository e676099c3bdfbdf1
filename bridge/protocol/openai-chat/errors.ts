// The OpenAI error envelope for Chat Completions, both as an HTTP body and as a mid-stream chunk (wire-protocols §2.6, §3.7).
import type { CanonicalError } from '../canonical/errors.js'
import {
  kindFromOpenAI,
  openaiErrorType,
  openaiStatus,
  statusForKind,
  withRetryHint,
} from '../canonical/errors.js'
import type { JsonObject } from '../canonical/json.js'
import { CONTEXT_LENGTH_EXCEEDED, normalizeOverflow } from '../canonical/context-overflow.js'
import { asObj, str } from './read.js'
import { parseJson } from '../canonical/read-json.js'

export function errorObject(error: CanonicalError): JsonObject {
  const err = normalizeOverflow(error)
  const { type, code } = openaiErrorType(err.kind)
  return { message: withRetryHint(err), type, param: err.param ?? null, code: err.code ?? code }
}

export function encodeError(err: CanonicalError): { status: number; body: JsonObject } {
  return { status: openaiStatus(normalizeOverflow(err)), body: { error: errorObject(err) } }
}

/** Reads `{error:{message,type,code,param}}` (or a bare error object / string) from any upstream source. */
export function errorFromPayload(payload: unknown, status?: number): CanonicalError {
  const root = asObj(payload)
  const errorField = root?.['error']
  const inner = asObj(errorField) ?? root
  const message =
    str(inner?.['message']) ??
    (typeof errorField === 'string' ? errorField : undefined) ??
    (status ? `upstream returned HTTP ${status}` : 'upstream error')
  const type = inner?.['type']
  const rawCode = inner?.['code']
  const code =
    typeof rawCode === 'string'
      ? rawCode
      : typeof rawCode === 'number'
        ? String(rawCode)
        : undefined
  const kind = kindFromOpenAI(type, code, status)
  const err: CanonicalError = { kind, message }
  if (status !== undefined && status !== statusForKind(kind)) err.status = status
  if (code !== undefined) err.code = code
  const param = str(inner?.['param'])
  if (param !== undefined) err.param = param
  // llama.cpp names an overflow `exceed_context_size_error` and gives the counts as fields.
  if (type === 'exceed_context_size_error') {
    err.code = CONTEXT_LENGTH_EXCEEDED
    const tokens = inner?.['n_prompt_tokens']
    const limit = inner?.['n_ctx']
    err.overflow = {
      ...(typeof tokens === 'number' ? { tokens } : {}),
      ...(typeof limit === 'number' ? { limit } : {}),
    }
  }
  return err
}

export function decodeError(status: number, body: unknown): CanonicalError {
  let payload = body
  if (typeof body === 'string') {
    try {
      payload = parseJson(body)
    } catch {
      payload = { error: { message: body.trim() || `upstream returned HTTP ${status}` } }
    }
  }
  return errorFromPayload(payload, status)
}
