// Device-code sign-in for machines without a browser (codex `device_code_auth.rs`): user code, polling, then the code exchange.
import { endpoints } from './auth-config.js'
import type { AuthConfig } from './auth-config.js'
import { AuthError } from './auth-errors.js'
import { exchangeAuthorizationCode, parseIssuerError } from './token-endpoint.js'
import { tokensFromResponse } from './token-set.js'
import type { StoredTokens } from './token-set.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export interface DeviceCodePrompt {
  /** Page where the user types the code. */
  verificationUrl: string
  userCode: string
  /** Epoch ms after which we stop polling. */
  expiresAt: number
}

export interface DeviceLoginOptions {
  config: AuthConfig
  onUserCode: (prompt: DeviceCodePrompt) => void
  persist?: (tokens: StoredTokens) => Promise<void>
  signal?: AbortSignal
  /** Injectable for tests; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  now?: () => number
}

/** RFC 8628 adds 5 s on `slow_down`; the issuer's device endpoints follow that where they say so. */
const SLOW_DOWN_STEP_MS = 5_000
const DEFAULT_INTERVAL_S = 5

export async function loginWithDeviceCode(options: DeviceLoginOptions): Promise<StoredTokens> {
  const { config, signal } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? abortableSleep
  const start = await requestUserCode(config, signal)
  const expiresAt = now() + config.deviceCodeTimeoutMs
  options.onUserCode({
    verificationUrl: endpoints.deviceVerification(config),
    userCode: start.userCode,
    expiresAt,
  })

  let intervalMs = start.intervalS * 1000
  for (;;) {
    if (now() >= expiresAt) throw expired()
    try {
      await sleep(intervalMs, signal)
    } catch (cause) {
      throw new AuthError('login_cancelled', 'Sign-in was cancelled.', { cause })
    }
    if (now() >= expiresAt) throw expired()
    const poll = await pollOnce(config, start, signal)
    switch (poll.kind) {
      case 'pending':
        continue
      case 'slow_down':
        intervalMs += SLOW_DOWN_STEP_MS
        continue
      case 'expired':
        throw expired()
      case 'approved': {
        const response = await exchangeAuthorizationCode(
          config,
          {
            code: poll.code,
            redirectUri: endpoints.deviceRedirect(config),
            codeVerifier: poll.verifier,
          },
          { signal },
        ).catch((cause: unknown) => {
          throw new AuthError(
            'token_exchange_failed',
            `Signing in failed while exchanging the code: ${messageOf(cause)}`,
            { cause },
          )
        })
        const tokens = tokensFromResponse(
          response,
          { ...response, account_id: null, mode: 'own' },
          now(),
        )
        await options.persist?.(tokens)
        return tokens
      }
    }
  }
}

interface UserCodeStart {
  deviceAuthId: string
  userCode: string
  intervalS: number
}

type PollResult =
  | { kind: 'pending' }
  | { kind: 'slow_down' }
  | { kind: 'expired' }
  | { kind: 'approved'; code: string; verifier: string }

async function requestUserCode(
  config: AuthConfig,
  signal: AbortSignal | undefined,
): Promise<UserCodeStart> {
  const response = await postJson(
    config,
    endpoints.deviceUserCode(config),
    { client_id: config.clientId },
    signal,
  )
  if (response.status === 404) {
    throw new AuthError(
      'device_code_unsupported',
      'Device code login is not enabled on this issuer; use the browser sign-in.',
    )
  }
  const body = record(response.body)
  const deviceAuthId = text(body['device_auth_id'])
  const userCode = text(body['user_code']) ?? text(body['usercode'])
  if (response.status !== 200 || deviceAuthId === undefined || userCode === undefined) {
    throw new AuthError(
      'device_code_failed',
      `Could not start device code login (HTTP ${response.status}).`,
    )
  }
  const interval = Number(body['interval'] ?? DEFAULT_INTERVAL_S)
  return {
    deviceAuthId,
    userCode,
    intervalS: Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_INTERVAL_S,
  }
}

async function pollOnce(
  config: AuthConfig,
  start: UserCodeStart,
  signal: AbortSignal | undefined,
): Promise<PollResult> {
  let response: { status: number; body: unknown }
  try {
    response = await postJson(
      config,
      endpoints.deviceToken(config),
      { device_auth_id: start.deviceAuthId, user_code: start.userCode },
      signal,
    )
  } catch (cause) {
    if (signal?.aborted === true)
      throw new AuthError('login_cancelled', 'Sign-in was cancelled.', { cause })
    // A network blip during a 15-minute wait should not end it; the deadline still applies.
    return { kind: 'pending' }
  }
  if (response.status === 200) {
    const body = record(response.body)
    const code = text(body['authorization_code'])
    const verifier = text(body['code_verifier'])
    if (code === undefined || verifier === undefined) {
      throw new AuthError(
        'device_code_failed',
        'The device code poll succeeded without authorization_code and code_verifier.',
      )
    }
    return { kind: 'approved', code, verifier }
  }
  const { code } = parseIssuerError(response.body)
  if (code === 'slow_down') return { kind: 'slow_down' }
  if (code === 'expired_token' || code === 'deviceauth_expired') return { kind: 'expired' }
  if (code === 'authorization_pending' || response.status === 403 || response.status === 404)
    return { kind: 'pending' }
  if (code === 'access_denied')
    throw new AuthError('login_denied', 'The device sign-in was refused.')
  if (response.status === 429 || response.status >= 500) return { kind: 'slow_down' }
  throw new AuthError(
    'device_code_failed',
    `Device code polling failed (HTTP ${response.status}${code === undefined ? '' : `, ${code}`}).`,
  )
}

async function postJson(
  config: AuthConfig,
  url: string,
  body: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<{ status: number; body: unknown }> {
  const timeout = AbortSignal.timeout(config.requestTimeoutMs)
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
  })
  const raw = await response.text()
  let parsed: unknown
  try {
    parsed = parseJson(raw)
  } catch {
    parsed = undefined
  }
  return { status: response.status, body: parsed }
}

function expired(): AuthError {
  return new AuthError(
    'device_code_expired',
    'The device code expired before the sign-in was approved; run `switchboard login --device` again.',
  )
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason)
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
