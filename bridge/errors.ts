// Gateway failures with stable codes; each one carries the canonical error the client's dialect renders.
import type { CanonicalError, ErrorKind } from './protocol/canonical/errors.js'
import { ProtocolError } from './protocol/canonical/errors.js'
import { ProviderUnavailableError } from './upstream/provider-unavailable.js'

export type BridgeCode =
  | 'BRIDGE_BAD_REQUEST'
  | 'BRIDGE_AUTH_REQUIRED'
  | 'BRIDGE_FORBIDDEN'
  | 'BRIDGE_MODEL_NOT_FOUND'
  | 'BRIDGE_UNSUPPORTED_FEATURE'
  | 'BRIDGE_UPSTREAM_UNREACHABLE'
  | 'BRIDGE_UPSTREAM_HTTP'
  | 'BRIDGE_UPSTREAM_TIMEOUT'
  | 'BRIDGE_UPSTREAM_AUTH'
  | 'BRIDGE_RATE_LIMITED'
  | 'BRIDGE_INTERNAL'

export class BridgeError extends Error {
  readonly code: BridgeCode
  readonly error: CanonicalError
  /** Headers to pass to the client with the error (retry-after). */
  readonly headers: Record<string, string>

  constructor(
    code: BridgeCode,
    error: CanonicalError,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(error.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'BridgeError'
    this.code = code
    this.error = error
    this.headers = options.headers ?? {}
    if (error.retryAfterSeconds !== undefined && this.headers['retry-after'] === undefined) {
      this.headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds))
    }
  }
}

export function bridgeError(
  code: BridgeCode,
  kind: ErrorKind,
  message: string,
  extra: Partial<CanonicalError> = {},
): BridgeError {
  return new BridgeError(code, { ...extra, kind, message })
}

/** Any thrown value as a canonical error; internal details stay in the log, not in the client's message. */
export function toCanonicalError(err: unknown): {
  error: CanonicalError
  headers: Record<string, string>
  internal: boolean
} {
  if (err instanceof BridgeError)
    return { error: err.error, headers: err.headers, internal: err.code === 'BRIDGE_INTERNAL' }
  // A provider that stepped aside with nothing to fall back to: the client gets the provider's own error.
  if (err instanceof ProviderUnavailableError && err.cause instanceof BridgeError)
    return toCanonicalError(err.cause)
  if (err instanceof ProtocolError) return { error: err.error, headers: {}, internal: false }
  const fastifyLike = err as { statusCode?: unknown; code?: unknown; message?: unknown }
  if (typeof fastifyLike.statusCode === 'number' && fastifyLike.statusCode < 500) {
    return {
      error: fastifyError(
        fastifyLike.statusCode,
        String(fastifyLike.code ?? ''),
        String(fastifyLike.message ?? ''),
      ),
      headers: {},
      internal: false,
    }
  }
  return {
    error: {
      kind: 'api_error',
      message: 'Internal gateway error; see the Switchboard log for details.',
    },
    headers: {},
    internal: true,
  }
}

function fastifyError(status: number, code: string, message: string): CanonicalError {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'invalid_request', message: `The request body is not valid JSON: ${message}` }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        kind: 'request_too_large',
        message: 'The request body is larger than the gateway allows (setting server.bodyLimitMb).',
      }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        kind: 'invalid_request',
        status: 415,
        message: 'Unsupported content type: send the body as application/json.',
      }
    default:
      return { kind: status === 404 ? 'not_found' : 'invalid_request', status, message }
  }
}
