// The account pool: sign-ins add accounts in order, the same account renews its tokens, one or all sign out,
// and the single entry of earlier versions becomes the first account without anyone being signed out.
import { afterEach, describe, expect, it } from 'vitest'
import { ACCOUNTS_SECRET, accountSecretName } from '../../auth/account-pool.js'
import { parseStoredTokens, TOKENS_SECRET } from '../../auth/token-set.js'
import type { AuthHarness } from './auth-harness.js'
import { authHarness } from './auth-harness.js'

let h: AuthHarness
afterEach(async () => h.close())

const ADA = '11111111-2222-4333-8444-555555555555'
const BOB = {
  email: 'bob@example.com',
  accountId: 'bbbbbbbb-2222-4333-8444-555555555555',
  planType: 'pro',
}

async function deviceLogin(h: AuthHarness): Promise<string> {
  const status = await h.pool.loginWithDeviceCode({
    onUserCode: () => undefined,
    sleep: async () => undefined,
  })
  return status.id
}

describe('account pool', () => {
  it('adopts the single-account entry of earlier versions: same tokens, nothing lost', async () => {
    h = await authHarness()
    const old = await h.signInFresh()
    const accounts = await h.pool.statuses()
    expect(accounts).toMatchObject([{ id: ADA, email: 'ada@example.com', signedIn: true }])
    expect(await h.store.get(TOKENS_SECRET)).toBeNull()
    const moved = parseStoredTokens(await h.store.get(accountSecretName(ADA)))
    expect(moved?.refresh_token).toBe(old.refresh_token)
    expect(moved?.access_token).toBe(old.access_token)
    expect(JSON.parse((await h.store.get(ACCOUNTS_SECRET)) ?? '{}')).toMatchObject({
      accounts: [{ id: ADA }],
    })
    // No refresh was needed: the migrated token is used as it is.
    expect((await h.pool.getCredentials()).accessToken).toBe(old.access_token)
    expect(h.issuer.counts.refreshes).toBe(0)
  })

  it('a second sign-in adds an account; signing in again renews it and revokes the old token', async () => {
    h = await authHarness({ deviceInterval: '0.01', devicePolls: ['approve'] })
    expect(await deviceLogin(h)).toBe(ADA)
    h.issuer.setIdentity(BOB)
    expect(await deviceLogin(h)).toBe(BOB.accountId)
    const before = parseStoredTokens(await h.store.get(accountSecretName(BOB.accountId)))
    expect(await deviceLogin(h)).toBe(BOB.accountId)
    const statuses = await h.pool.statuses()
    expect(statuses.map((s) => [s.email, s.plan])).toEqual([
      ['ada@example.com', 'plus'],
      ['bob@example.com', 'pro'],
    ])
    const after = parseStoredTokens(await h.store.get(accountSecretName(BOB.accountId)))
    expect(after?.refresh_token).not.toBe(before?.refresh_token)
    expect(h.issuer.refreshTokenState(before?.refresh_token ?? '')).toBe('revoked')
    // Each account refreshes with its own refresh token and stays itself.
    h.clock.now += 11 * 24 * 3600 * 1000
    const bob = statuses[1]
    if (!bob) throw new Error('no second account')
    await h.pool.credentialsFor(bob.id).getCredentials()
    expect((await h.pool.find('bob@example.com'))?.id).toBe(BOB.accountId)
    expect(h.issuer.counts.refreshes).toBe(1)
  })

  it('signs one account out by email or id, then all', async () => {
    h = await authHarness({ deviceInterval: '0.01', devicePolls: ['approve'] })
    await deviceLogin(h)
    h.issuer.setIdentity(BOB)
    await deviceLogin(h)
    expect(await h.pool.remove('nobody@example.com')).toBeUndefined()
    const removed = await h.pool.remove('BOB@example.com')
    expect(removed).toMatchObject({ id: BOB.accountId, revoked: true, deleted: true })
    expect(await h.store.get(accountSecretName(BOB.accountId))).toBeNull()
    expect((await h.pool.statuses()).map((s) => s.id)).toEqual([ADA])
    expect(await h.pool.removeAll()).toMatchObject([{ id: ADA, deleted: true }])
    expect(await h.store.get(accountSecretName(ADA))).toBeNull()
    expect(await h.pool.statuses()).toEqual([])
    expect((await h.pool.status()).signedIn).toBe(false)
  })
})
