// chatgpt-codex-proxy's sign-in through the one control dispatcher: the offer names whose it is, the import adds it to
// the account pool as `switchboard login --import-proxy` does, and the plain file is deleted only when asked.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AccountPool,
  accountSecretName,
  defaultProxyTokensPath,
  resolveAuthConfig,
  type StoredTokens,
} from '../../auth/index.js'
import { defaultSettings } from '../../config/defaults.js'
import type { AuthStatus, ProxyTokensOffer } from '../../control/contract/accounts.js'
import { dispatch } from '../../control/dispatcher.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { ChatgptAuth } from '../../host/chatgpt-auth.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { PROXY_ACCOUNT, writeProxyTokens } from '../fakes/proxy-tokens.js'
import { MemorySettingsStore, memoryKeys } from './host-helpers.js'

/** A throwaway HOME holding chatgpt-codex-proxy's tokens.json (its own format) where that tool kept it. */
async function homeWithTokens(text?: string): Promise<{ home: string; path: string }> {
  const home = mkdtempSync(join(tmpdir(), 'sb-proxy-import-'))
  const { path } = await writeProxyTokens(home, text)
  return { home, path }
}

async function hostWith(proxyTokens: string | undefined) {
  const secrets = new MemorySecretStore()
  const pool = new AccountPool({ store: secrets, config: resolveAuthConfig({}, {}) })
  const host = new GatewayHost({
    settingsStore: new MemorySettingsStore(defaultSettings()),
    accessKeys: memoryKeys(),
    secrets,
    env: {},
    auth: new ChatgptAuth(pool),
    ...(proxyTokens === undefined ? {} : { proxyTokens }),
  })
  await host.init()
  return { host, pool, secrets }
}

describe('chatgpt-codex-proxy sign-in through the control dispatcher', () => {
  it('offers it, imports it into the pool, and leaves the file unless asked to delete it', async () => {
    const { path } = await homeWithTokens()
    const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs }
    const { host, pool, secrets } = await hostWith(path)

    const offered = await dispatch(host, 'proxyTokensOffer', undefined)
    expect(offered.ok).toBe(true)
    expect(offered.ok ? (offered.value as ProxyTokensOffer) : null).toEqual({
      path,
      email: PROXY_ACCOUNT.email,
      accountId: PROXY_ACCOUNT.accountId,
    })
    expect(await pool.accounts()).toEqual([])

    const kept = await dispatch(host, 'importProxyTokens', { deleteFile: false })
    expect(kept.ok).toBe(true)
    const status = (kept.ok ? kept.value : null) as AuthStatus
    expect(status).toMatchObject({ signedIn: true, email: 'proxy@example.com', plan: 'pro' })
    expect((await pool.accounts()).map((a) => a.id)).toEqual(['acc-proxy-0001'])
    expect(readFileSync(path)).toEqual(before.bytes)
    expect(statSync(path).mtimeMs).toBe(before.mtime)

    // Switchboard renews the account's tokens; deleting the file afterwards must not put its older ones back.
    const entry = accountSecretName('acc-proxy-0001')
    const stored = JSON.parse((await secrets.get(entry)) ?? '{}') as StoredTokens
    await pool.add({ ...stored, refresh_token: 'renewed-by-switchboard' })
    const removed = await dispatch(host, 'importProxyTokens', { deleteFile: true })
    expect(removed.ok).toBe(true)
    expect(existsSync(path)).toBe(false)
    expect(JSON.parse((await secrets.get(entry)) ?? '{}')).toMatchObject({
      refresh_token: 'renewed-by-switchboard',
    })
    expect((await pool.accounts()).map((a) => a.id)).toEqual(['acc-proxy-0001'])
    const after = await dispatch(host, 'proxyTokensOffer', undefined)
    expect(after).toEqual({ ok: true, value: null })
  })

  it('has no offer without the file, and importing then is a coded error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-proxy-none-'))
    const { host } = await hostWith(defaultProxyTokensPath(home))
    expect(await dispatch(host, 'proxyTokensOffer', undefined)).toEqual({ ok: true, value: null })
    const result = await dispatch(host, 'importProxyTokens', { deleteFile: true })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('not_found')
      expect(result.error.message).toContain(defaultProxyTokensPath(home))
    }
  })

  it('a file without tokens is a coded error naming it, and is never deleted', async () => {
    const { path } = await homeWithTokens('{"access_token": ""}')
    const { host, pool } = await hostWith(path)
    const offered = await dispatch(host, 'proxyTokensOffer', undefined)
    expect(offered.ok ? (offered.value as ProxyTokensOffer).problem : '').toContain(path)
    const result = await dispatch(host, 'importProxyTokens', { deleteFile: true })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_argument')
      expect(result.error.message).toContain(path)
    }
    expect(existsSync(path)).toBe(true)
    expect(await pool.accounts()).toEqual([])
    const invalid = await dispatch(host, 'importProxyTokens', { deleteFile: 'yes' })
    expect(invalid.ok ? '' : invalid.error.code).toBe('invalid_argument')
  })
})
