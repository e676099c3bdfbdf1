// sendUpstream against real local servers: the URL parsed once per endpoint still reaches the right host, port,
// path and credentials, and the abort wiring both ends a call in flight and lets go of the signal afterwards.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { getEventListeners, once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { readBody, sendUpstream } from '../../upstream/http.js'

interface Seen {
  url: string | undefined
  headers: IncomingMessage['headers']
  body: string
}

const servers: Server[] = []

async function server(
  host: string,
  answer: (res: import('node:http').ServerResponse) => void = (res) => res.end('ok'),
): Promise<{ port: number; seen: Seen[]; closed: () => number }> {
  const seen: Seen[] = []
  let closed = 0
  const s = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body })
      answer(res)
    })
    res.on('close', () => closed++)
  })
  servers.push(s)
  s.listen(0, host)
  await once(s, 'listening')
  return { port: (s.address() as AddressInfo).port, seen, closed: () => closed }
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

const post = (url: string, signal = new AbortController().signal) =>
  sendUpstream({ url, headers: { 'content-type': 'application/json' }, body: '{"a":1}', signal })

describe('sendUpstream', () => {
  it('reaches an IPv6 literal with its port, path and query, and says so in Host', async () => {
    const up = await server('::1')
    const res = await post(`http://[::1]:${up.port}/v1/chat/completions?api-version=2`)
    expect(await readBody(res.body)).toBe('ok')
    expect(up.seen[0]?.url).toBe('/v1/chat/completions?api-version=2')
    expect(up.seen[0]?.headers.host).toBe(`[::1]:${up.port}`)
    expect(up.seen[0]?.headers['content-length']).toBe('7')
    expect(up.seen[0]?.body).toBe('{"a":1}')
  })

  it('sends the credentials of a URL with user info as basic auth, decoded', async () => {
    const up = await server('127.0.0.1')
    const res = await post(`http://proxy-user:p%40ss@127.0.0.1:${up.port}/v1/messages`)
    await readBody(res.body)
    expect(up.seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('proxy-user:p@ss').toString('base64')}`,
    )
  })

  it('sends each URL to its own endpoint when several are in use', async () => {
    const a = await server('127.0.0.1')
    const b = await server('127.0.0.1')
    for (const [up, path] of [
      [a, '/one'],
      [b, '/two'],
      [a, '/three'],
    ] as const)
      await readBody((await post(`http://127.0.0.1:${up.port}${path}`)).body)
    expect(a.seen.map((s) => s.url)).toEqual(['/one', '/three'])
    expect(b.seen.map((s) => s.url)).toEqual(['/two'])
  })

  it('an abort while the answer streams ends the upstream call', async () => {
    const up = await server('127.0.0.1', (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: 1\n\n')
    })
    const abort = new AbortController()
    const res = await post(`http://127.0.0.1:${up.port}/stream`, abort.signal)
    const got: string[] = []
    const outcome = new Promise<Error>((resolve, reject) =>
      res.body.read({
        data: (chunk) => got.push(chunk.toString()),
        end: () => reject(new Error('ended')),
        fail: resolve,
      }),
    )
    await expect.poll(() => got.join('')).toBe('data: 1\n\n')
    abort.abort()
    expect((await outcome).name).toBe('AbortError')
    await expect.poll(() => up.closed()).toBe(1)
  })

  it('lets go of the signal once the call is over, so a long-lived signal gathers no listeners', async () => {
    const up = await server('127.0.0.1')
    const signal = new AbortController().signal
    for (let i = 0; i < 3; i++) {
      const res = await post(`http://127.0.0.1:${up.port}/`, signal)
      await readBody(res.body)
    }
    await expect.poll(() => getEventListeners(signal, 'abort').length).toBe(0)
  })

  it('an abort before the call refuses it without reaching the upstream', async () => {
    const up = await server('127.0.0.1')
    const abort = new AbortController()
    abort.abort()
    await expect(post(`http://127.0.0.1:${up.port}/`, abort.signal)).rejects.toThrow(
      'The client went away before the upstream was called.',
    )
    expect(up.seen).toEqual([])
  })

  it('keeps what arrives before the body is read, and reads it whole after', async () => {
    const up = await server('127.0.0.1', (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: 1\n\n')
      setTimeout(() => res.end('data: 2\n\n'), 30)
    })
    const res = await post(`http://127.0.0.1:${up.port}/`)
    // Nobody reads for a while: the first chunk, and the end after it, must still be there.
    await sleep(100)
    expect(await readBody(res.body)).toBe('data: 1\n\ndata: 2\n\n')
  })

  it('gives headers as node:http does: lower-case names, repeats joined, set-cookie as a list', async () => {
    const up = await server('127.0.0.1', (res) => {
      res.setHeader('X-Trace', ['a', 'b'])
      res.setHeader('Set-Cookie', ['one=1', 'two=2'])
      res.end('ok')
    })
    const res = await post(`http://127.0.0.1:${up.port}/`)
    await readBody(res.body)
    expect(res.headers['x-trace']).toBe('a, b')
    expect(res.headers['set-cookie']).toEqual(['one=1', 'two=2'])
  })

  it('an upstream that does not answer in connectTimeoutMs fails as a timeout, and the call is ended', async () => {
    const up = await server('127.0.0.1', () => {})
    const started = Date.now()
    await expect(
      sendUpstream({
        url: `http://127.0.0.1:${up.port}/`,
        headers: {},
        body: '{}',
        signal: new AbortController().signal,
        connectTimeoutMs: 200,
      }),
    ).rejects.toThrow(`The upstream at http://127.0.0.1:${up.port} did not answer in time.`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    await expect.poll(() => up.closed()).toBe(1)
  })

  it('a body read only in part lets go of the upstream connection', async () => {
    const up = await server('127.0.0.1', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5)
      res.on('close', () => clearInterval(timer))
    })
    const res = await post(`http://127.0.0.1:${up.port}/`)
    expect((await readBody(res.body, 4096)).length).toBeLessThanOrEqual(4096)
    await expect.poll(() => up.closed()).toBe(1)
  })
})
