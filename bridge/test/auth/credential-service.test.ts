// Token refresh: ahead of expiry, on 401, single-flight under load, failures, store trouble, and logout.
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError } from '../../auth/auth-errors.js'
import { CredentialService } from '../../auth/credential-service.js'
import { TOKENS_SECRET } from '../../auth/token-set.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import type { AuthHarness } from './auth-harness.js'
import { authHarness } from './auth-harness.js'

let h: AuthHarness
afterEach(async () => h.close())

/** Moves the clock to `seconds` before the stored access token expires. */
async function toExpiryMinus(seconds: number): Promise<void> {
  const stored = await h.stored()
  h.clock.now = (stored?.expires_at ?? 0) - seconds * 1000
}

describe('CredentialService', () => {
  it('uses the stored token while it is fresh', async () => {
    h = await authHarness()
    const tokens = await h.signInFresh()
    expect(await h.credentials.getAccessToken()).toBe(tokens.access_token)
    expect(await h.credentials.getCredentials()).toEqual({
      accessToken: tokens.access_token,
      accountId: tokens.account_id,
    })
    expect(h.issuer.counts.refreshes).toBe(0)
  })

  it('refreshes ahead of expiry (skew) and saves the rotated refresh token', async () => {
    h = await authHarness({}, { refreshSkewSeconds: 300 })
    const before = await h.signInFresh()
    await toExpiryMinus(301)
    expect(await h.credentials.getAccessToken()).toBe(before.access_token)
    expect(h.issuer.counts.refreshes).toBe(0)

    await toExpiryMinus(299)
    const token = await h.credentials.getAccessToken()
    expect(token).not.toBe(before.access_token)
    expect(h.issuer.counts.refreshes).toBe(1)
    expect(h.issuer.refreshEncodings).toEqual(['json'])
    const after = await h.stored()
    expect(after?.access_token).toBe(token)
    expect(after?.refresh_token).not.toBe(before.refresh_token)
    expect(h.issuer.refreshTokenState(before.refresh_token)).toBe('used')
    expect(h.issuer.refreshTokenState(after?.refresh_token ?? '')).toBe('active')
  })

  it('can refresh with a form body', async () => {
    h = await authHarness({}, { refreshEncoding: 'form' })
    await h.signInFresh()
    await toExpiryMinus(0)
    await h.credentials.getAccessToken()
    expect(h.issuer.refreshEncodings).toEqual(['form'])
  })

  it('refreshes once for 50 concurrent callers and loses no rotated token', async () => {
    h = await authHarness()
    const before = await h.signInFresh()
    await toExpiryMinus(0)
    const release = h.issuer.holdTokenRequests()
    const calls = Array.from({ length: 50 }, () => h.credentials.getAccessToken())
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    const tokens = await Promise.all(calls)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before.access_token)
    expect(h.issuer.counts.refreshes).toBe(1)
    expect(h.issuer.counts.refreshFailures).toBe(0)

    const saved = await h.stored()
    expect(saved?.access_token).toBe(tokens[0])
    expect(h.issuer.refreshTokenState(saved?.refresh_token ?? '')).toBe('active')

    // The saved rotated token is the live one: the next refresh, by a brand-new service on the same store, works.
    h.clock.now = (saved?.expires_at ?? 0) + 1
    const fresh = new CredentialService({
      store: h.store,
      config: h.config,
      now: () => h.clock.now,
    })
    expect(await fresh.getAccessToken()).not.toBe(tokens[0])
    expect(h.issuer.counts.refreshes).toBe(2)
    expect(h.issuer.counts.refreshFailures).toBe(0)
  })

  it('refreshes once on 401 and hands newer tokens to late reporters', async () => {
    h = await authHarness()
    const before = await h.signInFresh()
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => h.credentials.onUnauthorized(before.access_token)),
    )
    expect(new Set(replies).size).toBe(1)
    expect(replies[0]).not.toBe(before.access_token)
    expect(h.issuer.counts.refreshes).toBe(1)
    expect(await h.credentials.onUnauthorized(before.access_token)).toBe(replies[0])
    expect(h.issuer.counts.refreshes).toBe(1)
  })

  it('signs out with a sign-in-again message when the refresh token is dead', async () => {
    h = await authHarness()
    const before = await h.signInFresh()
    // Another program used the refresh token first.
    await fetch(`${h.issuer.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: h.config.clientId,
        grant_type: 'refresh_token',
        refresh_token: before.refresh_token,
      }),
    })
    await toExpiryMinus(0)
    const error = await h.credentials.getAccessToken().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).code).toBe('refresh_failed')
    expect((error as AuthError).message).toContain('already used')
    expect((error as AuthError).message).toContain('Sign in again with `switchboard login`')

    const status = await h.credentials.status()
    expect(status).toMatchObject({
      signedIn: false,
      state: 'signed_out_refresh_failed',
      email: 'ada@example.com',
    })
    expect(status.message).toContain('Sign in again')

    const failures = h.issuer.counts.refreshFailures
    await expect(h.credentials.getAccessToken()).rejects.toMatchObject({ code: 'refresh_failed' })
    expect(h.issuer.counts.refreshFailures).toBe(failures)

    // A new sign-in (here: by another process into the same store) clears the state.
    h.clock.now = Date.now()
    const again = await h.signInFresh()
    expect(await h.credentials.getAccessToken()).toBe(again.access_token)
    expect((await h.credentials.status()).state).toBe('signed_in')
  })

  it('keeps the login through a transient refresh failure', async () => {
    h = await authHarness()
    await h.signInFresh()
    await toExpiryMinus(0)
    h.issuer.failNextRefreshes(1, 503)
    await expect(h.credentials.getAccessToken()).rejects.toMatchObject({
      code: 'refresh_unavailable',
    })
    expect((await h.credentials.status()).state).toBe('signed_in')
    expect(await h.credentials.getAccessToken()).toMatch(/^ey/)
    expect(h.issuer.counts.refreshes).toBe(1)
  })

  it('keeps a rotated token in memory when the keychain write fails, and saves it later', async () => {
    h = await authHarness()
    await h.signInFresh()
    await toExpiryMinus(0)
    let failSets = 1
    const flaky = new MemorySecretStore()
    await flaky.set(TOKENS_SECRET, (await h.store.get(TOKENS_SECRET)) ?? '')
    const realSet = flaky.set.bind(flaky)
    flaky.set = async (name, value) => {
      if (failSets-- > 0) throw new Error('keychain locked')
      return realSet(name, value)
    }
    const service = new CredentialService({
      store: flaky,
      config: h.config,
      now: () => h.clock.now,
    })
    const token = await service.getAccessToken()
    expect(JSON.parse((await flaky.get(TOKENS_SECRET)) ?? '{}').access_token).not.toBe(token)
    expect(await service.getAccessToken()).toBe(token)
    expect(JSON.parse((await flaky.get(TOKENS_SECRET)) ?? '{}').access_token).toBe(token)
    expect(h.issuer.counts.refreshes).toBe(1)
  })

  it('logout revokes the refresh token and deletes the secret', async () => {
    h = await authHarness()
    const tokens = await h.signInFresh()
    expect(await h.credentials.logout()).toEqual({ revoked: true, deleted: true, mode: 'own' })
    expect(h.issuer.revoked).toEqual([tokens.refresh_token])
    expect(h.issuer.refreshTokenState(tokens.refresh_token)).toBe('revoked')
    expect(await h.store.get(TOKENS_SECRET)).toBeNull()
    expect((await h.credentials.status()).state).toBe('signed_out')
    await expect(h.credentials.getAccessToken()).rejects.toMatchObject({ code: 'not_signed_in' })
  })

  it('reads the expiry from the access token when the issuer sends no expires_in', async () => {
    h = await authHarness({ omitExpiresIn: true, accessTtlSeconds: 3600 })
    await h.signInFresh()
    await toExpiryMinus(0)
    await h.credentials.getAccessToken()
    const stored = await h.stored()
    expect(stored?.expires_at).toBeGreaterThan(Date.now() + 3500_000)
    expect(stored?.expires_at).toBeLessThanOrEqual(Date.now() + 3600_000)
  })
})
