// chatgpt-codex-proxy's sign-in (`~/.chatgpt-codex-proxy/tokens.json`, plain JSON) read for import into the keychain.
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { errorCode } from '../config/atomic-write.js'
import { AuthError } from './auth-errors.js'
import { readTokenClaims } from './jwt-claims.js'
import type { StoredTokens } from './token-set.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export function defaultProxyTokensPath(home: string = homedir()): string {
  return join(home, '.chatgpt-codex-proxy', 'tokens.json')
}

/**
 * `{access_token, refresh_token, expires_at, chatgpt_account_id?}` → Switchboard's own login (mode `own`): after
 * the import Switchboard refreshes it, so the proxy's copy goes stale and is best deleted.
 */
export async function readProxyTokens(path: string, now = Date.now()): Promise<StoredTokens> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    throw new AuthError(
      'codex_import_failed',
      `${path} cannot be read (${errorCode(error) ?? String(error)}); there is no chatgpt-codex-proxy sign-in to import.`,
    )
  }
  let doc: unknown
  try {
    doc = parseJson(text)
  } catch {
    throw new AuthError(
      'codex_import_failed',
      `${path} is not valid JSON, so it is not a chatgpt-codex-proxy tokens file.`,
    )
  }
  const r =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : {}
  const access = r['access_token']
  const refresh = r['refresh_token']
  if (
    typeof access !== 'string' ||
    access === '' ||
    typeof refresh !== 'string' ||
    refresh === ''
  ) {
    throw new AuthError(
      'codex_import_failed',
      `${path} holds no access_token and refresh_token; sign in with \`switchboard login\` instead.`,
    )
  }
  const claims = readTokenClaims(undefined, access)
  const rawExpiry = r['expires_at']
  // The proxy wrote milliseconds; seconds are accepted too, the JWT's exp otherwise.
  const expiresAt =
    typeof rawExpiry === 'number' && rawExpiry > 0
      ? rawExpiry < 1e12
        ? rawExpiry * 1000
        : rawExpiry
      : claims.expiresAt
  const account = r['chatgpt_account_id']
  return {
    id_token: '',
    access_token: access,
    refresh_token: refresh,
    account_id: typeof account === 'string' && account !== '' ? account : claims.accountId,
    expires_at: expiresAt,
    last_refresh: now,
    mode: 'own',
  }
}
