// Upstream failures reach each client in its own dialect: HTTP errors with status and message kept, mid-
// stream errors as the dialect's error event, dropped and stalled streams ended cleanly, and a client
// that goes away aborts the upstream request.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type AnthropicError = InstanceType<typeof Anthropic.APIError>
type OpenAIError = InstanceType<typeof OpenAI.APIError>
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fakes: AllFakes
let gw: RunningGateway

beforeAll(async () => {
  fakes = await startAllFakes()
  gw = await startGateway(
    settingsFor('openai-chat', fakes.chat, (s) => {
      s.stream.idleTimeoutMs = 1500
      s.stream.keepaliveMs = 1000
      s.providers.push({
        id: 'anth',
        kind: 'anthropic',
        baseUrl: fakes.anthropic.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
      s.providers.push({
        id: 'resp',
        kind: 'openai-responses',
        baseUrl: fakes.responses.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
    }),
  )
})
afterAll(async () => {
  await gw.close()
  await fakes.close()
})

const anthropic = () => new Anthropic({ apiKey: ACCESS_KEY, baseURL: gw.url, maxRetries: 0 })
const openai = () => new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })

describe('upstream HTTP errors keep their status and message in the client dialect', () => {
  for (const status of [400, 401, 403, 404, 413, 429, 500, 502, 503, 529]) {
    it(`HTTP ${status} from a chat upstream → Anthropic client; from an Anthropic upstream → Responses client`, async () => {
      const a = await anthropic()
        .messages.create({
          model: `status-${status}`,
          max_tokens: 20,
          messages: [{ role: 'user', content: 'hi' }],
        })
        .catch((e: unknown) => e as AnthropicError)
      expect(a).toBeInstanceOf(Anthropic.APIError)
      expect((a as AnthropicError).status).toBe(status)
      const r = await openai()
        .responses.create({ model: `anth/status-${status}`, input: 'hi' })
        .catch((e: unknown) => e as OpenAIError)
      expect(r).toBeInstanceOf(OpenAI.APIError)
      expect((r as OpenAIError).status).toBe(status === 529 ? 503 : status)
      if (status === 429) {
        expect((a as AnthropicError).headers?.get('retry-after')).toBe('7')
        expect((a as AnthropicError).error).toMatchObject({ error: { type: 'rate_limit_error' } })
      }
    })
  }

  it('connection refused is a clear 502 naming the upstream', async () => {
    const dead = await startGateway(
      settingsFor('openai-chat', { ...fakes.chat, url: 'http://127.0.0.1:9/v1' }),
    )
    try {
      const res = await fetch(`${dead.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      })
      expect(res.status).toBe(502)
      expect(await res.json()).toMatchObject({
        error: {
          message: expect.stringContaining('Cannot reach the upstream at http://127.0.0.1:9'),
        },
      })
    } finally {
      await dead.close()
    }
  })
})

describe('mid-stream failures', () => {
  it('an upstream error event becomes an Anthropic error event (the SDK throws with the type)', async () => {
    const err = await anthropic()
      .messages.stream({
        model: 'midstream-error',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .finalMessage()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Anthropic.APIError)
    expect(String(err)).toMatch(/error/i)
  })

  it('a dropped upstream socket becomes response.failed for a Responses client', async () => {
    const res = await openai().responses.stream({ model: 'anth/drop', input: 'hi' }).finalResponse()
    expect(res.status).toBe('failed')
    expect(res.error?.message).toMatch(/broke mid-stream/)
  })

  it('a stream without its terminal event is an error, not a hang, for a Chat client', async () => {
    await expect(
      openai()
        .chat.completions.stream({
          model: 'resp/no-terminal',
          messages: [{ role: 'user', content: 'hi' }],
        })
        .finalChatCompletion(),
    ).rejects.toThrow(/ended before/)
  })

  it('malformed upstream JSON becomes a clear error', async () => {
    const err = await anthropic()
      .messages.stream({
        model: 'bad-json',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .finalMessage()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
  })
})

describe('stalls and aborts', () => {
  it('a stalled upstream gets keepalives, then the idle watchdog ends the stream with an error event', async () => {
    const started = Date.now()
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'stall',
        stream: true,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    const text = await res.text()
    expect(text).toContain('event: error')
    expect(text).toMatch(/sent nothing for/)
    // The watchdog's keepalive went out while the upstream was silent (1 s keepalive, 1.5 s idle limit).
    expect(text.split('event: ping').length - 1).toBeGreaterThanOrEqual(1)
    expect(text.indexOf('event: ping')).toBeLessThan(text.indexOf('event: error'))
    expect(Date.now() - started).toBeLessThan(10_000)
    await fakes.chat.waitForDisconnect()
  })

  it('a client that disconnects aborts the upstream request promptly', async () => {
    const before = fakes.chat.disconnects
    const ac = new AbortController()
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      signal: ac.signal,
      headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'slow-200-events-50',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    const reader = res.body!.getReader()
    await reader.read()
    ac.abort()
    await fakes.chat.waitForDisconnect(before + 1)
    expect(fakes.chat.disconnects).toBe(before + 1)
  })
})
