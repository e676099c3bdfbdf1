// The whole codex-cli chain: official SDK → Switchboard → the real Codex CLI → the fake model. Streaming
// and not, a continued conversation through the thread id, and the threads endpoints.
import OpenAI from 'openai'
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CodexCliRuntime } from '../../upstream/codex-cli/index.js'
import { buildServer } from '../../server.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import { defaultSettings } from '../../config/defaults.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { startFakeResponses, type FakeServer } from '../fakes/index.js'
import { makeCodexHome, provider, type CodexSandbox } from '../upstream/codex-cli/harness.js'
import { startCodexGateway, type CodexGateway } from '../helpers/codex-gateway.js'
import { ACCESS_KEY } from '../helpers/gateway.js'

let fake: FakeServer
let box: CodexSandbox
let gw: CodexGateway
let runtime: CodexCliRuntime
let url = ''

beforeAll(async () => {
  fake = await startFakeResponses()
  box = makeCodexHome(fake)
  const settings = defaultSettings()
  settings.providers.push(provider(box, 'codex-cli'))
  settings.defaultProvider = 'codex-cli'
  gw = await startCodexGateway(settings, box, fake)
  ;({ runtime, url } = gw)
}, 60_000)

afterAll(async () => {
  await gw.close()
  await fake.close()
})

describe('codex-cli through the gateway', () => {
  it('streams the agent answer to a Chat client and returns the thread id', async () => {
    const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url}/v1`, maxRetries: 0 })
    const { data, response } = await client.chat.completions
      .create({
        model: 'codex-cli/gpt-5',
        stream: true,
        messages: [{ role: 'user', content: 'remember the word pelican' }],
      })
      .withResponse()
    let text = ''
    let thread: string | undefined
    for await (const chunk of data) {
      // The first chunk names the new thread (the header only when Codex reported it before the stream began).
      thread ??= (chunk as { metadata?: { thread_id?: string } }).metadata?.thread_id
      text += chunk.choices[0]?.delta.content ?? ''
    }
    expect(text).toContain('done')
    expect(text).not.toContain('/bin/bash')
    expect(thread).toMatch(/^[A-Za-z0-9_-]+$/)
    const header = response.headers.get('x-switchboard-thread')
    if (header !== null) expect(header).toBe(thread)

    const second = await new Anthropic({
      apiKey: ACCESS_KEY,
      baseURL: url,
      maxRetries: 0,
    }).messages.create(
      {
        model: 'codex-cli/gpt-5',
        max_tokens: 200,
        messages: [{ role: 'user', content: 'which word?' }],
      },
      { headers: { 'x-switchboard-thread': thread ?? '' } },
    )
    expect(second.content.some((b) => b.type === 'text')).toBe(true)
    const last = fake.requests.at(-1)
    expect(JSON.stringify(last?.body)).toContain('remember the word pelican')

    const list = (await (
      await fetch(`${url}/v1/threads`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } })
    ).json()) as { data: { id: string }[] }
    expect(list.data.map((t) => t.id)).toContain(thread)
    const one = (await (
      await fetch(`${url}/v1/threads/${thread}`, {
        headers: { authorization: `Bearer ${ACCESS_KEY}` },
      })
    ).json()) as { turns: { role: string }[] }
    expect(one.turns.length).toBeGreaterThanOrEqual(4)
  }, 60_000)

  it('answers a non-streaming Responses client with metadata.thread_id', async () => {
    const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url}/v1`, maxRetries: 0 })
    const res = await client.responses.create({ model: 'codex-cli/gpt-5', input: 'hello' })
    expect(res.output_text).toContain('done')
    expect(res.metadata?.['thread_id']).toMatch(/^[A-Za-z0-9_-]+$/)
  }, 60_000)

  it('refuses danger-full-access without the explicit setting, in the client dialect', async () => {
    const settings = defaultSettings()
    settings.providers.push(provider(box, 'danger', { sandbox: 'danger-full-access' }))
    const { app } = buildServer({
      settings: () => settings,
      accessKey: () => ACCESS_KEY,
      providers: createProviderRegistry({ codex: runtime }),
    })
    const res = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      payload: { model: 'danger/gpt-5', messages: [{ role: 'user', content: 'rm -rf' }] },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({
      error: { message: expect.stringMatching(/danger-full-access/) },
    })
    await app.close()
  })

  it('Test connection checks the Codex binary instead of calling a URL', async () => {
    const settings = defaultSettings()
    const p = provider(box, 'codex-cli')
    const providers = createProviderRegistry({ codex: runtime })
    const ok = await providers
      .for(p.kind)
      .testConnection(p, settings, { env: {}, secrets: new MemorySecretStore() })
    expect(ok).toMatchObject({ ok: true, message: expect.stringMatching(/codex/i) })
    const missing = { ...p, codex: { ...p.codex, path: '/nonexistent/codex' } }
    const bad = await providers
      .for(p.kind)
      .testConnection(missing, settings, { env: {}, secrets: new MemorySecretStore() })
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('/nonexistent/codex') })
  })
})
