// The account pool on a real Secret Service (gnome-keyring); runs only under scripts/test-keyring.sh.
import { describe, expect, it } from 'vitest'
import { AccountPool, accountSecretName, ACCOUNTS_SECRET } from '../../auth/account-pool.js'
import { resolveAuthConfig } from '../../auth/auth-config.js'
import { serializeTokens, TOKENS_SECRET, tokensFromResponse } from '../../auth/token-set.js'
import {
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  loadKeytar,
} from '../../secrets/keytar-secret-store.js'
import { startFakeIssuer } from '../fakes/fake-issuer.js'

const real = process.env['SWITCHBOARD_KEYRING_TEST'] === '1'
const ADA = '11111111-2222-4333-8444-555555555555'
const BOB = 'bbbbbbbb-2222-4333-8444-555555555555'

describe.runIf(real)('ChatGPT accounts in a real keychain', () => {
  it('migrates the single entry, keeps one entry per account, survives a new process, deletes one', async () => {
    const issuer = await startFakeIssuer()
    try {
      const config = resolveAuthConfig({ issuer: issuer.url }, {})
      const store = new KeytarSecretStore()
      const tokens = async (who?: { email: string; accountId: string }) => {
        const minted = await issuer.mint(who)
        return tokensFromResponse(
          { ...minted, expires_in: 3600 },
          { ...minted, account_id: null, mode: 'own' },
          Date.now(),
        )
      }
      // What an earlier version left: one entry under chatgpt-tokens.
      const old = await tokens()
      await store.set(TOKENS_SECRET, serializeTokens(old))
      const pool = new AccountPool({ store, config })
      expect((await pool.statuses()).map((s) => s.id)).toEqual([ADA])
      await pool.add(await tokens({ email: 'bob@example.com', accountId: BOB }))
      const keytar = await loadKeytar()
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, TOKENS_SECRET)).toBeNull()
      expect(
        JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, accountSecretName(ADA))) ?? '{}'),
      ).toMatchObject({ refresh_token: old.refresh_token })
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, accountSecretName(BOB))).not.toBeNull()
      // A restart (a new store and pool) finds both.
      const again = new AccountPool({ store: new KeytarSecretStore(), config })
      expect((await again.statuses()).map((s) => s.email)).toEqual([
        'ada@example.com',
        'bob@example.com',
      ])
      expect(await again.remove(BOB)).toMatchObject({ deleted: true })
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, accountSecretName(BOB))).toBeNull()
      await again.removeAll()
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, accountSecretName(ADA))).toBeNull()
      expect(
        JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, ACCOUNTS_SECRET)) ?? '{}'),
      ).toEqual({ version: 1, accounts: [] })
    } finally {
      await issuer.close()
    }
  })
})
