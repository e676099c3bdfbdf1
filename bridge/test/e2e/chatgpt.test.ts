// The ChatGPT chain end to end over real sockets: sign in through the fake issuer as a browser would, then
// Claude Code's captured request and the official SDKs through the gateway to the fake Codex backend —
// a tool round trip, a token refresh mid-session, a usage-limit 429 in each client's own dialect.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountPool, resolveAuthConfig } from '../../auth/index.js'
import { defaultSettings } from '../../config/defaults.js'
import { ChatgptAuth } from '../../host/chatgpt-auth.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { ChatgptRuntime } from '../../upstream/chatgpt/runtime.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { captureRun } from '../helpers/captures.js'
import { startFakeIssuer, type FakeIssuer } from '../fakes/fake-issuer.js'
import { MemorySettingsStore, memoryKeys } from '../control/host-helpers.js'

const ACCOUNT = '11111111-2222-4333-8444-555555555555'
let backend: FakeCodexBackend
let issuer: FakeIssuer
let host: GatewayHost
let url = ''
let key = ''

function capturedClaudeRequest(): Record<string, unknown> {
  const first = captureRun('claude-json').find((r) => r.method === 'POST' && r.body)
  if (!first?.body) throw new Error('no captured request')
  return first.body
}

beforeAll(async () => {
  backend = await startFakeCodexBackend({ accountId: ACCOUNT, validToken: 'not-yet-signed-in' })
  issuer = await startFakeIssuer({ onAccessToken: (t) => backend.setValidToken(t) })
  const settings = defaultSettings()
  settings.server.port = 0
  const chatgpt = settings.providers.find((p) => p.kind === 'chatgpt')
  if (chatgpt) chatgpt.baseUrl = backend.baseUrl
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
    env: {},
    providers: createProviderRegistry({ chatgpt: runtime }),
    auth,
  })
  await host.init()
  const status = await host.startGateway()
  url = status.url ?? ''
})

afterAll(async () => {
  await host.close()
  await backend.close()
  await issuer.close()
})

describe('ChatGPT through the gateway', () => {
  it('a request before sign-in tells the client to sign in, in its own dialect', async () => {
    const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    await expect(
      client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({
      status: 401,
      error: {
        error: { type: 'authentication_error', message: expect.stringMatching(/sign in|login/i) },
      },
    })
  })

  it('signs in through the browser flow: authorize, redirect to the loopback callback, tokens stored', async () => {
    const start = await host.signIn({ method: 'browser' })
    if (start.method !== 'browser') throw new Error('expected a browser sign-in')
    const authorize = await fetch(start.authorizeUrl, { redirect: 'manual' })
    expect(authorize.status).toBe(302)
    const callback = authorize.headers.get('location') ?? ''
    expect(callback).toMatch(/\/auth\/callback\?code=/)
    const page = await fetch(callback)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/signed in/i)
    const status = await host.authStatus()
    expect(status).toMatchObject({
      signedIn: true,
      email: 'ada@example.com',
      plan: 'plus',
      accountId: ACCOUNT,
    })
  })

  it("runs Claude Code's captured request with a tool round trip, streaming", async () => {
    const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    const body = capturedClaudeRequest()
    const first = await client.messages
      .stream(body as unknown as Anthropic.MessageStreamParams, { query: { beta: 'true' } })
      .finalMessage()
    expect(first.stop_reason).toBe('tool_use')
    const call = first.content.find((b) => b.type === 'tool_use')
    if (call?.type !== 'tool_use') throw new Error('no tool call')
    expect(call.name).toBe('Bash')
    const thinking = first.content.find((b) => b.type === 'thinking')
    expect(thinking?.type === 'thinking' && thinking.signature.startsWith('sbx1.')).toBe(true)
    const messages = [
      ...(body['messages'] as Anthropic.MessageParam[]),
      { role: 'assistant' as const, content: first.content },
      {
        role: 'user' as const,
        content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: 'hi' }],
      },
    ]
    const second = await client.messages
      .stream({ ...(body as unknown as Anthropic.MessageStreamParams), messages })
      .finalMessage()
    expect(
      second.content
        .filter((b) => b.type === 'text')
        .map((b) => (b.type === 'text' ? b.text : ''))
        .join(''),
    ).toContain('done')
    const sent = backend.responseRequests().at(-1)?.body as {
      input: { type?: string; encrypted_content?: string }[]
      store: boolean
      instructions: unknown
      model: string
    }
    expect(sent.store).toBe(false)
    expect(typeof sent.instructions).toBe('string')
    expect(sent.model).toMatch(/^gpt-/)
    expect(
      sent.input.some((i) => i.type === 'reasoning' && typeof i.encrypted_content === 'string'),
    ).toBe(true)
  })

  it('refreshes the token once when the backend says 401 mid-session, and the client never notices', async () => {
    const before = issuer.counts.refreshes
    backend.setValidToken('rotated-by-someone-else')
    const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
    const res = await client.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(res.choices[0]?.message.content).toBeTruthy()
    expect(issuer.counts.refreshes).toBe(before + 1)
  })

  it('a usage limit reaches each client as its own rate-limit error with the reset time', async () => {
    backend.failNext('usage-limit')
    const anthropic = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    const err = await anthropic.messages
      .create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({
      status: 429,
      error: {
        error: { type: 'rate_limit_error', message: expect.stringMatching(/usage limit.*resets/i) },
      },
    })
    expect((err as { headers: Headers }).headers.get('retry-after')).toMatch(/^\d+$/)
    backend.failNext('usage-limit')
    const responses = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
    await expect(
      responses.responses.create({ model: 'gpt-5.5', input: 'hi' }),
    ).rejects.toMatchObject({ status: 429 })
  })

  it('keeps the usage windows for status and the UI, and lists the backend models', async () => {
    const status = await host.authStatus()
    expect(status.usage?.primary?.usedPercent).toEqual(expect.any(Number))
    const models = (await (
      await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { data: { id: string }[] }
    expect(models.data.length).toBeGreaterThan(0)
    expect(models.data.some((m) => m.id.startsWith('gpt-'))).toBe(true)
  })
})
