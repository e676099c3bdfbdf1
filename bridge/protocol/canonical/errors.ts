// Failures in one vocabulary, with the single table from kind to HTTP status and to each dialect's
// error type (wire-protocols §1.8, §2.6, §4.8). Codecs build envelopes from these; nothing else maps.

export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'billing'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'api_error'
  | 'timeout'
  | 'overloaded'

export interface CanonicalError {
  kind: ErrorKind
  message: string
  /** HTTP status to answer with; defaults to the kind's status. */
  status?: number
  /** Machine code (`context_length_exceeded`, `usage_limit_reached`, `model_not_found`…). */
  code?: string
  /** The offending field, when a request was invalid. */
  param?: string
  retryAfterSeconds?: number
  /** Token counts of a context-window overflow that the upstream sent as fields (llama.cpp), not in words. */
  overflow?: { tokens?: number; limit?: number }
}

export function statusForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid_request':
      return 400
    case 'authentication':
      return 401
    case 'billing':
      return 402
    case 'permission':
      return 403
    case 'not_found':
      return 404
    case 'request_too_large':
      return 413
    case 'rate_limit':
      return 429
    case 'api_error':
      return 500
    case 'timeout':
      return 504
    case 'overloaded':
      return 529
  }
}

export function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request'
  if (status === 401) return 'authentication'
  if (status === 402) return 'billing'
  if (status === 403) return 'permission'
  if (status === 404) return 'not_found'
  if (status === 413) return 'request_too_large'
  if (status === 429) return 'rate_limit'
  if (status === 408 || status === 504) return 'timeout'
  if (status === 503 || status === 529) return 'overloaded'
  if (status >= 400 && status < 500) return 'invalid_request'
  return 'api_error'
}

export function isRetryable(kind: ErrorKind): boolean {
  return (
    kind === 'rate_limit' || kind === 'api_error' || kind === 'timeout' || kind === 'overloaded'
  )
}

export function anthropicErrorType(kind: ErrorKind): string {
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error'
    case 'authentication':
      return 'authentication_error'
    case 'billing':
      return 'billing_error'
    case 'permission':
      return 'permission_error'
    case 'not_found':
      return 'not_found_error'
    case 'request_too_large':
      return 'request_too_large'
    case 'rate_limit':
      return 'rate_limit_error'
    case 'api_error':
      return 'api_error'
    case 'timeout':
      return 'timeout_error'
    case 'overloaded':
      return 'overloaded_error'
  }
}

export function kindFromAnthropicType(type: unknown, status?: number): ErrorKind {
  switch (type) {
    case 'invalid_request_error':
      return 'invalid_request'
    case 'authentication_error':
      return 'authentication'
    case 'billing_error':
      return 'billing'
    case 'permission_error':
      return 'permission'
    case 'not_found_error':
      return 'not_found'
    case 'request_too_large':
      return 'request_too_large'
    case 'rate_limit_error':
      return 'rate_limit'
    case 'timeout_error':
      return 'timeout'
    case 'overloaded_error':
      return 'overloaded'
    case 'api_error':
      return 'api_error'
    default:
      return status ? kindForStatus(status) : 'api_error'
  }
}

/** OpenAI's `error.type` and default `code` for a kind (shared by Chat Completions and Responses). */
export function openaiErrorType(kind: ErrorKind): { type: string; code: string | null } {
  switch (kind) {
    case 'invalid_request':
      return { type: 'invalid_request_error', code: null }
    case 'authentication':
      return { type: 'authentication_error', code: 'invalid_api_key' }
    case 'billing':
      return { type: 'insufficient_quota', code: 'insufficient_quota' }
    case 'permission':
      return { type: 'permission_error', code: null }
    case 'not_found':
      return { type: 'not_found_error', code: 'model_not_found' }
    case 'request_too_large':
      return { type: 'invalid_request_error', code: 'request_too_large' }
    case 'rate_limit':
      return { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' }
    case 'api_error':
      return { type: 'server_error', code: 'server_error' }
    case 'timeout':
      return { type: 'server_error', code: 'timeout' }
    case 'overloaded':
      return { type: 'server_error', code: 'server_is_overloaded' }
  }
}

/** OpenAI clients rarely know 529; overloaded goes out as 503 on the OpenAI dialects. */
export function openaiStatus(err: CanonicalError): number {
  const status = err.status ?? statusForKind(err.kind)
  return status === 529 ? 503 : status
}

export function kindFromOpenAI(type: unknown, code: unknown, status?: number): ErrorKind {
  if (
    code === 'rate_limit_exceeded' ||
    code === 'usage_limit_reached' ||
    type === 'rate_limit_exceeded'
  )
    return 'rate_limit'
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'billing'
  if (code === 'context_length_exceeded' || type === 'invalid_request_error')
    return 'invalid_request'
  if (type === 'authentication_error' || code === 'invalid_api_key') return 'authentication'
  if (type === 'permission_error') return 'permission'
  if (type === 'not_found_error' || code === 'model_not_found') return 'not_found'
  if (code === 'server_is_overloaded' || code === 'service_unavailable') return 'overloaded'
  if (status) return kindForStatus(status)
  return 'api_error'
}

/** Codex parses "try again in Ns" from messages to time its retry; add it when we know the delay. */
export function withRetryHint(err: CanonicalError): string {
  if (err.retryAfterSeconds === undefined || /try again in/i.test(err.message)) return err.message
  return `${err.message} Please try again in ${Math.ceil(err.retryAfterSeconds)}s.`
}

/** Thrown by request decoders for input the dialect rejects; carries the client-facing error. */
export class ProtocolError extends Error {
  readonly error: CanonicalError
  constructor(error: CanonicalError) {
    super(error.message)
    this.name = 'ProtocolError'
    this.error = error
  }
}

export function invalidRequest(message: string, param?: string): ProtocolError {
  return new ProtocolError(
    param === undefined
      ? { kind: 'invalid_request', message }
      : { kind: 'invalid_request', message, param },
  )
}
