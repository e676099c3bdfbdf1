// Importing the Codex CLI's login, and refreshing it without breaking the Codex CLI (mode `codex-linked`).
//
// Why linked (re-read + write back) and not "own a separate token set after import":
// refresh tokens rotate and are single-use. The only way to turn an imported login into a separate token set is to
// refresh it, which burns the Codex CLI's refresh token: the Codex CLI would fail its next refresh with
// `refresh_token_reused` and be signed out without knowing why. So an import shares ONE token lineage with the Codex
// CLI, the same way several Codex CLI processes share it: before every refresh we re-read auth.json (under a lock
// file that serialises Switchboard processes) and adopt tokens the Codex CLI rotated meanwhile; after our own refresh
// we write the rotated tokens back (atomic rename, 0600, other fields kept), and the Codex CLI's guarded reload picks
// them up. Only a refresh by both at the same instant can still collide; then we re-read once more and adopt the
// winner's tokens. Logout in this mode never revokes (that would sign the Codex CLI out). Users who want a fully
// separate login run `switchboard login` instead; `status()` names the mode and the file.
import { AuthError } from './auth-errors.js'
import { readCodexAuth, withCodexFileLock, writeCodexTokens } from './codex-auth-file.js'
import type { CodexFileTokens } from './codex-auth-file.js'
import { readTokenClaims } from './jwt-claims.js'
import type { StoredTokens } from './token-set.js'

export async function tokensFromCodexFile(path: string): Promise<StoredTokens> {
  const file = await readCodexAuth(path)
  return linkedTokens(file, path)
}

export function linkedTokens(file: CodexFileTokens, path: string): StoredTokens {
  const claims = readTokenClaims(file.id_token, file.access_token)
  return {
    id_token: file.id_token,
    access_token: file.access_token,
    refresh_token: file.refresh_token,
    account_id: file.account_id ?? claims.accountId,
    expires_at: claims.expiresAt,
    last_refresh: file.last_refresh,
    mode: 'codex-linked',
    codex_auth_path: path,
  }
}

export interface LinkedRefreshHooks {
  /** True when these tokens (already rotated by the Codex CLI) are good enough to use without a network refresh. */
  usable(candidate: StoredTokens): boolean
  /** The network refresh; returns the rotated tokens. */
  refresh(current: StoredTokens): Promise<StoredTokens>
}

/** Guarded reload, refresh and write-back of a linked login, all under the auth.json lock. */
export async function refreshLinked(
  current: StoredTokens,
  hooks: LinkedRefreshHooks,
): Promise<StoredTokens> {
  const path = current.codex_auth_path
  if (path === undefined)
    throw new AuthError(
      'refresh_failed',
      'This login is marked as linked to the Codex CLI but names no auth.json.',
    )
  return withCodexFileLock(path, async () => {
    const fromFile = await adoptable(path, current)
    if (fromFile !== null && hooks.usable(fromFile)) return fromFile
    const base = fromFile ?? current
    let rotated: StoredTokens
    try {
      rotated = await hooks.refresh(base)
    } catch (error) {
      // Lost a same-instant race with the Codex CLI: its rotated tokens are in the file now.
      const late = await adoptable(path, base).catch(() => null)
      if (late !== null) return late
      throw error
    }
    await writeCodexTokens(path, rotated, rotated.last_refresh)
    return rotated
  })
}

/** The file's tokens when the Codex CLI rotated them since we last looked; null when unchanged. */
async function adoptable(path: string, current: StoredTokens): Promise<StoredTokens | null> {
  const file = await readCodexAuth(path).catch((cause: unknown) => {
    throw new AuthError(
      'refresh_failed',
      `The Codex CLI login this sign-in is linked to is gone (${messageOf(cause)}).`,
      { cause },
    )
  })
  if (file.refresh_token === current.refresh_token) return null
  const candidate = linkedTokens(file, path)
  if (
    current.account_id !== null &&
    candidate.account_id !== null &&
    candidate.account_id !== current.account_id
  ) {
    throw new AuthError(
      'refresh_failed',
      `${path} now holds a different ChatGPT account; import it again or sign in with \`switchboard login\`.`,
    )
  }
  return candidate
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
