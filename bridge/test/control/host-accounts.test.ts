// A build without ChatGPT sign-in: the account calls answer "not available" (a coded error through the
// dispatcher), never a crash, and there is nothing to import.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { dispatch } from '../../control/dispatcher.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { MemorySettingsStore, memoryKeys } from './host-helpers.js'

async function hostWithoutAuth(): Promise<GatewayHost> {
  const host = new GatewayHost({
    settingsStore: new MemorySettingsStore(defaultSettings()),
    accessKeys: memoryKeys(),
    secrets: new MemorySecretStore(),
  })
  await host.init()
  return host
}

describe('account calls without ChatGPT support', () => {
  it('reports sign-in as unavailable and refuses to start one', async () => {
    const host = await hostWithoutAuth()
    try {
      expect(await host.authStatus()).toEqual({
        signedIn: false,
        state: 'unavailable',
        message: 'ChatGPT sign-in is not available in this build.',
      })
      for (const [method, arg] of [
        ['signIn', { method: 'browser' }],
        ['signOut', undefined],
        ['importCodexLogin', undefined],
        ['importProxyTokens', { deleteFile: false }],
      ] as const) {
        expect(await dispatch(host, method, arg)).toEqual({
          ok: false,
          error: {
            code: 'unavailable',
            message: 'ChatGPT sign-in is not available in this build.',
          },
        })
      }
      expect(await dispatch(host, 'cancelSignIn', undefined)).toEqual({ ok: true, value: null })
      expect(await host.proxyTokensOffer()).toBeNull()
    } finally {
      await host.close()
    }
  })
})
