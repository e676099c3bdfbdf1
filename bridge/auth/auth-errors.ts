// Sign-in and token failures with stable codes the CLI, the tray and the provider can branch on.
export type AuthErrorCode =
  | 'not_signed_in'
  | 'refresh_failed'
  | 'refresh_unavailable'
  | 'login_timeout'
  | 'login_cancelled'
  | 'login_denied'
  | 'callback_port_busy'
  | 'token_exchange_failed'
  | 'device_code_unsupported'
  | 'device_code_expired'
  | 'device_code_failed'
  | 'codex_import_failed'
  | 'store_failed'

export class AuthError extends Error {
  readonly code: AuthErrorCode
  constructor(code: AuthErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AuthError'
    this.code = code
  }
}

export const SIGN_IN_AGAIN = 'Sign in again with `switchboard login`.'
