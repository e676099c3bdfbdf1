// Hostile clients on the same machine: bodies nested thousands deep, `__proto__`, bodies that trickle or
// never end, bodies over the limit, a 40 MB count_tokens; every one is answered in the caller's dialect, and
// no connection or log entry stays open.
import Anthropic from '@anthropic-ai/sdk'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../server.js'
import { COUNT_TOKENS_LIMIT_MB } from '../../routes/model-routes.js'
import { MAX_JSON_DEPTH, nestedTooDeep } from '../../server-limits.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor } from '../helpers/gateway.js'
import type { Settings } from '../../config/schema.js'
import type { Gateway } from '../../server.js'

let fakes: AllFakes
let gw: Gateway
let settings: Settings
let port = 0
let url = ''
const LIMITS = { requestTimeoutMs: 1500, lingerMs: 1000 }

beforeAll(async () => {
  fakes = await startAllFakes()
  settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.log.captureBodies = true
    s.server.bodyLimitMb = 1
    s.providers.push({
      id: 'anth',
      kind: 'anthropic',
      baseUrl: fakes.anthropic.url,
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
    })
  })
  gw = buildServer({
    settings: () => settings,
    accessKey: () => ACCESS_KEY,
    env: { FAKE_UPSTREAM_KEY: fakes.chat.apiKey },
    limits: LIMITS,
  })
  await gw.app.listen({ host: '127.0.0.1', port: 0 })
  const address = gw.app.server.address()
  port = typeof address === 'object' && address ? address.port : 0
  url = `http://127.0.0.1:${port}`
})
afterAll(async () => {
  await gw.app.close()
  await fakes.close()
})

const active = () => gw.log.snapshot().filter((e) => e.state === 'active')
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json', ...headers },
    body,
  })

function nested(levels: number): string {
  return `${'['.repeat(levels)}"x"${']'.repeat(levels)}`
}

describe('bodies nested thousands of levels deep', () => {
  const bodies: Record<string, string> = {
    '/v1/messages': `{"model":"anth/m","max_tokens":20,"messages":[{"role":"user","content":"hi"}],"metadata":{"a":${nested(5000)}}}`,
    '/v1/chat/completions': `{"model":"m","messages":[{"role":"user","content":"hi"}],"x":${nested(5000)}}`,
    '/v1/responses': `{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":${nested(5000)}}]}`,
  }
  for (const [path, body] of Object.entries(bodies)) {
    it(`are refused with a clear 400 in the caller's dialect on ${path}, with body capture on`, async () => {
      const res = await post(path, body)
      expect(res.status).toBe(400)
      expect(await res.text()).toContain(`nested more than ${MAX_JSON_DEPTH} levels deep`)
      expect(active()).toEqual([])
    })
  }

  it('the depth check walks without recursion and stops at the limit', () => {
    expect(nestedTooDeep(JSON.parse(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false)
    expect(nestedTooDeep(JSON.parse(nested(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH)).toBe(true)
    expect(nestedTooDeep(JSON.parse(nested(100_000)), MAX_JSON_DEPTH)).toBe(true)
  })

  it('a body just under the limit goes through and is captured', async () => {
    const res = await post(
      '/v1/chat/completions',
      `{"model":"m","messages":[{"role":"user","content":"hi"}],"x":${nested(MAX_JSON_DEPTH - 3)}}`,
    )
    expect(res.status).toBe(200)
    const entry = gw.log.snapshot().at(-1)
    expect(entry?.state).toBe('done')
    expect(entry?.clientRequest).toContain('[[[')
  })
})

describe('errors that say what really happened', () => {
  it('a __proto__ key is named as the reason, in each dialect', async () => {
    const a = await post(
      '/v1/messages',
      '{"model":"m","max_tokens":5,"__proto__":{"x":1},"messages":[]}',
    )
    expect(a.status).toBe(400)
    expect(await a.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('"__proto__"') },
    })
    const c = await post(
      '/v1/chat/completions',
      '{"model":"m","messages":[{"role":"user","content":"hi","__proto__":{"admin":true}}]}',
    )
    expect(c.status).toBe(400)
    expect(await c.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('"__proto__"') },
    })
  })

  it('a __proto__ key written with escapes is named as the reason too', async () => {
    const res = await post(
      '/v1/chat/completions',
      '{"model":"m","messages":[{"role":"user","content":"hi","\\u005f_proto\\u005F_":{"admin":true}}]}',
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('"__proto__"') },
    })
  })

  it('a body that starts with a byte order mark is read; an empty one is called empty', async () => {
    const bom = await post(
      '/v1/chat/completions',
      '\ufeff{"model":"m","messages":[{"role":"user","content":"hi"}]}',
    )
    expect(bom.status).toBe(200)
    const empty = await post('/v1/chat/completions', '')
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({
      error: { message: expect.stringContaining('cannot be empty') },
    })
  })

  it('malformed JSON is still called malformed JSON', async () => {
    const res = await post('/v1/responses', '{"model":')
    expect(await res.json()).toMatchObject({
      error: { message: expect.stringContaining('not valid JSON') },
    })
  })

  it('a disabled /shutdown says so, not model_not_found; an unknown route neither', async () => {
    // /shutdown is behind the access key (and the Origin check) before it says anything.
    expect((await fetch(`${url}/shutdown`)).status).toBe(401)
    const res = await fetch(`${url}/shutdown`, {
      headers: { authorization: `Bearer ${ACCESS_KEY}` },
    })
    expect(res.status).toBe(404)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('shutdown_disabled')
    expect(body.error.message).toMatch(/disabled/)
    const unknown = (await (
      await fetch(`${url}/v1/nothing`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } })
    ).json()) as { error: { code: string } }
    expect(unknown.error.code).toBe('route_not_found')
  })
})

/** Opens a raw connection, sends the head of a request and then one byte every `everyMs`. */
function trickle(
  headers: string,
  everyMs: number,
): { socket: Socket; closed: Promise<number>; answer: () => string } {
  const socket = connect(port, '127.0.0.1')
  const started = Date.now()
  let answer = ''
  socket.on('data', (d: Buffer) => (answer += d.toString()))
  socket.on('error', () => undefined)
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n${headers}\r\n{`,
  )
  const timer = setInterval(() => socket.writable && socket.write(' '), everyMs)
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer)
      resolve(Date.now() - started)
    }),
  )
  return { socket, closed, answer: () => answer }
}

describe('slow and endless bodies', () => {
  it('keyless sockets trickling a body are refused and closed after a bounded linger, all of them', async () => {
    const sockets = Array.from({ length: 50 }, () => trickle('', 100))
    const times = await Promise.all(sockets.map((s) => s.closed))
    for (const s of sockets) expect(s.answer()).toMatch(/^HTTP\/1\.1 401 .*connection: close/is)
    // Refused at once, then the rest of the body is read for lingerMs at most, then the connection is closed.
    expect(Math.max(...times)).toBeLessThan(LIMITS.lingerMs + 2000)
  })

  it('a keyed socket trickling a body is cut off after the request timeout with a 408', async () => {
    const s = trickle(`x-api-key: ${ACCESS_KEY}\r\n`, 100)
    const ms = await s.closed
    expect(s.answer()).toMatch(/^HTTP\/1\.1 408/)
    expect(ms).toBeLessThan(LIMITS.requestTimeoutMs + 2000)
    expect(active()).toEqual([])
  })

  it('a stream that lasts longer than the request timeout is not cut: the timeout covers receiving the request only', async () => {
    const res = await post(
      '/v1/messages',
      JSON.stringify({
        model: 'slow-300-events-8',
        stream: true,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    )
    const text = await res.text()
    expect(text).toContain('message_stop')
  })
})

describe('a body over the limit', () => {
  /** Sends the whole body as a plain client does (all of it, then read), and reports what it saw. */
  function sendAll(
    total: number,
    chunked: boolean,
  ): Promise<{ head: string; writeError?: string }> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1')
      let head = ''
      let writeError: string | undefined
      socket.on('data', (d: Buffer) => (head += d.toString()))
      socket.on('error', (e: NodeJS.ErrnoException) => (writeError ??= e.code ?? e.message))
      socket.on('close', () =>
        resolve({ head: head.split('\r\n')[0] ?? '', ...(writeError ? { writeError } : {}) }),
      )
      socket.write(
        `POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${ACCESS_KEY}\r\ncontent-type: application/json\r\n${chunked ? 'transfer-encoding: chunked' : `content-length: ${total}`}\r\n\r\n`,
      )
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      let sent = 0
      const pump = (): void => {
        while (sent < total && !socket.destroyed) {
          sent += chunk.length
          const data = chunked
            ? Buffer.concat([
                Buffer.from(`${chunk.length.toString(16)}\r\n`),
                chunk,
                Buffer.from('\r\n'),
              ])
            : chunk
          if (!socket.write(data)) return void socket.once('drain', pump)
        }
        if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '')
      }
      pump()
    })
  }

  it('gets its 413 to a client still sending, every time (no EPIPE or reset while it writes)', async () => {
    const results = []
    for (let i = 0; i < 6; i++) results.push(await sendAll(6 << 20, i % 2 === 1))
    expect(results).toEqual(
      Array.from({ length: 6 }, () => ({ head: 'HTTP/1.1 413 Payload Too Large' })),
    )
  })

  it('the 413 is in the caller dialect', async () => {
    const err = await new Anthropic({ apiKey: ACCESS_KEY, baseURL: url, maxRetries: 0 }).messages
      .create({
        model: 'm',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x'.repeat(2 << 20) }],
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Anthropic.APIError)
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(413)
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'request_too_large' },
    })
  })
})

describe('count_tokens', () => {
  it(`refuses a body over ${COUNT_TOKENS_LIMIT_MB} MB with a 413 that says why, in the Anthropic dialect`, async () => {
    settings.server.bodyLimitMb = 64
    const local = buildServer({
      settings: () => settings,
      accessKey: () => ACCESS_KEY,
      env: {},
      limits: LIMITS,
    })
    try {
      const body = JSON.stringify({
        model: 'm',
        messages: [
          { role: 'user', content: 'word '.repeat((COUNT_TOKENS_LIMIT_MB << 20) / 5 + 10) },
        ],
      })
      const res = await local.app.inject({
        method: 'POST',
        url: '/v1/messages/count_tokens',
        headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json', host: '127.0.0.1' },
        payload: body,
      })
      expect(res.statusCode).toBe(413)
      expect(res.json()).toMatchObject({
        type: 'error',
        error: {
          type: 'request_too_large',
          message: expect.stringContaining(
            `count_tokens takes bodies up to ${COUNT_TOKENS_LIMIT_MB} MB`,
          ),
        },
      })
    } finally {
      settings.server.bodyLimitMb = 1
      await local.app.close()
    }
  })

  it('counts a long text in slices: the same count as in one go, and other requests are served meanwhile', async () => {
    const { countTokens } = await import('gpt-tokenizer')
    const { estimateInputTokens } = await import('../../pipeline/count-tokens.js')
    const text = 'The quick brown fox jumps over the lazy dog, again and again. '.repeat(12_000)
    const request = {
      model: 'm',
      system: [],
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }],
      tools: [],
      stream: false,
      extras: { dialect: 'anthropic-messages' as const, fields: {} },
    }
    let ticks = 0
    const ticker = setInterval(() => ticks++, 0)
    const counted = await estimateInputTokens(request)
    clearInterval(ticker)
    const whole = countTokens(`\n${text}`) + 3
    expect(Math.abs(counted - whole)).toBeLessThanOrEqual(2)
    // The event loop turned between slices (one count in one go gives the timer no turn at all).
    expect(ticks).toBeGreaterThan(3)
  })
})
