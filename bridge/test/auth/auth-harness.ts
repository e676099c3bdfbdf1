// Shared setup for the auth tests: a fake issuer, a config pointing at it, and a browser stand-in that follows redirects by hand.
import { expect } from 'vitest'
import { resolveAuthConfig } from '../../auth/auth-config.js'
import type { AuthConfig, AuthSettings } from '../../auth/auth-config.js'
import { AccountPool, accountSecretName } from '../../auth/account-pool.js'
import { CredentialService } from '../../auth/credential-service.js'
import {
  parseStoredTokens,
  serializeTokens,
  TOKENS_SECRET,
  tokensFromResponse,
} from '../../auth/token-set.js'
import type { StoredTokens } from '../../auth/token-set.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { startFakeIssuer } from '../fakes/fake-issuer.js'
import type { FakeIssuer, FakeIssuerOptions } from '../fakes/fake-issuer.js'

/** The fake issuer's default account (ada@example.com). */
export const ADA_ACCOUNT = '11111111-2222-4333-8444-555555555555'

export interface AuthHarness {
  issuer: FakeIssuer
  config: AuthConfig
  store: MemorySecretStore
  clock: { now: number }
  credentials: CredentialService
  /** The account pool on the same store: it adopts what `credentials` stored (the single-account entry). */
  pool: AccountPool
  stored(): Promise<StoredTokens | null>
  /** One pool account's tokens as the keychain holds them (default: the issuer's default account). */
  storedAccount(id?: string): Promise<StoredTokens | null>
  /** Signs in directly with a fresh token set from the issuer (as a finished login would). */
  signInFresh(): Promise<StoredTokens>
  close(): Promise<void>
}

export async function authHarness(
  issuerOptions: FakeIssuerOptions = {},
  settings: AuthSettings = {},
): Promise<AuthHarness> {
  const issuer = await startFakeIssuer(issuerOptions)
  const config = resolveAuthConfig(
    { issuer: issuer.url, callbackPorts: [0], callbackTimeoutMs: 20_000, ...settings },
    {},
  )
  const store = new MemorySecretStore()
  const clock = { now: Date.now() }
  const credentials = new CredentialService({ store, config, now: () => clock.now })
  return {
    issuer,
    config,
    store,
    clock,
    credentials,
    pool: new AccountPool({ store, config, now: () => clock.now }),
    stored: async () => parseStoredTokens(await store.get(TOKENS_SECRET)),
    storedAccount: async (id = ADA_ACCOUNT) =>
      parseStoredTokens(await store.get(accountSecretName(id))),
    signInFresh: async () => {
      const minted = await issuer.mint()
      const tokens = tokensFromResponse(
        { ...minted, expires_in: minted.access_exp - Math.floor(clock.now / 1000) },
        { ...minted, account_id: null, mode: 'own' },
        clock.now,
      )
      await store.set(TOKENS_SECRET, serializeTokens(tokens))
      return tokens
    },
    close: () => issuer.close(),
  }
}

/** Does what a browser does with the authorize URL: one request to the issuer, then the redirect to our callback. */
export async function followAuthorize(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const location = response.headers.get('location')
  expect(location).not.toBeNull()
  return location ?? ''
}

export async function visit(url: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url)
  return { status: response.status, html: await response.text() }
}

export async function portIsClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/auth/callback`)
    return false
  } catch {
    return true
  }
}
