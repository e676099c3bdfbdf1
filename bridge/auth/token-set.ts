// The one `chatgpt-tokens` secret: its shape, validation and how a token response updates it.
import { readTokenClaims } from './jwt-claims.js'
import type { TokenResponse } from './token-endpoint.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export const TOKENS_SECRET = 'chatgpt-tokens'

/** `own`: Switchboard's own sign-in. `codex-linked`: shares the Codex CLI's auth.json and writes rotations back. */
export type TokenMode = 'own' | 'codex-linked'

export interface StoredTokens {
  id_token: string
  access_token: string
  refresh_token: string
  account_id: string | null
  /** Access-token expiry, epoch ms; null when neither `expires_in` nor the JWT says. */
  expires_at: number | null
  /** Epoch ms of the last sign-in or refresh. */
  last_refresh: number
  mode: TokenMode
  /** The auth.json this login is linked to (codex-linked only). */
  codex_auth_path?: string
}

export function tokensFromResponse(
  response: TokenResponse & { access_token: string },
  base: {
    id_token: string
    refresh_token: string
    account_id: string | null
    mode: TokenMode
    codex_auth_path?: string
  },
  now: number,
): StoredTokens {
  const idToken = response.id_token ?? base.id_token
  const claims = readTokenClaims(idToken, response.access_token)
  const fromExpiresIn = response.expires_in !== undefined ? now + response.expires_in * 1000 : null
  const out: StoredTokens = {
    id_token: idToken,
    access_token: response.access_token,
    refresh_token: response.refresh_token ?? base.refresh_token,
    account_id: claims.accountId ?? base.account_id,
    expires_at: fromExpiresIn ?? claims.expiresAt,
    last_refresh: now,
    mode: base.mode,
  }
  if (base.codex_auth_path !== undefined) out.codex_auth_path = base.codex_auth_path
  return out
}

export function serializeTokens(tokens: StoredTokens): string {
  return JSON.stringify(tokens)
}

export function parseStoredTokens(text: string | null): StoredTokens | null {
  if (text === null) return null
  let value: unknown
  try {
    value = parseJson(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const r = value as Record<string, unknown>
  const id = r['id_token']
  const access = r['access_token']
  const refresh = r['refresh_token']
  if (typeof id !== 'string' || typeof access !== 'string' || typeof refresh !== 'string')
    return null
  const mode: TokenMode = r['mode'] === 'codex-linked' ? 'codex-linked' : 'own'
  const out: StoredTokens = {
    id_token: id,
    access_token: access,
    refresh_token: refresh,
    account_id: typeof r['account_id'] === 'string' ? r['account_id'] : null,
    expires_at: typeof r['expires_at'] === 'number' ? r['expires_at'] : null,
    last_refresh: typeof r['last_refresh'] === 'number' ? r['last_refresh'] : 0,
    mode,
  }
  if (mode === 'codex-linked' && typeof r['codex_auth_path'] === 'string')
    out.codex_auth_path = r['codex_auth_path']
  return out
}
