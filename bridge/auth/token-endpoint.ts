// Calls to the issuer's token and revoke endpoints, with both error body shapes parsed and refresh failures classified.
import { endpoints } from './auth-config.js'
import type { AuthConfig, BodyEncoding } from './auth-config.js'
import { tryParseJson } from '../protocol/canonical/read-json.js'

export interface TokenResponse {
  id_token?: string
  access_token?: string
  refresh_token?: string
  expires_in?: number
}

/** Codes after which the refresh token is dead and only a new sign-in helps (codex `classify_refresh_token_failure`). */
const PERMANENT_CODES = new Set([
  'refresh_token_expired',
  'refresh_token_reused',
  'refresh_token_invalidated',
  'invalid_grant',
])

export class TokenEndpointError extends Error {
  /** 0 when the issuer could not be reached. */
  readonly status: number
  readonly errorCode: string | undefined
  /** True when retrying with the same refresh token cannot work. */
  readonly permanent: boolean
  constructor(status: number, errorCode: string | undefined, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'TokenEndpointError'
    this.status = status
    this.errorCode = errorCode
    this.permanent =
      status === 400 ||
      status === 401 ||
      (errorCode !== undefined && PERMANENT_CODES.has(errorCode))
  }
}

export interface CallOptions {
  signal?: AbortSignal
}

export async function exchangeAuthorizationCode(
  config: AuthConfig,
  params: { code: string; redirectUri: string; codeVerifier: string },
  options: CallOptions = {},
): Promise<
  Required<Pick<TokenResponse, 'id_token' | 'access_token' | 'refresh_token'>> & TokenResponse
> {
  const body = {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    client_id: config.clientId,
    code_verifier: params.codeVerifier,
  }
  const result = await postToIssuer(config, endpoints.token(config), body, 'form', options)
  const tokens = asTokenResponse(result)
  const { id_token, access_token, refresh_token } = tokens
  if (id_token === undefined || access_token === undefined || refresh_token === undefined) {
    throw new TokenEndpointError(
      200,
      undefined,
      'The token endpoint answered without id_token, access_token and refresh_token.',
    )
  }
  return { ...tokens, id_token, access_token, refresh_token }
}

export async function requestTokenRefresh(
  config: AuthConfig,
  refreshToken: string,
  options: CallOptions = {},
): Promise<TokenResponse & { access_token: string }> {
  const body = {
    client_id: config.clientId,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  }
  const tokens = asTokenResponse(
    await postToIssuer(config, endpoints.token(config), body, config.refreshEncoding, options),
  )
  const accessToken = tokens.access_token
  if (accessToken === undefined) {
    throw new TokenEndpointError(
      200,
      undefined,
      'The token endpoint answered a refresh without an access_token.',
    )
  }
  return { ...tokens, access_token: accessToken }
}

/** Best effort (RFC 7009 style); returns whether the issuer accepted it. */
export async function revokeToken(
  config: AuthConfig,
  token: string,
  hint: 'refresh_token' | 'access_token',
  options: CallOptions = {},
): Promise<boolean> {
  try {
    await postToIssuer(
      config,
      endpoints.revoke(config),
      { token, token_type_hint: hint, client_id: config.clientId },
      config.revokeEncoding,
      options,
    )
    return true
  } catch {
    return false
  }
}

export async function postToIssuer(
  config: AuthConfig,
  url: string,
  body: Record<string, string>,
  encoding: BodyEncoding,
  options: CallOptions,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(config.requestTimeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type':
          encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      // Never carry a token to wherever a redirect points.
      redirect: 'error',
      signal,
    })
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    throw new TokenEndpointError(
      0,
      undefined,
      `Could not reach ${url}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    )
  }
  const text = await response.text()
  const json = tryParseJson(text)
  if (!response.ok) {
    const { code, message } = parseIssuerError(json)
    throw new TokenEndpointError(
      response.status,
      code,
      `${url} answered HTTP ${response.status}${code === undefined ? '' : ` (${code})`}${message === undefined ? '' : `: ${message}`}`,
    )
  }
  return json
}

/** `{"error":"code","error_description":"…"}` (OAuth) or `{"error":{"code":"…","message":"…"}}` (OpenAI). */
export function parseIssuerError(body: unknown): {
  code: string | undefined
  message: string | undefined
} {
  if (typeof body !== 'object' || body === null) return { code: undefined, message: undefined }
  const record = body as Record<string, unknown>
  const error = record['error']
  if (typeof error === 'string') return { code: error, message: str(record['error_description']) }
  if (typeof error === 'object' && error !== null) {
    const inner = error as Record<string, unknown>
    return { code: str(inner['code']) ?? str(inner['type']), message: str(inner['message']) }
  }
  return { code: str(record['code']), message: str(record['message']) ?? str(record['detail']) }
}

function asTokenResponse(body: unknown): TokenResponse {
  if (typeof body !== 'object' || body === null) {
    throw new TokenEndpointError(
      200,
      undefined,
      'The token endpoint answered with something that is not a JSON object.',
    )
  }
  const r = body as Record<string, unknown>
  const expires = r['expires_in']
  const expiresIn =
    typeof expires === 'number'
      ? expires
      : typeof expires === 'string' && expires.trim() !== ''
        ? Number(expires)
        : undefined
  return {
    id_token: str(r['id_token']),
    access_token: str(r['access_token']),
    refresh_token: str(r['refresh_token']),
    expires_in: expiresIn !== undefined && Number.isFinite(expiresIn) ? expiresIn : undefined,
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
