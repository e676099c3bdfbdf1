// The Account page and the chatgpt provider's account settings in real Chromium, against the gateway as
// createHost composes it, the fake ChatGPT backend serving three accounts of different usage and the fake issuer:
// the pool listed with its bars, an account added with a device code and removed again, then the reserve and
// the switch point edited in the UI and the next request served by the new rule, without a restart.
// Screenshots (1280×800 and 800×600, light and dark) go to SWITCHBOARD_SHOTS (default test-results/accounts).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import OpenAI from 'openai'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountPool, resolveAuthConfig } from '../../bridge/auth/index.js'
import { tokensFromResponse } from '../../bridge/auth/token-set.js'
import { defaultSettings } from '../../bridge/config/defaults.js'
import type { GatewayHost } from '../../bridge/control/gateway-host.js'
import { registerControlHttp } from '../../bridge/control/http-control.js'
import { createHost } from '../../bridge/host/create-host.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'
import { MemorySettingsStore, memoryKeys } from '../../bridge/test/control/host-helpers.js'
import type { FakeUsage } from '../../bridge/test/fakes/fake-codex-catalog.js'
import {
  startFakeCodexBackend,
  type FakeCodexBackend,
} from '../../bridge/test/fakes/fake-codex-backend.js'
import { startFakeIssuer, type FakeIssuer } from '../../bridge/test/fakes/fake-issuer.js'

const ROOT = resolve(import.meta.dirname, '../..')
const UI_DIR = join(ROOT, 'dist/renderer')
const SHOTS = process.env['SWITCHBOARD_SHOTS'] ?? join(ROOT, 'test-results/accounts')
const TOKEN = 'sbc-accounts-e2e-control-token'
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = { email: 'bob@example.com', accountId: 'bbbbbbbb-2222-4333-8444-555555555555' }
const CAT = { email: 'cat@example.com', accountId: 'cccccccc-2222-4333-8444-555555555555' }

const usage = (primary: number, secondary: number): FakeUsage => ({
  planType: 'plus',
  primary: { usedPercent: primary, windowMinutes: 300, resetAfterSeconds: 2 * 3600 },
  secondary: { usedPercent: secondary, windowMinutes: 10080, resetAfterSeconds: 300_000 },
})

let backend: FakeCodexBackend
let issuer: FakeIssuer
let host: GatewayHost
let browser: Browser
let client: OpenAI
let configDir = ''
let url = ''
/** Who the issuer signs in now: its access tokens are that account's at the backend. */
let signingIn = ADA.accountId

beforeAll(async () => {
  if (!existsSync(join(UI_DIR, 'index.html'))) {
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'],
      { cwd: ROOT, stdio: 'inherit' },
    )
    if (built.status !== 0) throw new Error('the web UI did not build')
  }
  mkdirSync(SHOTS, { recursive: true })
  configDir = mkdtempSync(join(tmpdir(), 'switchboard-accounts-e2e-'))
  backend = await startFakeCodexBackend({
    accountId: ADA.accountId,
    validToken: 'not-yet',
    usage: usage(60, 20),
  })
  backend.addAccount({ accountId: BOB.accountId, token: 'not-yet', usage: usage(10, 45) })
  backend.addAccount({ accountId: CAT.accountId, token: 'not-yet', usage: usage(5, 5) })
  issuer = await startFakeIssuer({
    deviceInterval: '1',
    devicePolls: ['approve'],
    onAccessToken: (t) =>
      signingIn === ADA.accountId
        ? backend.setValidToken(t)
        : backend.setAccountToken(signingIn, t),
  })
  // ADA and BOB are signed in already, as after `switchboard login` twice.
  const secrets = new MemorySecretStore()
  const pool = new AccountPool({
    store: secrets,
    config: resolveAuthConfig({ issuer: issuer.url }, {}),
  })
  for (const who of [ADA, BOB]) {
    signingIn = who.accountId
    const minted = await issuer.mint(who)
    await pool.add(
      tokensFromResponse(
        { ...minted, expires_in: 24 * 3600 },
        { ...minted, account_id: null, mode: 'own' },
        Date.now(),
      ),
    )
  }
  const settings = defaultSettings()
  settings.server.port = 0
  settings.auth = { issuer: issuer.url }
  const chatgpt = settings.providers.find((p) => p.kind === 'chatgpt')
  if (!chatgpt) throw new Error('no chatgpt provider in the defaults')
  chatgpt.baseUrl = backend.baseUrl
  settings.defaultProvider = chatgpt.id
  const keys = memoryKeys()
  const built = await createHost({
    env: { HOME: configDir },
    configDir,
    settingsStore: new MemorySettingsStore(settings),
    openSecrets: async () => secrets,
    accessKeys: keys,
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token: TOKEN, uiDir: UI_DIR }),
  })
  host = built.host
  url = (await host.startGateway()).url ?? ''
  client = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await Promise.all([backend?.close(), issuer?.close()])
  if (configDir) rmSync(configDir, { recursive: true, force: true })
})

/** A new conversation; the account the backend saw it from. */
async function ask(conversation: string): Promise<string | undefined> {
  await client.responses.create({ model: 'gpt-5.5', input: 'hi', prompt_cache_key: conversation })
  return backend.responseRequests().at(-1)?.headers['chatgpt-account-id'] as string | undefined
}

async function open(width = 1280, height = 800, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme })
  const page = await context.newPage()
  await page.goto(`${url}/ui/#token=${TOKEN}`)
  await page.waitForURL(`${url}/ui/**`)
  await page.goto(`${url}/ui/#/account`)
  return page
}

/** Chromium, the gateway and the fakes share two cores with other suites: give the UI time. */
const WAIT = { timeout: 10_000 }
const card = (page: Page, email: string) => page.getByRole('region', { name: `Account ${email}` })

describe('the account pool in the web UI', () => {
  it('lists the pool with bars, adds an account with a device code, removes it again', async () => {
    expect(await ask('first')).toBe(ADA.accountId)
    expect(await ask('second')).toBe(ADA.accountId)
    const page = await open()
    const ada = card(page, ADA.email)
    await expect
      .poll(() => ada.getByLabel('5-hour window used').getAttribute('value'), WAIT)
      .toBe('60')
    expect(await ada.getByLabel('Weekly window used').getAttribute('value')).toBe('20')
    expect(await ada.getByText('Serves new conversations').count()).toBe(1)
    expect(await ada.getByText(/^Resets (\w{3} )?\d\d:\d\d \(in /).count()).toBe(2)
    expect(
      await card(page, BOB.email)
        .getByText(/No usage seen yet/)
        .count(),
    ).toBe(1)

    signingIn = CAT.accountId
    issuer.setIdentity(CAT)
    await page.getByRole('button', { name: 'Add account' }).click()
    await page.getByRole('button', { name: 'Use a device code' }).click()
    await expect.poll(() => page.locator('.device-code').count(), WAIT).toBe(1)
    await expect.poll(() => card(page, CAT.email).count(), { timeout: 15_000 }).toBe(1)
    await expect
      .poll(() => page.getByText('cat@example.com is added to the pool.').count(), WAIT)
      .toBe(1)
    await page.screenshot({ path: join(SHOTS, 'account-added-1280x800-light.png'), fullPage: true })

    await card(page, CAT.email)
      .getByRole('button', { name: `Remove ${CAT.email}` })
      .click()
    await page.getByRole('button', { name: 'Remove account' }).click()
    await expect.poll(() => card(page, CAT.email).count(), WAIT).toBe(0)
    expect(((await host.authStatus()).accounts ?? []).map((a) => a.email)).toEqual([
      ADA.email,
      BOB.email,
    ])
    await page.context().close()
  })

  it('the reserve and the switch point edited in the UI decide the next request, without a restart', async () => {
    const page = await open()
    await page.goto(`${url}/ui/#/providers`)
    await page.getByRole('button', { name: /^chatgpt/ }).click()
    await page.getByLabel('Reserve').selectOption(ADA.email)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(async () => (await host.getSettings()).providers[0]?.accounts, WAIT)
      .toEqual({ reserve: ADA.email })
    // ADA is held back while BOB is below the switch point.
    expect(await ask('after-reserve')).toBe(BOB.accountId)

    await page.getByLabel('Switch at').fill('8')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(async () => (await host.getSettings()).providers[0]?.accounts?.switchAtPercent, WAIT)
      .toBe(8)
    // BOB (10% used) is past 8%: every other account is, so the reserve serves.
    expect(await ask('after-switch')).toBe(ADA.accountId)

    await page.goto(`${url}/ui/#/account`)
    const ada = card(page, ADA.email)
    await expect.poll(() => ada.getByText('Serves new conversations').count(), WAIT).toBe(1)
    expect(await ada.getByText('Reserve', { exact: true }).count()).toBe(1)
    await page.context().close()
  })

  it('looks right at 1280×800 and 800×600, light and dark', async () => {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await open(width, height, scheme)
        await expect.poll(() => card(page, BOB.email).count(), WAIT).toBe(1)
        const overflow = (await page.evaluate(
          'document.documentElement.scrollWidth - window.innerWidth',
        )) as number
        expect(overflow).toBeLessThanOrEqual(0)
        await page.screenshot({ path: join(SHOTS, `account-${width}x${height}-${scheme}.png`) })
        await page.goto(`${url}/ui/#/providers`)
        await page.getByRole('button', { name: /^chatgpt/ }).click()
        await page.getByRole('group', { name: 'Accounts' }).scrollIntoViewIfNeeded()
        await page.screenshot({
          path: join(SHOTS, `provider-accounts-${width}x${height}-${scheme}.png`),
        })
        await page.context().close()
      }
    }
  })
})
