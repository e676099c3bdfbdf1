// The client's stream preamble leaves as soon as the upstream's arrives, not with the first content; but on an
// upstream that reports a context overflow inside its stream (the ChatGPT backend), a request near the model's
// window holds it, so that the overflow still reaches the Anthropic client as the HTTP 400 it compacts on.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayHost } from '../../control/gateway-host.js'
import { authHarness, type AuthHarness } from '../auth/auth-harness.js'
import { startPoolHost } from './chatgpt-pool.js'
import { startFakeChat } from '../fakes/fake-chat.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { readUntilThenAbort } from '../fakes/dialect-drivers.js'
import { startAllFakes, type AllFakes, type FakeServer } from '../fakes/index.js'
import { splitFrames, type RawFrame } from '../fakes/raw-sse.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const ACCOUNT = '11111111-2222-4333-8444-555555555555'
/** The fake backend's window in rough tokens (4 characters each); the gateway knows gpt-5's as 272,000. */
const FAKE_LIMIT = 200_000

let backend: FakeCodexBackend
let auth: AuthHarness
let host: GatewayHost
let url = ''
let key = ''

beforeAll(async () => {
  // Paced, so that the backend's response.created reaches the gateway in a read of its own, as over a network.
  backend = await startFakeCodexBackend({
    accountId: ACCOUNT,
    contextLimit: FAKE_LIMIT,
    paceMs: 20,
  })
  auth = await authHarness({ onAccessToken: (t) => backend.setValidToken(t) })
  await auth.signInFresh()
  ;({ host, url, key } = await startPoolHost(auth, backend))
})

afterAll(async () => {
  await host.close()
  await backend.close()
  await auth.close()
})

/** A user turn of about `tokens` tokens by the 4-characters rule both sides use. */
function turn(tokens: number): Anthropic.MessageParam[] {
  const words = 'lorem ipsum dolor sit amet '.repeat(Math.ceil((tokens * 4) / 27))
  return [{ role: 'user', content: words }]
}

describe('ChatGPT overflow reported in-stream, Anthropic client', () => {
  it('a request near the window gets the HTTP 400 "prompt is too long" that Claude Code compacts on', async () => {
    const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    const failure = await client.messages
      .create({
        model: 'claude-sonnet-4-5',
        max_tokens: 1000,
        stream: true,
        messages: turn(220_000),
      })
      .then(async (stream) => {
        for await (const event of stream) void event
        return undefined
      })
      .catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    const apiError = failure as InstanceType<typeof Anthropic.APIError>
    expect(apiError.status).toBe(400)
    expect(apiError.error).toMatchObject({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: expect.stringMatching(/^prompt is too long: \d+ tokens > 272000 maximum$/),
      },
    })
    // Claude Code reads both numbers; the prompt is at least the window the upstream refused it at.
    const [, tokens] = /: (\d+) tokens/.exec(apiError.message) ?? []
    expect(Number(tokens)).toBeGreaterThan(272_000)
  })

  it('Chat and Responses clients get the HTTP 400 context_length_exceeded for the same request', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
    const text = String(turn(220_000)[0]?.content)
    const chat = await client.chat.completions
      .create({ model: 'gpt-5.5', stream: true, messages: [{ role: 'user', content: text }] })
      .catch((err: unknown) => err)
    expect(chat).toMatchObject({ status: 400, code: 'context_length_exceeded' })
    const responses = await client.responses
      .create({ model: 'gpt-5.5', stream: true, input: text })
      .catch((err: unknown) => err)
    expect(responses).toMatchObject({ status: 400, code: 'context_length_exceeded' })
  })

  it('a small request gets message_start at the upstream response.created, before any content', async () => {
    const client = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
    // The backend fails this one after created/in_progress too, but far from the window nothing is held.
    backend.failNext('context-overflow')
    const stream = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      stream: true,
      messages: turn(50),
    })
    const seen: string[] = []
    const failure = await (async () => {
      for await (const event of stream) seen.push(event.type)
    })().catch((err: unknown) => err)
    expect(seen).toEqual(['message_start'])
    // Mid-stream, the overflow is the dialect's error event (the SDK throws it without a status).
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    expect(String(failure)).toMatch(/prompt is too long/)
  })
})

describe('chat upstream, Anthropic client', () => {
  let chat: FakeServer
  let gateway: RunningGateway
  beforeAll(async () => {
    chat = await startFakeChat()
    gateway = await startGateway(settingsFor('openai-chat', chat))
  })
  afterAll(async () => {
    await gateway.close()
    await chat.close()
  })

  it('message_start leaves with the upstream role chunk, though no content follows', async () => {
    const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: gateway.url, maxRetries: 0 })
    const controller = new AbortController()
    // `stall`: the upstream sends what comes before the first delta (the role chunk), then nothing.
    const stream = await client.messages.create(
      { model: 'gpt-stall', max_tokens: 100, stream: true, messages: turn(10) },
      { signal: controller.signal },
    )
    const iterator = stream[Symbol.asyncIterator]()
    const first = await iterator.next()
    controller.abort()
    expect(first.value).toMatchObject({ type: 'message_start', message: { role: 'assistant' } })
  })
})

/** The client's first SSE frame, read off the socket as soon as it is whole; then the client hangs up. */
async function firstFrame(url: string, body: unknown): Promise<RawFrame | undefined> {
  const headers = { authorization: `Bearer ${ACCESS_KEY}`, 'anthropic-version': '2023-06-01' }
  return splitFrames(await readUntilThenAbort(url, body, headers, '\n\n'))[0]
}

const CLIENTS = [
  {
    name: 'Anthropic',
    path: '/v1/messages',
    body: (model: string) => ({ model, max_tokens: 100, stream: true, messages: turn(10) }),
    opening: (f: RawFrame | undefined) => {
      expect(f?.event).toBe('message_start')
      expect(JSON.parse(f?.data ?? '{}')).toMatchObject({ message: { role: 'assistant' } })
    },
  },
  {
    name: 'Responses',
    path: '/v1/responses',
    body: (model: string) => ({ model, stream: true, input: 'hi' }),
    opening: (f: RawFrame | undefined) => {
      expect(f?.event).toBe('response.created')
      expect(JSON.parse(f?.data ?? '{}')).toMatchObject({ response: { status: 'in_progress' } })
    },
  },
  {
    name: 'Chat',
    path: '/v1/chat/completions',
    body: (model: string) => ({ model, stream: true, messages: turn(10) }),
    opening: (f: RawFrame | undefined) => {
      expect(JSON.parse(f?.data ?? '{}')).toMatchObject({
        object: 'chat.completion.chunk',
        choices: [{ delta: { role: 'assistant' } }],
      })
    },
  },
] as const

describe('every client × upstream pair: the preamble leaves with the upstream first event', () => {
  let fakes: AllFakes
  const gateways: Record<string, RunningGateway> = {}
  const UPSTREAMS = [
    ['openai-chat', 'chat'],
    ['openai-responses', 'responses'],
    ['anthropic', 'anthropic'],
  ] as const
  beforeAll(async () => {
    fakes = await startAllFakes()
    for (const [kind, fake] of UPSTREAMS)
      gateways[kind] = await startGateway(settingsFor(kind, fakes[fake]))
  })
  afterAll(async () => {
    for (const gw of Object.values(gateways)) await gw.close()
    await fakes.close()
  })

  for (const [kind] of UPSTREAMS)
    for (const client of CLIENTS)
      it(`${client.name} client, ${kind} upstream: its opening event while the upstream has sent one event`, async () => {
        // `hang-after-first`: the upstream sends its first event (role chunk, response.created, message_start)
        // and then nothing until the client leaves: any wait for a second event or for content never ends.
        const gw = gateways[kind]
        if (!gw) throw new Error('no gateway')
        client.opening(
          await firstFrame(`${gw.url}${client.path}`, client.body('m-hang-after-first')),
        )
      })
})
