// keytar against a real Secret Service (gnome-keyring); runs only under scripts/test-keyring.sh (SWITCHBOARD_KEYRING_TEST=1).
import { describe, expect, it } from 'vitest'
import { resolveAuthConfig } from '../../auth/auth-config.js'
import { CredentialService } from '../../auth/credential-service.js'
import { probeKeychain } from '../../secrets/keychain-probe.js'
import {
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  loadKeytar,
} from '../../secrets/keytar-secret-store.js'
import { openSecretStore } from '../../secrets/open-secret-store.js'
import { startFakeIssuer } from '../fakes/fake-issuer.js'
import { tokensFromResponse } from '../../auth/token-set.js'

const real = process.env['SWITCHBOARD_KEYRING_TEST'] === '1'

describe.runIf(real)('keytar on a real Secret Service', () => {
  it('probes available', async () => {
    expect(await probeKeychain()).toEqual({ available: true })
  })

  it('stores, reads and deletes under the Switchboard service', async () => {
    const store = await openSecretStore({ dir: '/tmp/unused', allowFile: false })
    expect(store.kind).toBe('keychain')
    await store.set('test-secret', 's3cret-ä€')
    expect(await store.get('test-secret')).toBe('s3cret-ä€')
    const keytar = await loadKeytar()
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'test-secret')).toBe('s3cret-ä€')
    expect(await store.delete('test-secret')).toBe(true)
    expect(await store.delete('test-secret')).toBe(false)
    expect(await store.get('test-secret')).toBeNull()
  })

  it('keeps a ChatGPT login and its refreshes in the keychain', async () => {
    const issuer = await startFakeIssuer()
    try {
      const config = resolveAuthConfig({ issuer: issuer.url }, {})
      const store = new KeytarSecretStore()
      let now = Date.now()
      const credentials = new CredentialService({ store, config, now: () => now })
      const minted = await issuer.mint()
      const tokens = tokensFromResponse(
        { ...minted, expires_in: 3600 },
        { ...minted, account_id: null, mode: 'own' },
        now,
      )
      expect((await credentials.signIn(tokens)).email).toBe('ada@example.com')
      now += 3600_000
      const token = await credentials.getAccessToken()
      expect(token).not.toBe(minted.access_token)
      const other = new CredentialService({ store: new KeytarSecretStore(), config })
      expect((await other.status()).signedIn).toBe(true)
      expect(await other.getAccessToken()).toBe(token)
      expect((await credentials.logout()).deleted).toBe(true)
      expect(await store.get('chatgpt-tokens')).toBeNull()
    } finally {
      await issuer.close()
    }
  })
})
