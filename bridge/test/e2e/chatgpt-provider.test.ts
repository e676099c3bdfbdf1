// The ChatGPT provider behind the provider interface, against the fake Codex backend: Test connection signs
// in and names the base URL really used; the route tester shows the model a request really gets; in-stream
// codex.rate_limits events update the usage windows.
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { ChatgptRuntime } from '../../upstream/chatgpt/runtime.js'
import type { UsageWindows } from '../../upstream/chatgpt/usage-limits.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import { authHarness, type AuthHarness } from '../auth/auth-harness.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { MemorySettingsStore, memoryKeys } from '../control/host-helpers.js'

const ACCOUNT = '11111111-2222-4333-8444-555555555555'
let backend: FakeCodexBackend
let auth: AuthHarness
let runtime: ChatgptRuntime
let host: GatewayHost
let url = ''
let key = ''

function chatgptSettings(baseUrl: string): Settings {
  const settings = defaultSettings()
  settings.server.port = 0
  const chatgpt = settings.providers.find((p) => p.kind === 'chatgpt')
  if (!chatgpt) throw new Error('the defaults have no ChatGPT provider')
  chatgpt.baseUrl = baseUrl
  settings.defaultProvider = chatgpt.id
  return settings
}

async function startHostFor(
  settings: Settings,
  env: NodeJS.ProcessEnv,
): Promise<{ host: GatewayHost; runtime: ChatgptRuntime; url: string; key: string }> {
  const r = new ChatgptRuntime(auth.pool, env)
  const keys = memoryKeys()
  const h = new GatewayHost({
    settingsStore: new MemorySettingsStore(settings),
    accessKeys: keys,
    secrets: auth.store,
    env,
    providers: createProviderRegistry({ chatgpt: r }),
  })
  await h.init()
  const status = await h.startGateway()
  return { host: h, runtime: r, url: status.url ?? '', key: keys.key }
}

beforeAll(async () => {
  backend = await startFakeCodexBackend({
    accountId: ACCOUNT,
    validToken: 'not-yet-signed-in',
    rateLimitsEvent: true,
  })
  auth = await authHarness({ onAccessToken: (t) => backend.setValidToken(t) })
  const started = await startHostFor(chatgptSettings(backend.baseUrl), {})
  ;({ host, runtime, url, key } = started)
})

afterAll(async () => {
  await host.close()
  await backend.close()
  await auth.close()
})

describe('Test connection on a ChatGPT provider', () => {
  it('before sign-in it says to sign in, naming the backend it would call', async () => {
    const result = await host.testProvider({ id: 'chatgpt' })
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/sign in|login/i)
    expect(result.message).toContain(backend.baseUrl)
  })

  it('signed in, it sends the credentials and the backend answers', async () => {
    await auth.signInFresh()
    const result = await host.testProvider({ id: 'chatgpt' })
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(result.message).toContain(backend.baseUrl)
  })

  it('with CODEX_BASE_URL set, it tests and names that URL, where requests go too', async () => {
    const other = await startHostFor(chatgptSettings('http://127.0.0.1:9/backend-api/codex'), {
      CODEX_BASE_URL: backend.baseUrl,
    })
    try {
      const result = await other.host.testProvider({ id: 'chatgpt' })
      expect(result).toMatchObject({ ok: true, status: 200 })
      expect(result.message).toContain(backend.baseUrl)
      expect(result.message).not.toContain('127.0.0.1:9/')
      const client = new Anthropic({ apiKey: other.key, baseURL: other.url, maxRetries: 0 })
      await client.messages.create({
        model: 'gpt-5.5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(other.host.log.snapshot().at(-1)?.upstreamUrl).toBe(`${backend.baseUrl}/responses`)
    } finally {
      await other.host.close()
    }
  })
})

describe('the route tester uses the routing of requests', () => {
  it('claude-opus-4-1: the tester names the model the backend then receives', async () => {
    const explained = await host.explainRoute({ model: 'claude-opus-4-1' })
    expect(explained).toMatchObject({ ok: true, providerId: 'chatgpt' })
    expect(explained.upstreamModel).toMatch(/^gpt-/)
    const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    await client.messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    })
    const sent = backend.responseRequests().at(-1)?.body as { model: string }
    expect(sent.model).toBe(explained.upstreamModel)
    expect(host.log.snapshot().at(-1)?.routedModel).toBe(explained.upstreamModel)
  })
})

describe('usage windows', () => {
  it('a codex.rate_limits event in the stream updates them, after the headers did', async () => {
    const seen: UsageWindows[] = []
    const off = runtime.usage.subscribe((w) => seen.push(w))
    try {
      backend.setUsage({
        primary: { usedPercent: 61, windowMinutes: 300, resetAfterSeconds: 1800 },
        secondary: { usedPercent: 7, windowMinutes: 10080, resetAfterSeconds: 500_000 },
        planType: 'pro',
      })
      const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
      await client.messages
        .stream({ model: 'gpt-5.5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
        .finalMessage()
      // One record from the response headers, one from the event in the stream.
      expect(seen).toHaveLength(2)
      expect(seen[1]?.fiveHour?.usedPercent).toBe(61)
      expect(seen[1]?.weekly?.usedPercent).toBe(7)
      expect(runtime.usage.latest()).toBe(seen[1])
    } finally {
      off()
    }
  })
})
