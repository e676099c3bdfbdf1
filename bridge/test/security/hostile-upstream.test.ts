// The data plane against a hostile upstream: a keep-alive connection closed as the next request arrives is
// retried once on a fresh one; stalls and floods end with an answer; every exchange ends with a finished entry.
import fc from 'fast-check'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHostileUpstream, type HostileUpstream } from '../fakes/fake-hostile.js'
import { redactedLines } from '../../pipeline/upstream-source.js'
import { createSseParser } from '../../protocol/sse/parse.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let killer: HostileUpstream
let hostile: HostileUpstream
let gw: RunningGateway

beforeAll(async () => {
  killer = await startHostileUpstream({ killReusedConnections: true })
  hostile = await startHostileUpstream()
  gw = await startGateway(
    settingsFor('openai-chat', { url: killer.url } as never, (s) => {
      s.stream.idleTimeoutMs = 1500
      s.stream.keepaliveMs = 1000
      s.providers.push({
        id: 'anth',
        kind: 'anthropic',
        baseUrl: hostile.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
      s.providers.push({
        id: 'chat',
        kind: 'openai-chat',
        baseUrl: hostile.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
      s.providers.push({
        id: 'resp',
        kind: 'openai-responses',
        baseUrl: hostile.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
      s.providers.push({
        id: 'killer-anth',
        kind: 'anthropic',
        baseUrl: killer.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
    }),
  )
})
afterAll(async () => {
  await gw.close()
  await killer.close()
  await hostile.close()
})

const anthropic = () => new Anthropic({ apiKey: ACCESS_KEY, baseURL: gw.url, maxRetries: 0 })
const openai = () => new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
const settled = () => gw.log.snapshot().filter((e) => e.state === 'active')

describe('a keep-alive connection the upstream closes as the request arrives', () => {
  it('is retried once on a fresh connection, translated and passthrough, streaming and not', async () => {
    const before = killer.killed
    for (let i = 0; i < 3; i++) {
      const translated = await anthropic().messages.create({
        model: 'm',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(translated.content[0]).toMatchObject({ type: 'text' })
      const passthrough = await openai()
        .chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
        .finalChatCompletion()
      expect(passthrough.choices[0]?.message.content).toBeTruthy()
      const same = await anthropic()
        .messages.stream({
          model: 'killer-anth/m',
          max_tokens: 20,
          messages: [{ role: 'user', content: 'hi' }],
        })
        .finalMessage()
      expect(same.content[0]).toMatchObject({ type: 'text' })
    }
    // The fake really closed reused connections; without the retry each of those was a 502 ECONNRESET.
    expect(killer.killed - before).toBeGreaterThanOrEqual(3)
  })
})

describe('stalls and floods end with an answer and a finished log entry', () => {
  it('an upstream that never sends headers: the idle watchdog answers in the caller dialect', async () => {
    const err = await anthropic()
      .messages.create({
        model: 'chat/stall',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Anthropic.APIError)
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(504)
    expect(settled()).toEqual([])
  })

  it('an upstream that floods a stream: the client that stops reading ends it, the log stays capped', async () => {
    const ac = new AbortController()
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      signal: ac.signal,
      headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'anth/flood',
        stream: true,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    const reader = res.body!.getReader()
    let bytes = 0
    let text = ''
    const decoder = new TextDecoder()
    while (bytes < 4 << 20) {
      const { done, value } = await reader.read()
      // A stream that ends before the flood was read is a failure to report, never a loop that spins forever.
      if (done) throw new Error(`the stream ended after ${bytes} bytes: ${text.slice(-400)}`)
      bytes += value.length
      if (text.length < 1 << 16) text += decoder.decode(value, { stream: true })
    }
    ac.abort()
    await expect.poll(() => settled(), { timeout: 5000 }).toEqual([])
    const entry = gw.log.snapshot().at(-1)!
    expect(entry.frameBytes).toBeLessThanOrEqual(gw.settings.log.maxBodyBytes)
    expect(entry.framesDropped).toBeGreaterThan(0)
  })

  it('an upstream that floods an error body: read up to a cap, answered as an error', async () => {
    const err = await openai()
      .responses.create({ model: 'chat/flood-500', input: 'hi' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpenAI.APIError)
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(500)
    expect(settled()).toEqual([])
  })
})

describe('passthrough errors are always in the caller dialect', () => {
  it('a text/plain 500 "boom" becomes the Anthropic error envelope with the status and the text', async () => {
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'anth/text-500',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'boom' },
    })
    const err = await anthropic()
      .messages.stream({
        model: 'anth/text-502',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .finalMessage()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Anthropic.APIError)
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(502)
    expect(String(err)).toContain('boom')
  })

  it('a text error for a Chat client and a Responses client, streaming or not', async () => {
    const chat = await openai()
      .chat.completions.create({
        model: 'chat/text-503',
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch((e: unknown) => e)
    expect(chat).toBeInstanceOf(OpenAI.APIError)
    expect((chat as InstanceType<typeof OpenAI.APIError>).status).toBe(503)
    expect((chat as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ message: 'boom' })
    const resp = await openai()
      .responses.create({ model: 'resp/text-500', input: 'hi', stream: true })
      .catch((e: unknown) => e)
    expect(resp).toBeInstanceOf(OpenAI.APIError)
    expect((resp as InstanceType<typeof OpenAI.APIError>).status).toBe(500)
    expect((resp as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ message: 'boom' })
    expect(settled()).toEqual([])
  })

  it('a JSON error passes through as the upstream wrote it, with the credentials it echoed redacted', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat/echo-401', messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(res.status).toBe(401)
    const body = (await res.json()) as { error: { message: string; code: string } }
    expect(body.error.code).toBe('invalid_api_key')
    expect(body.error.message).toContain('authorization: Bearer [redacted]')
    expect(body.error.message).not.toContain('sk-fake-upstream-key')
  })
})

describe('relayed bytes are redacted line by line', () => {
  it('a secret split across two reads is still caught, and nothing is held back past a line end', () => {
    const relay = redactedLines((t) => t.split('sk-secret-123456').join('[redacted]'))
    expect(relay.push('data: {"error":"bad key sk-sec')).toBe('')
    expect(relay.push('ret-123456"}\n\ndata: {"x"')).toBe(
      'data: {"error":"bad key [redacted]"}\n\n',
    )
    expect(relay.end(':1}\n\n')).toBe('data: {"x":1}\n\n')
  })

  it('cut into reads anywhere, gives what redacting the whole text gives, each read up to a line end', () => {
    const secret = 'sk-secret-123456'
    const redact = (t: string): string => t.split(secret).join('[redacted]')
    const piece = fc.oneof(
      fc.constantFrom(secret, '\n', '\r\n', '\r', '\n\n', 'data: '),
      fc.string({ maxLength: 12 }),
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (pieces, cuts) => {
          const text = pieces.join('')
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
          const relay = redactedLines(redact)
          let out = ''
          let from = 0
          for (const p of points) {
            const passed = relay.push(text.slice(from, p))
            if (passed !== '') expect(passed).toMatch(/[\r\n]$/)
            out += passed
            from = p
          }
          out += relay.end(text.slice(from))
          expect(out).toBe(redact(text))
        },
      ),
    )
  })

  it('an endless line is let through once it is far longer than any secret', () => {
    const relay = redactedLines((t) => t)
    expect(relay.push('x'.repeat(2 << 20)).length).toBe((2 << 20) - 1024)
  })
})

describe('an upstream event that never ends', () => {
  it('is cut off with an error in the caller dialect, translated and passthrough, not read forever', async () => {
    for (const model of ['chat/floodline', 'anth/floodline']) {
      const res = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          stream: true,
          max_tokens: 20,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      })
      const text = await res.text()
      expect(text).toContain('event: error')
      // Whichever comes first ends it: the event size limit, or the idle limit (bytes but no event for 1.5 s).
      expect(text).toMatch(/more than 64 MB without ending it|sent nothing for/)
    }
    expect(settled()).toEqual([])
  }, 60_000)
})

describe('the SSE parser bounds one event', () => {
  it('throws once an unfinished event passes the limit; finished events reset the count', () => {
    const parser = createSseParser(100)
    for (let i = 0; i < 20; i++)
      expect(parser.push(`data: {"i":${i},"pad":"${'x'.repeat(40)}"}\n\n`)).toHaveLength(1)
    parser.push('data: {"x":"')
    expect(() => parser.push('y'.repeat(200))).toThrow(/more than .* MB without ending it/)
  })
})
