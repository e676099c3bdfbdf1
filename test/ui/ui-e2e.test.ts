// The web UI in real Chromium against the headless gateway and the fake upstreams: sign in through the
// fake issuer, edit a mapping and see the next request routed by it, watch a streamed request appear in
// the live log with its frames, copy a snippet; screenshots of every page in light and dark.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import OpenAI from 'openai'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtWebUi, launchChromium } from '../helpers/browser.js'
import { AccountPool, resolveAuthConfig } from '../../bridge/auth/index.js'
import { ChatgptAuth } from '../../bridge/host/chatgpt-auth.js'
import { GatewayHost } from '../../bridge/control/gateway-host.js'
import { registerControlHttp } from '../../bridge/control/http-control.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'
import { ChatgptRuntime } from '../../bridge/upstream/chatgpt/runtime.js'
import { createProviderRegistry } from '../../bridge/upstream/registry.js'
import { MemorySettingsStore, memoryKeys } from '../../bridge/test/control/host-helpers.js'
import {
  startFakeCodexBackend,
  type FakeCodexBackend,
} from '../../bridge/test/fakes/fake-codex-backend.js'
import { startFakeIssuer, type FakeIssuer } from '../../bridge/test/fakes/fake-issuer.js'
import { startAllFakes, type AllFakes } from '../../bridge/test/fakes/index.js'
import { settingsFor } from '../../bridge/test/helpers/gateway.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SHOTS = join(ROOT, 'test-results/screenshots')
const TOKEN = 'sbc-ui-e2e-control-token-000'
const ACCOUNT = '11111111-2222-4333-8444-555555555555'

let fakes: AllFakes
let backend: FakeCodexBackend
let issuer: FakeIssuer
let host: GatewayHost
let browser: Browser
let url = ''
let key = ''

beforeAll(async () => {
  const uiDir = builtWebUi()
  mkdirSync(SHOTS, { recursive: true })
  fakes = await startAllFakes()
  backend = await startFakeCodexBackend({ accountId: ACCOUNT, validToken: 'not-yet' })
  issuer = await startFakeIssuer({ onAccessToken: (t) => backend.setValidToken(t) })
  const settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.server.port = 0
    const chatgpt = s.providers.find((p) => p.kind === 'chatgpt')
    if (chatgpt) chatgpt.baseUrl = backend.baseUrl
    s.providers.push({
      id: 'resp',
      kind: 'openai-responses',
      baseUrl: fakes.responses.url,
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
    })
  })
  const secrets = new MemorySecretStore()
  const credentials = new AccountPool({
    store: secrets,
    config: resolveAuthConfig({ issuer: issuer.url, callbackPorts: [0] }, {}),
  })
  const runtime = new ChatgptRuntime(credentials, {})
  const auth = new ChatgptAuth(credentials, { usage: runtime.usage })
  const keys = memoryKeys()
  key = keys.key
  host = new GatewayHost({
    settingsStore: new MemorySettingsStore(settings),
    accessKeys: keys,
    secrets,
    env: { FAKE_UPSTREAM_KEY: 'sk-fake-upstream-key' },
    providers: createProviderRegistry({ chatgpt: runtime }),
    auth,
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token: TOKEN, uiDir }),
  })
  await host.init()
  url = (await host.startGateway()).url ?? ''
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await Promise.all([fakes?.close(), backend?.close(), issuer?.close()])
})

async function openUi(scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: scheme,
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url })
  const page = await context.newPage()
  await page.goto(`${url}/ui?token=${TOKEN}`)
  await page.waitForURL(`${url}/ui/**`)
  return page
}

describe('the web UI against the headless gateway', () => {
  it('signs in with ChatGPT through the fake issuer', async () => {
    const page = await openUi()
    await page.goto(`${url}/ui/#/account`)
    await page.getByRole('button', { name: 'Sign in with browser' }).click()
    const authorizeUrl = await page.locator('code.url').first().textContent()
    expect(authorizeUrl).toContain(`${issuer.url}/oauth/authorize`)
    // The system browser's part: follow the authorize URL to the loopback callback.
    const redirect = await fetch(authorizeUrl ?? '', { redirect: 'manual' })
    const done = await fetch(redirect.headers.get('location') ?? '')
    expect(done.status).toBe(200)
    await expect
      .poll(async () => page.getByText('ada@example.com').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'account-signed-in.png') })
    await page.context().close()
  })

  it('routes the next request by a mapping edited in the UI, and shows it in the live log with frames', async () => {
    const page = await openUi()
    await page.goto(`${url}/ui/#/mappings`)
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByLabel('Rule 1 pattern').fill('ui-*')
    await page.getByLabel('Rule 1 provider').selectOption('resp')
    await page.getByLabel('Rule 1 upstream model').fill('from-the-ui')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(async () => (await host.getSettings()).routing.rules.length).toBe(1)

    const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
    const res = await client.chat.completions
      .stream({ model: 'ui-test', messages: [{ role: 'user', content: 'hi' }] })
      .finalChatCompletion()
    expect(res.choices[0]?.message.content).toContain('fake-responses (model from-the-ui)')

    await page.goto(`${url}/ui/#/log`)
    const row = page.locator('.log-row:not(.log-head)').filter({ hasText: 'from-the-ui' }).first()
    await expect.poll(async () => row.count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await row.click()
    const upstream = page.getByRole('region', { name: 'Exchange detail' })
    await expect
      .poll(async () => upstream.textContent(), { timeout: 10_000 })
      .toContain('response.output_text.delta')
    await expect.poll(async () => upstream.textContent()).toContain('chat.completion.chunk')
    await page.screenshot({ path: join(SHOTS, 'log-detail-e2e.png') })
    await page.context().close()
  })

  it('copies a snippet with the live URL and key', async () => {
    const page = await openUi()
    await page.goto(`${url}/ui/#/snippets`)
    await page.getByRole('button', { name: 'Copy Claude Code snippet' }).click()
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string
    expect(copied).toContain(`ANTHROPIC_BASE_URL=${url}`)
    expect(copied).toContain(key)
    await page.context().close()
  })

  it('renders every page in light and dark without console errors', async () => {
    const problems: string[] = []
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openUi(scheme)
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${scheme}: ${m.text()}`)
      })
      page.on('pageerror', (e) => problems.push(`${scheme}: ${e.message}`))
      for (const id of [
        'overview',
        'account',
        'providers',
        'mappings',
        'filters',
        'log',
        'snippets',
        'settings',
      ]) {
        await page.goto(`${url}/ui/#/${id}`)
        await page.waitForTimeout(300)
        await page.screenshot({ path: join(SHOTS, `${id}-${scheme}.png`) })
      }
      await page.context().close()
    }
    expect(problems).toEqual([])
  })
})
