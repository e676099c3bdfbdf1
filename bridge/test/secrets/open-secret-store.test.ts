// Choosing the store: keychain when the probe passes, the file only when allowed, otherwise the clear error; bounded probes.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { probeKeychain } from '../../secrets/keychain-probe.js'
import { KeychainError, KeytarSecretStore } from '../../secrets/keytar-secret-store.js'
import { NoKeychainError, openSecretStore } from '../../secrets/open-secret-store.js'
import { failingKeytar, frozenKeytar, lockedKeytar, memoryKeytar } from './fake-keytar.js'

describe('openSecretStore', () => {
  it('uses the keychain when the probe passes and leaves no probe entry behind', async () => {
    const keytar = memoryKeytar()
    const store = await openSecretStore({ dir: '/nowhere', allowFile: true, keytar })
    expect(store.kind).toBe('keychain')
    expect(keytar.items.size).toBe(0)
    await store.set('chatgpt-tokens', 'x')
    expect([...keytar.items.keys()]).toEqual(['Switchboard/chatgpt-tokens'])
  })

  it('falls back to the file only when allowed, and otherwise says what to do', async () => {
    const keytar = failingKeytar(
      'The name org.freedesktop.secrets was not provided by any .service files',
    )
    const file = await openSecretStore({ dir: '/tmp/sb-x', allowFile: true, keytar })
    expect(file.kind).toBe('file')
    const error = await openSecretStore({ dir: '/tmp/sb-x', allowFile: false, keytar }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(NoKeychainError)
    expect((error as NoKeychainError).probe.reason).toBe('no_secret_service')
    expect((error as Error).message).toMatch(
      /^No keychain is available \(no Secret Service .*\)\. Run with --secret-store file to keep tokens in \/tmp\/sb-x\/secrets\.json \(mode 0600\)$/,
    )
    expect((error as NoKeychainError).filePath).toBe(join('/tmp/sb-x', 'secrets.json'))
  })
})

describe('probeKeychain', () => {
  it('reports a frozen Secret Service as a timeout instead of hanging', async () => {
    expect(await probeKeychain({ keytar: frozenKeytar(), timeoutMs: 100 })).toMatchObject({
      available: false,
      reason: 'timeout',
    })
  })

  it('detects a locked keyring that reads back nothing', async () => {
    expect(await probeKeychain({ keytar: lockedKeytar() })).toMatchObject({
      available: false,
      reason: 'locked',
    })
    const refused = await probeKeychain({
      keytar: failingKeytar('Cannot create an item in a locked collection'),
    })
    expect(refused).toMatchObject({ available: false, reason: 'locked' })
  })

  it('bounds every store call', async () => {
    const store = new KeytarSecretStore({ keytar: frozenKeytar(), timeoutMs: 50 })
    const error = await store.get('chatgpt-tokens').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KeychainError)
    expect((error as KeychainError).reason).toBe('timeout')
  })
})
