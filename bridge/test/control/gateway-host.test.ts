// The gateway host: settings changes apply without a restart, the log reaches subscribers, secrets stay
// in the secret store, and stop/start behave in both modes.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ControlEvent } from '../../control/contract.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost } from './host-helpers.js'

let fakes: AllFakes
beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

describe('GatewayHost', () => {
  it('routes the next request by a mapping saved through the control API, without a restart', async () => {
    const settings = settingsFor('openai-chat', fakes.chat, (s) => {
      s.providers.push({
        id: 'resp',
        kind: 'openai-responses',
        baseUrl: fakes.responses.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
    })
    const { host, url, settingsStore, keys } = await startHost(settings)
    try {
      const client = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      const first = await client.chat.completions.create({
        model: 'my-model',
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(first.choices[0]?.message.content).toContain('fake-chat')

      const next = await host.getSettings()
      next.routing.rules = [{ match: 'my-*', provider: 'resp', model: 'upstream-x' }]
      const saved = await host.updateSettings(next)
      expect(saved.settings.routing.rules).toHaveLength(1)
      expect(settingsStore.saved.at(-1)?.routing.rules[0]?.provider).toBe('resp')

      const explained = await host.explainRoute({ model: 'my-model' })
      expect(explained).toMatchObject({
        ok: true,
        providerId: 'resp',
        upstreamModel: 'upstream-x',
        matched: expect.stringContaining('rule 1'),
      })
      const second = await client.chat.completions.create({
        model: 'my-model',
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(second.choices[0]?.message.content).toContain('fake-responses (model upstream-x)')
    } finally {
      await host.close()
    }
  })

  it('rejects an invalid settings document and keeps the old one', async () => {
    const { host, settingsStore } = await startHost(settingsFor('openai-chat', fakes.chat))
    try {
      const bad = await host.getSettings()
      ;(bad.server as { port: number }).port = 70000
      await expect(host.updateSettings(bad)).rejects.toThrow(/server\.port/)
      expect(settingsStore.saved).toHaveLength(0)
      expect((await host.getSettings()).server.port).toBe(0)
    } finally {
      await host.close()
    }
  })

  it('streams log events to subscribers and serves entries with frames', async () => {
    const { host, url, keys } = await startHost(settingsFor('anthropic', fakes.anthropic))
    const events: ControlEvent[] = []
    const stop = host.subscribe((e) => events.push(e))
    try {
      const client = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      await client.chat.completions
        .stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
        .finalChatCompletion()
      const appended = events.find((e) => e.type === 'log:appended')
      expect(appended).toBeDefined()
      expect(events.some((e) => e.type === 'log:frames' && e.frames.length > 0)).toBe(true)
      const list = await host.logSnapshot()
      expect(list.at(-1)).toMatchObject({
        clientDialect: 'openai-chat',
        upstreamDialect: 'anthropic-messages',
        status: 200,
        frameCount: expect.any(Number),
      })
      const entry = await host.logEntry({ id: list.at(-1)?.id ?? '' })
      // Body capture is off by default: frames keep their event and size, not their text.
      expect(entry?.frames.some((f) => f.side === 'upstream' && f.event === 'message_start')).toBe(
        true,
      )
      expect(
        entry?.frames.some((f) => f.side === 'client' && f.event === 'chat.completion.chunk'),
      ).toBe(true)
      expect(entry?.frames.every((f) => f.data === undefined && f.bytes > 0)).toBe(true)
      // The Headers tab and the waterfall: what went upstream, what came back, and when each step happened.
      expect(entry?.upstreamRequestHeaders?.['content-type']).toContain('application/json')
      expect(entry?.upstreamResponseHeaders?.['content-type']).toContain('text/event-stream')
      const t = entry?.timing ?? {}
      const steps = [
        t.upstreamSentMs,
        t.upstreamConnectedMs,
        t.upstreamHeadersMs,
        t.upstreamFirstByteMs,
        t.clientFirstByteMs,
        t.lastByteMs,
      ]
      expect(steps.every((v) => typeof v === 'number')).toBe(true)
      const ordered = steps.map(Number)
      expect([...ordered].sort((a, b) => a - b)).toEqual(ordered)
      expect(list.at(-1)?.timing?.lastByteMs).toBe(t.lastByteMs)
      await host.clearLog()
      expect(await host.logSnapshot()).toEqual([])
    } finally {
      stop()
      await host.close()
    }
  })

  it('stores a provider key in the secret store only, and uses it', async () => {
    const settings = settingsFor('openai-chat', fakes.chat, (s) => {
      s.providers.push({ id: 'keyed', kind: 'openai-chat', baseUrl: fakes.chat.url })
      s.defaultProvider = 'keyed'
    })
    const { host, url, keys, secrets, settingsStore } = await startHost(settings)
    try {
      const result = await host.setProviderKey({ id: 'keyed', key: 'sk-fake-upstream-key' })
      expect(await secrets.get(result.secretName)).toBe('sk-fake-upstream-key')
      expect(JSON.stringify(settingsStore.saved)).not.toContain('sk-fake-upstream-key')
      expect(JSON.stringify(await host.getSettings())).not.toContain('sk-fake-upstream-key')
      const client = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      const res = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(res.choices[0]?.message.content).toContain('fake-chat')
      expect(await host.testProvider({ id: 'keyed' })).toMatchObject({ ok: true, status: 200 })
      expect(await host.testProvider({ id: 'up' })).toMatchObject({ ok: true })
    } finally {
      await host.close()
    }
  })

  it('headless stop answers 503 in the dialect and start resumes; a new access key takes effect', async () => {
    const { host, url, keys } = await startHost(settingsFor('openai-chat', fakes.chat), {
      keepListening: true,
    })
    try {
      await host.stopGateway()
      const stopped = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': keys.key, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'm',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
        }),
      })
      expect(stopped.status).toBe(503)
      expect(await stopped.json()).toMatchObject({
        type: 'error',
        error: { message: expect.stringContaining('stopped') },
      })
      await host.startGateway()
      const old = keys.key
      const status = await host.regenerateAccessKey()
      expect(status.accessKey).not.toBe(old)
      const rejected = await fetch(`${url}/v1/models`, {
        headers: { authorization: `Bearer ${old}` },
      })
      expect(rejected.status).toBe(401)
      const accepted = await fetch(`${url}/v1/models`, {
        headers: { authorization: `Bearer ${status.accessKey}` },
      })
      expect(accepted.status).toBe(200)
    } finally {
      await host.close()
    }
  })

  it('reports a taken port as an error state with a way out', async () => {
    const { host, url } = await startHost(settingsFor('openai-chat', fakes.chat))
    const port = Number(new URL(url).port)
    const settings = settingsFor('openai-chat', fakes.chat, (s) => {
      s.server.port = port
    })
    const second = await import('./host-helpers.js').then(async (m) => {
      const store = new m.MemorySettingsStore(settings)
      const { GatewayHost } = await import('../../control/gateway-host.js')
      const { MemorySecretStore } = await import('../../secrets/secret-store.js')
      const h = new GatewayHost({
        settingsStore: store,
        accessKeys: m.memoryKeys(),
        secrets: new MemorySecretStore(),
      })
      await h.init()
      return h
    })
    try {
      const status = await second.startGateway()
      expect(status.state).toBe('error')
      expect(status.error).toMatch(/already in use/)
    } finally {
      await second.close()
      await host.close()
    }
  })
})
