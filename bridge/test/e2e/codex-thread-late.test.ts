// A new Codex thread whose id comes late: the stream starts (headers, keepalives) before Codex reports the
// thread, and the id still reaches the client, as metadata.thread_id in the stream's first event, per dialect.
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import { startFakeResponses, type FakeServer } from '../fakes/index.js'
import { startCodexGateway, type CodexGateway } from '../helpers/codex-gateway.js'
import { ACCESS_KEY } from '../helpers/gateway.js'
import {
  CODEX_BIN,
  makeCodexHome,
  provider,
  type CodexSandbox,
} from '../upstream/codex-cli/harness.js'

const HOLDING_CODEX = resolve('bridge/test/fakes/codex-hold-thread.mjs')
const UUID = /^[0-9a-f-]{36}$/

let fake: FakeServer
let box: CodexSandbox
let gw: CodexGateway
let release = ''
let url = ''

beforeAll(async () => {
  fake = await startFakeResponses()
  box = makeCodexHome(fake)
  release = join(box.home, 'release-thread')
  const settings: Settings = defaultSettings()
  settings.stream.keepaliveMs = 1000
  settings.providers.push(provider(box, 'codex-cli', { path: HOLDING_CODEX }))
  settings.providers.push(provider(box, 'codex-exec', { path: HOLDING_CODEX, transport: 'exec' }))
  settings.defaultProvider = 'codex-cli'
  gw = await startCodexGateway(settings, box, fake, {
    env: {
      SB_REAL_CODEX: CODEX_BIN,
      SB_RELEASE_THREAD: release,
      // Past this the fake reports the thread by itself: a gateway that held the headers for it fails below.
      SB_HOLD_THREAD_MS: '6000',
    },
  })
  url = gw.url
}, 60_000)

afterAll(async () => {
  await gw.close()
  await fake.close()
})

/** Written by the fake once it has let Codex report the thread id. */
const released = (): string => `${release}.released`

beforeEach(() => {
  rmSync(release, { force: true })
  rmSync(released(), { force: true })
})

const auth = { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' }

/** Reads the body until `until` holds for the text so far (or the body ends); returns the text. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  until: (text: string) => boolean,
  text = '',
): Promise<string> {
  const utf8 = new TextDecoder()
  while (!until(text)) {
    const { done, value } = await reader.read()
    if (done) break
    text += utf8.decode(value, { stream: true })
  }
  return text
}

function dataOf(sse: string): Record<string, unknown>[] {
  return sse
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>)
}

describe('a stream on a new Codex thread whose id comes late', () => {
  it('Chat: headers and keepalives reach the client while Codex holds the thread id, which then comes in the first chunk', async () => {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        model: 'codex-cli/gpt-5',
        stream: true,
        messages: [{ role: 'user', content: 'remember the word heron' }],
      }),
    })
    // The headers are here and Codex has not been allowed to report its thread yet.
    expect(existsSync(released())).toBe(false)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    expect(res.headers.get('x-switchboard-thread')).toBeNull()
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const waiting = await readUntil(reader, (t) => t.includes(': keepalive'))
    expect(waiting).toContain(': keepalive')
    expect(dataOf(waiting)).toEqual([])
    expect(existsSync(released())).toBe(false)
    writeFileSync(release, '')
    const body = await readUntil(reader, () => false, waiting)
    const chunks = dataOf(body)
    const thread = (chunks[0]?.['metadata'] as { thread_id?: string } | undefined)?.thread_id
    expect(thread).toMatch(UUID)
    expect(chunks.map((c) => JSON.stringify(c)).join('')).toContain('done')
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true)

    // The id continues the conversation; a known thread goes out as the header at once.
    const next = await new OpenAI({
      apiKey: ACCESS_KEY,
      baseURL: `${url}/v1`,
      maxRetries: 0,
    }).chat.completions
      .create(
        {
          model: 'codex-cli/gpt-5',
          stream: true,
          messages: [{ role: 'user', content: 'which bird?' }],
        },
        { headers: { 'x-switchboard-thread': thread ?? '' } },
      )
      .withResponse()
    expect(next.response.headers.get('x-switchboard-thread')).toBe(thread)
    for await (const chunk of next.data) void chunk
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('remember the word heron')
  }, 90_000)

  it('Anthropic (exec transport): the stream starts before the thread, and message_start carries metadata.thread_id', async () => {
    const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: url, maxRetries: 0 })
    const { data, response } = await client.messages
      .create({
        model: 'codex-exec/gpt-5',
        max_tokens: 200,
        stream: true,
        messages: [{ role: 'user', content: 'say something' }],
      })
      .withResponse()
    expect(existsSync(released())).toBe(false)
    expect(response.headers.get('x-switchboard-thread')).toBeNull()
    writeFileSync(release, '')
    let thread: unknown
    let text = ''
    for await (const event of data) {
      if (event.type === 'message_start')
        thread = (event.message as unknown as { metadata?: { thread_id?: string } }).metadata
          ?.thread_id
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        text += event.delta.text
    }
    expect(thread).toMatch(UUID)
    expect(text).toContain('done')
    expect(gw.runtime.thread(String(thread))?.turns[0]?.text).toBe('say something')
  }, 90_000)

  it('Responses: response.created and response.completed carry metadata.thread_id', async () => {
    const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url}/v1`, maxRetries: 0 })
    const { data, response } = await client.responses
      .create({ model: 'codex-cli/gpt-5', input: 'hello there', stream: true })
      .withResponse()
    expect(existsSync(released())).toBe(false)
    expect(response.headers.get('x-switchboard-thread')).toBeNull()
    writeFileSync(release, '')
    const threads: Record<string, unknown> = {}
    for await (const event of data)
      if (event.type === 'response.created' || event.type === 'response.completed')
        threads[event.type] = event.response.metadata?.['thread_id']
    expect(threads['response.created']).toMatch(UUID)
    expect(threads['response.completed']).toBe(threads['response.created'])
  }, 90_000)

  it('POST /chat (the app-server bridge): headers and keepalives first, then the session event once Codex reports the thread', async () => {
    const res = await fetch(`${url}/chat`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ messages: [{ content: 'hello bridge' }] }),
    })
    expect(existsSync(released())).toBe(false)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-switchboard-thread')).toBeNull()
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const waiting = await readUntil(reader, (t) => t.includes(': keepalive'))
    expect(dataOf(waiting)).toEqual([])
    expect(existsSync(released())).toBe(false)
    writeFileSync(release, '')
    const events = dataOf(await readUntil(reader, () => false, waiting))
    expect(events[0]).toEqual({ type: 'session', thread_id: expect.stringMatching(UUID) })
    expect(events.at(-1)).toEqual({
      method: 'turn/completed',
      params: { turn: { status: 'completed' } },
    })
  }, 90_000)
})
