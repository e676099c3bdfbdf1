// Browser sign-in end to end over real sockets: authorize redirect, loopback callback, code exchange, stored tokens.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError } from '../../auth/auth-errors.js'
import { startBrowserLogin } from '../../auth/browser-login.js'
import { accountSecretName } from '../../auth/account-pool.js'
import type { AuthHarness } from './auth-harness.js'
import { ADA_ACCOUNT, authHarness, followAuthorize, portIsClosed, visit } from './auth-harness.js'

let h: AuthHarness
afterEach(async () => h.close())

describe('browser login', () => {
  it('signs in like a browser would and stores one JSON secret for the account', async () => {
    h = await authHarness()
    const printed: string[] = []
    const opened: string[] = []
    const login = await h.pool.startBrowserLogin({
      onAuthorizeUrl: (u) => printed.push(u),
      openBrowser: (u) => void opened.push(u),
    })
    expect(printed).toEqual([login.authorizeUrl])

    const url = new URL(login.authorizeUrl)
    expect(`${url.origin}${url.pathname}`).toBe(`${h.issuer.url}/oauth/authorize`)
    expect(url.searchParams.get('client_id')).toBe('app_EMoamEEZ73f0CkXaXp7hrann')
    expect(url.searchParams.get('redirect_uri')).toBe(
      `http://localhost:${login.port}/auth/callback`,
    )
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('originator')).toBe('codex_cli_rs')
    expect(url.search).toContain('scope=openid%20profile%20email%20offline_access')

    const callback = await followAuthorize(login.authorizeUrl)
    expect(callback.startsWith(`http://localhost:${login.port}/auth/callback?code=`)).toBe(true)
    const page = await visit(callback)
    expect(page.status).toBe(200)
    expect(page.html).toContain('Signed in to Switchboard')
    expect(page.html).toContain('ada@example.com')

    const tokens = await login.result
    expect(tokens.mode).toBe('own')
    expect(opened).toEqual([login.authorizeUrl])
    expect(h.issuer.counts.codeExchanges).toBe(1)
    const secret = JSON.parse(
      (await h.store.get(accountSecretName(ADA_ACCOUNT))) ?? '{}',
    ) as Record<string, unknown>
    expect(Object.keys(secret)).toEqual(
      expect.arrayContaining([
        'id_token',
        'access_token',
        'refresh_token',
        'account_id',
        'expires_at',
      ]),
    )
    expect(secret['refresh_token']).toBe(tokens.refresh_token)
    expect(secret['account_id']).toBe('11111111-2222-4333-8444-555555555555')
    expect(typeof secret['expires_at']).toBe('number')

    const [status, ...others] = await h.pool.statuses()
    expect(others).toEqual([])
    expect(status).toMatchObject({
      id: ADA_ACCOUNT,
      signedIn: true,
      state: 'signed_in',
      email: 'ada@example.com',
      plan: 'plus',
      mode: 'own',
    })
    expect(status?.accountId).toBe(ADA_ACCOUNT)
    expect(await portIsClosed(login.port)).toBe(true)
  })

  it('rejects a callback with the wrong state and keeps waiting for the right one', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({ config: h.config })
    const callback = await followAuthorize(login.authorizeUrl)
    const forged = new URL(callback)
    forged.searchParams.set('state', 'not-the-state')
    const bad = await visit(forged.toString())
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('State mismatch')
    expect(h.issuer.counts.codeExchanges).toBe(0)

    expect((await visit(callback)).status).toBe(200)
    expect((await login.result).access_token).not.toBe('')
  })

  it('is cancelled over /cancel only with the login state; another page cannot end it', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({ config: h.config })
    const state = new URL(login.authorizeUrl).searchParams.get('state') ?? ''
    expect(state).not.toBe('')
    const base = `http://localhost:${login.port}/cancel`
    for (const forged of [base, `${base}?state=`, `${base}?state=not-the-state`]) {
      expect((await visit(forged)).status).toBe(400)
    }
    // Still waiting: the real callback completes the sign-in.
    const callback = await followAuthorize(login.authorizeUrl)
    expect((await visit(callback)).status).toBe(200)
    expect((await login.result).access_token).not.toBe('')

    const second = await startBrowserLogin({ config: h.config })
    const secondState = new URL(second.authorizeUrl).searchParams.get('state') ?? ''
    const page = await visit(`http://localhost:${second.port}/cancel?state=${secondState}`)
    expect(page.status).toBe(200)
    await expect(second.result).rejects.toMatchObject({ code: 'login_cancelled' })
    expect(await portIsClosed(second.port)).toBe(true)
  })

  it('accepts exactly one callback', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({ config: h.config })
    const callback = await followAuthorize(login.authorizeUrl)
    const release = h.issuer.holdTokenRequests()
    const first = visit(callback)
    // The first callback is now waiting on the held exchange; a replay must not start a second one.
    const second = await visit(callback)
    expect(second.status).toBe(409)
    release()
    expect((await first).status).toBe(200)
    await login.result
    expect(h.issuer.counts.codeExchanges).toBe(1)
  })

  it('times out and frees the port', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({ config: h.config, timeoutMs: 100 })
    await expect(login.result).rejects.toMatchObject({ code: 'login_timeout' })
    expect(await portIsClosed(login.port)).toBe(true)
  })

  it('is cancelled by an AbortSignal', async () => {
    h = await authHarness()
    const abort = new AbortController()
    const login = await startBrowserLogin({ config: h.config, signal: abort.signal })
    abort.abort()
    const error = await login.result.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).code).toBe('login_cancelled')
    expect(await portIsClosed(login.port)).toBe(true)
    await expect(
      startBrowserLogin({ config: h.config, signal: abort.signal }),
    ).rejects.toMatchObject({ code: 'login_cancelled' })
  })

  it('falls back to the next port when the first is busy', async () => {
    h = await authHarness()
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const busy = (blocker.address() as AddressInfo).port
    try {
      const login = await startBrowserLogin({ config: h.config, ports: [busy, 0] })
      expect(login.port).not.toBe(busy)
      expect(login.redirectUri).toBe(`http://localhost:${login.port}/auth/callback`)
      login.cancel()
      await expect(login.result).rejects.toMatchObject({ code: 'login_cancelled' })
      await expect(startBrowserLogin({ config: h.config, ports: [busy] })).rejects.toMatchObject({
        code: 'callback_port_busy',
      })
    } finally {
      blocker.close()
    }
  })

  it('shows the workspace message when Codex is not enabled', async () => {
    h = await authHarness({
      denyAuthorize: { error: 'access_denied', description: 'missing_codex_entitlement' },
    })
    const login = await h.pool.startBrowserLogin({})
    const page = await visit(await followAuthorize(login.authorizeUrl))
    expect(page.html).toContain('Codex is not enabled')
    await expect(login.result).rejects.toMatchObject({ code: 'login_denied' })
    expect(await h.pool.accounts()).toEqual([])
  })

  it('keeps going when the browser cannot be opened', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({
      config: h.config,
      openBrowser: () => {
        throw new Error('no xdg-open')
      },
    })
    expect((await visit(await followAuthorize(login.authorizeUrl))).status).toBe(200)
    await login.result
  })

  it('shows a failure page when the code exchange fails', async () => {
    h = await authHarness()
    const login = await startBrowserLogin({ config: h.config })
    const callback = new URL(await followAuthorize(login.authorizeUrl))
    callback.searchParams.set('code', 'ac_unknown')
    const page = await visit(callback.toString())
    expect(page.status).toBe(502)
    expect(page.html).toContain('Sign-in failed')
    await expect(login.result).rejects.toMatchObject({ code: 'token_exchange_failed' })
  })
})
