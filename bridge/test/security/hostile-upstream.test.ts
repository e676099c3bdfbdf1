// The data plane against a hostile upstream: a keep-alive connection closed as the next request arrives is
// retried once on a fresh one; stalls and floods end with an answer; every exchange ends with a finished entry.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHostileUpstream, type HostileUpstream } from '../fakes/fake-hostile.js'
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
    while (bytes < 4 << 20) bytes += (await reader.read()).value?.length ?? 0
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
