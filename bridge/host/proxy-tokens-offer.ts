// The UI's offer to import chatgpt-codex-proxy's sign-in (`~/.chatgpt-codex-proxy/tokens.json`, plain text) into
// the account pool, the same way `switchboard login --import-proxy` does; the file is deleted only when asked.
import { existsSync } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { accountIdOf, AuthError, readProxyTokens, readTokenClaims } from '../auth/index.js'
import type { StoredTokens } from '../auth/index.js'
import { errorCode } from '../config/atomic-write.js'
import type { AuthStatus, ProxyTokensOffer } from '../control/contract/accounts.js'
import { ControlFailure } from '../control/control-failure.js'
import type { AuthController } from '../control/host-types.js'

/** Whose sign-in the file holds; null when there is no such file. */
export async function proxyTokensOffer(path: string | undefined): Promise<ProxyTokensOffer | null> {
  if (path === undefined || !existsSync(path)) return null
  try {
    const tokens = await readProxyTokens(path)
    const claims = readTokenClaims(undefined, tokens.access_token)
    const offer: ProxyTokensOffer = { path }
    if (claims.email) offer.email = claims.email
    if (tokens.account_id) offer.accountId = tokens.account_id
    return offer
  } catch (error) {
    if (!(error instanceof AuthError)) throw error
    return { path, problem: error.message }
  }
}

/**
 * Adds the file's sign-in to the pool (unless deleting a file whose account is already there); then deletes the
 * plain file when `deleteFile` and the account is signed in.
 */
export async function importProxyTokens(
  path: string | undefined,
  auth: AuthController,
  deleteFile: boolean,
): Promise<AuthStatus> {
  if (path === undefined || !existsSync(path))
    throw new ControlFailure(
      'not_found',
      `There is no chatgpt-codex-proxy sign-in to import${path === undefined ? '' : ` (${path} does not exist)`}.`,
    )
  let tokens: StoredTokens
  try {
    tokens = await readProxyTokens(path)
  } catch (error) {
    // The message names the file and what is wrong with it.
    if (error instanceof AuthError) throw new ControlFailure('invalid_argument', error.message)
    throw error
  }
  // Deleting after an earlier import must not put the file's older tokens over ones Switchboard has renewed since.
  const known = await auth.status()
  const id = accountIdOf(tokens)
  const inPool = deleteFile && (known.accounts ?? []).some((a) => a.id === id)
  const status = inPool ? known : await auth.importTokens(tokens)
  if (deleteFile && status.signedIn) {
    try {
      await unlink(path)
    } catch (error) {
      throw new ControlFailure(
        'internal',
        `The sign-in was imported, but ${path} could not be deleted (${errorCode(error) ?? String(error)}); delete it yourself.`,
      )
    }
  }
  return status
}
