// ChatGPT OAuth settings: the Codex CLI's public client and issuer by default, every unconfirmed detail a setting.
export const DEFAULT_ISSUER = 'https://auth.openai.com'
export const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann'
/** What every proxy in production sends; the 2026 Codex CLI adds connector scopes we do not need. */
export const DEFAULT_SCOPE = 'openid profile email offline_access'
export const DEFAULT_ORIGINATOR = 'codex_cli_rs'
/** Only these ports are on the client's redirect allow-list. */
export const DEFAULT_CALLBACK_PORTS: readonly number[] = [1455, 1457]
export const CALLBACK_PATH = '/auth/callback'
export const ISSUER_ENV = 'SWITCHBOARD_OAUTH_ISSUER'

export type BodyEncoding = 'json' | 'form'

export interface AuthSettings {
  issuer?: string
  clientId?: string
  scope?: string
  originator?: string
  /** Adds `prompt=login` so the grant starts a fresh sign-in (an independent refresh-token lineage). */
  forceLoginPrompt?: boolean
  /** codex 2026 refreshes with JSON; older clients use a form. Both are accepted upstream. */
  refreshEncoding?: BodyEncoding
  /** The revoke body is not documented; JSON matches the Codex CLI's other calls. */
  revokeEncoding?: BodyEncoding
  /** Refresh this long before the access token expires. */
  refreshSkewSeconds?: number
  /** With no usable expiry, refresh when the last refresh is older than this (codex: 8 days). */
  maxTokenAgeSeconds?: number
  callbackPorts?: readonly number[]
  callbackTimeoutMs?: number
  deviceCodeTimeoutMs?: number
  /** Per-request bound for calls to the issuer. */
  requestTimeoutMs?: number
}

export interface AuthConfig {
  issuer: string
  clientId: string
  scope: string
  originator: string
  forceLoginPrompt: boolean
  refreshEncoding: BodyEncoding
  revokeEncoding: BodyEncoding
  refreshSkewSeconds: number
  maxTokenAgeSeconds: number
  callbackPorts: readonly number[]
  callbackTimeoutMs: number
  deviceCodeTimeoutMs: number
  requestTimeoutMs: number
}

/** Settings first, then `SWITCHBOARD_OAUTH_ISSUER` from the environment overrides the issuer. */
export function resolveAuthConfig(
  settings: AuthSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): AuthConfig {
  const envIssuer = env[ISSUER_ENV]?.trim()
  const issuer =
    envIssuer !== undefined && envIssuer !== '' ? envIssuer : (settings.issuer ?? DEFAULT_ISSUER)
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId: settings.clientId ?? CODEX_CLIENT_ID,
    scope: settings.scope ?? DEFAULT_SCOPE,
    originator: settings.originator ?? DEFAULT_ORIGINATOR,
    forceLoginPrompt: settings.forceLoginPrompt ?? false,
    refreshEncoding: settings.refreshEncoding ?? 'json',
    revokeEncoding: settings.revokeEncoding ?? 'json',
    refreshSkewSeconds: settings.refreshSkewSeconds ?? 300,
    maxTokenAgeSeconds: settings.maxTokenAgeSeconds ?? 8 * 24 * 3600,
    callbackPorts: settings.callbackPorts ?? DEFAULT_CALLBACK_PORTS,
    callbackTimeoutMs: settings.callbackTimeoutMs ?? 10 * 60_000,
    deviceCodeTimeoutMs: settings.deviceCodeTimeoutMs ?? 15 * 60_000,
    requestTimeoutMs: settings.requestTimeoutMs ?? 30_000,
  }
}

export const endpoints = {
  authorize: (c: AuthConfig): string => `${c.issuer}/oauth/authorize`,
  token: (c: AuthConfig): string => `${c.issuer}/oauth/token`,
  revoke: (c: AuthConfig): string => `${c.issuer}/oauth/revoke`,
  deviceUserCode: (c: AuthConfig): string => `${c.issuer}/api/accounts/deviceauth/usercode`,
  deviceToken: (c: AuthConfig): string => `${c.issuer}/api/accounts/deviceauth/token`,
  deviceVerification: (c: AuthConfig): string => `${c.issuer}/codex/device`,
  deviceRedirect: (c: AuthConfig): string => `${c.issuer}/deviceauth/callback`,
}

export function loopbackRedirectUri(port: number): string {
  return `http://localhost:${port}${CALLBACK_PATH}`
}
