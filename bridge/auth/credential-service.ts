// One account's ChatGPT credential (signing in is the account pool's job): tokens refreshed ahead of expiry
// and on 401, single-flight, status and logout.
import type { SecretStore } from '../secrets/secret-store.js'
import type { AuthConfig } from './auth-config.js'
import { AuthError, SIGN_IN_AGAIN } from './auth-errors.js'
import { refreshLinked } from './codex-link.js'
import { readTokenClaims } from './jwt-claims.js'
import { requestTokenRefresh, revokeToken, TokenEndpointError } from './token-endpoint.js'
import {
  parseStoredTokens,
  serializeTokens,
  TOKENS_SECRET,
  tokensFromResponse,
} from './token-set.js'
import type { StoredTokens, TokenMode } from './token-set.js'

export type CredentialState = 'signed_out' | 'signed_in' | 'signed_out_refresh_failed'

export interface CredentialStatus {
  signedIn: boolean
  email: string | null
  plan: string | null
  accountId: string | null
  /** Access-token expiry, epoch ms. */
  expiresAt: number | null
  state: CredentialState
  /** `own` sign-in or `codex-linked` import; null when signed out. */
  mode: TokenMode | null
  codexAuthPath: string | null
  /** One sentence for the CLI, the tray and the client's error message. */
  message: string
}

export interface AccessCredentials {
  accessToken: string
  accountId: string | null
}

export interface CredentialServiceOptions {
  store: SecretStore
  config: AuthConfig
  now?: () => number
  /** The keychain entry holding this account's tokens; one per account in a pool (see account-pool.ts). */
  secretName?: string
}

export class CredentialService {
  private readonly store: SecretStore
  private readonly config: AuthConfig
  private readonly now: () => number
  readonly secretName: string
  /** undefined = not read yet; null = nothing stored. */
  private cache: StoredTokens | null | undefined
  private inflight: Promise<StoredTokens> | null = null
  private failure: { message: string; refreshToken: string } | null = null
  private unsaved: StoredTokens | null = null

  constructor(options: CredentialServiceOptions) {
    this.store = options.store
    this.config = options.config
    this.now = options.now ?? Date.now
    this.secretName = options.secretName ?? TOKENS_SECRET
  }

  /** Who this is, known without I/O once the tokens were read (null before). */
  get email(): string | null {
    const t = this.cache
    return t ? readTokenClaims(t.id_token, t.access_token).email : null
  }

  /** Reads the stored tokens if nothing has yet, so `email` is known; no I/O after the first read. */
  async identify(): Promise<string | null> {
    await this.load(false).catch(() => null)
    return this.email
  }

  /** The issuer refused the refresh token: this sign-in is over until the user signs in again. */
  get ended(): boolean {
    return this.failure !== null
  }

  async getAccessToken(): Promise<string> {
    return (await this.getCredentials()).accessToken
  }

  /** The token and the account id for the `ChatGPT-Account-ID` header, refreshed first when due. */
  async getCredentials(): Promise<AccessCredentials> {
    const tokens = await this.usable()
    const fresh = this.isDue(tokens) ? await this.refresh(tokens, 'due') : tokens
    return { accessToken: fresh.access_token, accountId: fresh.account_id }
  }

  /** After the backend said 401 to `rejectedAccessToken`: a newer token if someone refreshed already, else one refresh. */
  async onUnauthorized(rejectedAccessToken: string): Promise<string> {
    const tokens = await this.usable()
    if (tokens.access_token !== rejectedAccessToken) return tokens.access_token
    return (await this.refresh(tokens, 'rejected')).access_token
  }

  async status(): Promise<CredentialStatus> {
    const tokens = await this.load(true).catch(() => this.cache ?? null)
    if (tokens === null)
      return signedOut(
        'signed_out',
        'Not signed in. Run `switchboard login` to sign in with ChatGPT.',
      )
    const claims = readTokenClaims(tokens.id_token, tokens.access_token)
    const base = {
      email: claims.email,
      plan: claims.plan,
      accountId: tokens.account_id ?? claims.accountId,
      expiresAt: tokens.expires_at,
      mode: tokens.mode,
      codexAuthPath: tokens.codex_auth_path ?? null,
    }
    if (this.failure !== null)
      return {
        ...base,
        signedIn: false,
        state: 'signed_out_refresh_failed',
        message: this.failure.message,
      }
    const who = `Signed in as ${claims.email ?? 'an unknown account'}${claims.plan === null ? '' : ` (${claims.plan})`}`
    const message =
      tokens.mode === 'codex-linked'
        ? `${who}, sharing the Codex CLI login in ${tokens.codex_auth_path ?? 'auth.json'}: Switchboard re-reads it before each refresh and writes rotated tokens back, so both stay signed in. Logging out of Switchboard leaves the Codex CLI signed in.`
        : `${who} with Switchboard's own ChatGPT login.`
    return { ...base, signedIn: true, state: 'signed_in', message }
  }

  /** Stores a fresh login; an older own login is revoked (best effort) as the Codex CLI does. */
  async signIn(tokens: StoredTokens): Promise<CredentialStatus> {
    const previous = await this.load(true).catch(() => null)
    await this.save(tokens, true)
    this.failure = null
    if (
      previous !== null &&
      previous.mode === 'own' &&
      previous.refresh_token !== tokens.refresh_token
    ) {
      await revokeToken(this.config, previous.refresh_token, 'refresh_token')
    }
    return this.status()
  }

  /** Own login: revoke the refresh token, then delete. Linked login: only delete (revoking would sign the Codex CLI out). */
  async logout(): Promise<{ revoked: boolean; deleted: boolean; mode: TokenMode | null }> {
    const tokens = await this.load(true).catch(() => this.cache ?? null)
    const revoked =
      tokens !== null && tokens.mode === 'own'
        ? await revokeToken(this.config, tokens.refresh_token, 'refresh_token')
        : false
    const deleted = await this.store.delete(this.secretName)
    this.cache = null
    this.unsaved = null
    this.failure = null
    return { revoked, deleted, mode: tokens?.mode ?? null }
  }

  private isDue(tokens: StoredTokens): boolean {
    const now = this.now()
    if (tokens.expires_at !== null)
      return now >= tokens.expires_at - this.config.refreshSkewSeconds * 1000
    return now - tokens.last_refresh >= this.config.maxTokenAgeSeconds * 1000
  }

  private async usable(): Promise<StoredTokens> {
    if (this.unsaved !== null) await this.save(this.unsaved, false)
    // Signed out or failed: look again, another Switchboard process may have signed in since.
    const tokens = await this.load(this.cache === null || this.failure !== null)
    if (tokens === null)
      throw new AuthError('not_signed_in', 'Not signed in to ChatGPT. Run `switchboard login`.')
    if (this.failure !== null) {
      if (tokens.refresh_token === this.failure.refreshToken)
        throw new AuthError('refresh_failed', this.failure.message)
      this.failure = null
    }
    return tokens
  }

  private async load(reread: boolean): Promise<StoredTokens | null> {
    if (this.cache !== undefined && !reread) return this.cache
    if (this.unsaved !== null) return this.unsaved
    this.cache = parseStoredTokens(await this.store.get(this.secretName))
    return this.cache
  }

  private refresh(seen: StoredTokens, why: 'due' | 'rejected'): Promise<StoredTokens> {
    const current = this.cache ?? seen
    // Someone finished a refresh after this caller read its tokens.
    if (
      this.inflight === null &&
      current.refresh_token !== seen.refresh_token &&
      !this.isDue(current)
    )
      return Promise.resolve(current)
    this.inflight ??= this.runRefresh(seen, why).finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  private async runRefresh(seen: StoredTokens, why: 'due' | 'rejected'): Promise<StoredTokens> {
    const good = (t: StoredTokens): boolean =>
      why === 'due' ? !this.isDue(t) : t.access_token !== seen.access_token
    // Guarded reload: another Switchboard process (tray and headless share the keychain) may have rotated already.
    const stored = await this.load(true)
    if (stored === null)
      throw new AuthError('not_signed_in', 'Not signed in to ChatGPT. Run `switchboard login`.')
    if (stored.refresh_token !== seen.refresh_token && good(stored)) return stored
    let next: StoredTokens
    try {
      next =
        stored.mode === 'codex-linked'
          ? await refreshLinked(stored, { usable: good, refresh: (t) => this.networkRefresh(t) })
          : await this.networkRefresh(stored)
    } catch (error) {
      throw this.refreshFailure(error, stored)
    }
    await this.save(next, false)
    return next
  }

  private async networkRefresh(current: StoredTokens): Promise<StoredTokens> {
    const response = await requestTokenRefresh(this.config, current.refresh_token)
    return tokensFromResponse(response, current, this.now())
  }

  private refreshFailure(error: unknown, stored: StoredTokens): AuthError {
    const permanent =
      (error instanceof TokenEndpointError && error.permanent) ||
      (error instanceof AuthError && error.code === 'refresh_failed')
    if (!permanent) {
      const detail = error instanceof Error ? error.message : String(error)
      return new AuthError(
        'refresh_unavailable',
        `Could not refresh the ChatGPT sign-in right now (${detail}); will retry.`,
        { cause: error },
      )
    }
    const why =
      error instanceof TokenEndpointError
        ? reasonText(error.errorCode)
        : error instanceof Error
          ? error.message
          : String(error)
    const shared =
      stored.mode === 'codex-linked'
        ? ' The refresh token is shared with the Codex CLI; if it is signed out too, run `codex login` and import again.'
        : ''
    const message = `Your ChatGPT sign-in has ended: ${why}.${shared} ${SIGN_IN_AGAIN}`
    this.failure = { message, refreshToken: stored.refresh_token }
    return new AuthError('refresh_failed', message, { cause: error })
  }

  /** The rotated refresh token is the only valid one: keep it in memory even if the keychain write fails, and retry. */
  private async save(tokens: StoredTokens, strict: boolean): Promise<void> {
    this.cache = tokens
    try {
      await this.store.set(this.secretName, serializeTokens(tokens))
      this.unsaved = null
    } catch (error) {
      if (strict)
        throw new AuthError(
          'store_failed',
          `Could not store the ChatGPT tokens: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        )
      this.unsaved = tokens
    }
  }
}

function reasonText(code: string | undefined): string {
  switch (code) {
    case 'refresh_token_expired':
      return 'the refresh token has expired'
    case 'refresh_token_reused':
      return 'the refresh token was already used (another program refreshed with it)'
    case 'refresh_token_invalidated':
      return 'the refresh token was revoked'
    default:
      return `the issuer refused the refresh${code === undefined ? '' : ` (${code})`}`
  }
}

function signedOut(state: CredentialState, message: string): CredentialStatus {
  return {
    signedIn: false,
    email: null,
    plan: null,
    accountId: null,
    expiresAt: null,
    state,
    mode: null,
    codexAuthPath: null,
    message,
  }
}
