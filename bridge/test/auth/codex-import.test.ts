// Importing the Codex CLI login in linked mode: no network on import, write-back on refresh, adopting Codex's rotations.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultCodexAuthPath } from '../../auth/codex-auth-file.js'
import { accountSecretName } from '../../auth/account-pool.js'
import type { MintedTokens } from '../fakes/fake-issuer-tokens.js'
import type { AuthHarness } from './auth-harness.js'
import { ADA_ACCOUNT, authHarness } from './auth-harness.js'

let h: AuthHarness
let codexHome: string
let authPath: string

beforeEach(() => {
  codexHome = mkdtempSync(join(tmpdir(), 'codex-home-'))
  authPath = join(codexHome, 'auth.json')
})
afterEach(async () => {
  await h.close()
  await rm(codexHome, { recursive: true, force: true })
})

/** The imported account's credentials, as the gateway uses them. */
const account = () => h.pool.credentialsFor(ADA_ACCOUNT)

function writeCodexFile(t: MintedTokens, extra: Record<string, unknown> = {}): void {
  const file = {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: t.id_token,
      access_token: t.access_token,
      refresh_token: t.refresh_token,
      account_id: '11111111-2222-4333-8444-555555555555',
    },
    last_refresh: '2026-05-14T09:12:33.123456Z',
    ...extra,
  }
  writeFileSync(authPath, JSON.stringify(file, null, 2), { mode: 0o600 })
}

function readCodexFile(): { tokens: Record<string, string>; [k: string]: unknown } {
  return JSON.parse(readFileSync(authPath, 'utf8')) as { tokens: Record<string, string> }
}

/** What the Codex CLI does when it refreshes: use the file's refresh token, write the rotated set back. */
async function codexRefreshes(): Promise<void> {
  const file = readCodexFile()
  const response = await fetch(`${h.issuer.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: h.config.clientId,
      grant_type: 'refresh_token',
      refresh_token: file.tokens['refresh_token'],
    }),
  })
  expect(response.status).toBe(200)
  const rotated = (await response.json()) as Record<string, string>
  writeFileSync(
    authPath,
    JSON.stringify({ ...file, tokens: { ...file.tokens, ...rotated } }, null, 2),
  )
}

describe('Codex CLI import (linked mode)', () => {
  it('finds auth.json under CODEX_HOME, else ~/.codex', async () => {
    h = await authHarness()
    expect(defaultCodexAuthPath({ CODEX_HOME: '/x/codex' })).toBe('/x/codex/auth.json')
    expect(defaultCodexAuthPath({})).toMatch(/\.codex\/auth\.json$/)
  })

  it('imports without any network call and says which mode is active', async () => {
    h = await authHarness()
    const minted = await h.issuer.mint()
    writeCodexFile(minted)
    const before = readFileSync(authPath, 'utf8')
    const { status, added } = await h.pool.importCodexLogin({ env: { CODEX_HOME: codexHome } })
    expect(added).toBe(true)
    expect(status).toMatchObject({
      id: ADA_ACCOUNT,
      signedIn: true,
      state: 'signed_in',
      mode: 'codex-linked',
      codexAuthPath: authPath,
      email: 'ada@example.com',
    })
    expect(status.message).toContain('sharing the Codex CLI login')
    expect(status.message).toContain(authPath)
    expect(h.issuer.counts.refreshes + h.issuer.counts.codeExchanges).toBe(0)
    expect(readFileSync(authPath, 'utf8')).toBe(before)
    expect(await account().getAccessToken()).toBe(minted.access_token)
  })

  it('writes rotated tokens back so the Codex CLI stays signed in', async () => {
    h = await authHarness()
    writeCodexFile(await h.issuer.mint(), { personal_access_token: 'keep-me' })
    await h.pool.importCodexLogin({ path: authPath })
    h.clock.now = ((await h.storedAccount())?.expires_at ?? 0) + 1
    const token = await account().getAccessToken()
    expect(h.issuer.counts.refreshes).toBe(1)

    const file = readCodexFile()
    expect(file.tokens['access_token']).toBe(token)
    expect(file.tokens['refresh_token']).toBe((await h.storedAccount())?.refresh_token)
    expect(h.issuer.refreshTokenState(file.tokens['refresh_token'] ?? '')).toBe('active')
    expect(file['OPENAI_API_KEY']).toBeNull()
    expect(file['auth_mode']).toBe('chatgpt')
    expect(file['personal_access_token']).toBe('keep-me')
    expect(file['last_refresh']).not.toBe('2026-05-14T09:12:33.123456Z')
    expect(statSync(authPath).mode & 0o777).toBe(0o600)

    // The Codex CLI's own next refresh uses the file and succeeds.
    await codexRefreshes()
    expect(h.issuer.counts.refreshFailures).toBe(0)
  })

  it('adopts tokens the Codex CLI rotated instead of reusing a spent refresh token', async () => {
    h = await authHarness({ accessTtlSeconds: 3600 })
    writeCodexFile(await h.issuer.mint())
    await h.pool.importCodexLogin({ path: authPath })
    h.issuer.setAccessTtlSeconds(10 * 24 * 3600)
    await codexRefreshes()
    h.clock.now = ((await h.storedAccount())?.expires_at ?? 0) - 1000
    const token = await account().getAccessToken()
    expect(token).toBe(readCodexFile().tokens['access_token'])
    expect(h.issuer.counts.refreshes).toBe(1)
    expect(h.issuer.counts.refreshFailures).toBe(0)
    expect((await h.storedAccount())?.refresh_token).toBe(readCodexFile().tokens['refresh_token'])
  })

  it('on 401 picks up the Codex CLI rotation first', async () => {
    h = await authHarness()
    const minted = await h.issuer.mint()
    writeCodexFile(minted)
    await h.pool.importCodexLogin({ path: authPath })
    await codexRefreshes()
    expect(await account().onUnauthorized(minted.access_token)).toBe(
      readCodexFile().tokens['access_token'],
    )
    expect(h.issuer.counts.refreshes).toBe(1)
    expect(h.issuer.counts.refreshFailures).toBe(0)
  })

  it('logout unlinks without revoking, so the Codex CLI stays signed in', async () => {
    h = await authHarness()
    const minted = await h.issuer.mint()
    writeCodexFile(minted)
    await h.pool.importCodexLogin({ path: authPath })
    expect(await h.pool.remove('ada@example.com')).toEqual({
      id: ADA_ACCOUNT,
      email: 'ada@example.com',
      revoked: false,
      deleted: true,
      mode: 'codex-linked',
    })
    expect(h.issuer.counts.revokes).toBe(0)
    expect(await h.store.get(accountSecretName(ADA_ACCOUNT))).toBeNull()
    expect(await h.pool.accounts()).toEqual([])
    expect(h.issuer.refreshTokenState(minted.refresh_token)).toBe('active')
    expect(readCodexFile().tokens['refresh_token']).toBe(minted.refresh_token)
  })

  it('explains a missing file or an API-key login', async () => {
    h = await authHarness()
    await expect(h.pool.importCodexLogin({ path: authPath })).rejects.toThrow(
      /No Codex CLI login .*keyring/,
    )
    writeFileSync(authPath, JSON.stringify({ OPENAI_API_KEY: 'sk-test', tokens: null }))
    await expect(h.pool.importCodexLogin({ path: authPath })).rejects.toMatchObject({
      code: 'codex_import_failed',
    })
    expect(await h.pool.accounts()).toEqual([])
  })

  it('signs out with a clear message when the linked file disappeared', async () => {
    h = await authHarness()
    writeCodexFile(await h.issuer.mint())
    await h.pool.importCodexLogin({ path: authPath })
    await rm(authPath)
    h.clock.now = ((await h.storedAccount())?.expires_at ?? 0) + 1
    await expect(account().getAccessToken()).rejects.toMatchObject({ code: 'refresh_failed' })
    const status = await account().status()
    expect(status.state).toBe('signed_out_refresh_failed')
    expect(status.message).toContain('Sign in again')
  })
})
