// readBatches: one batch per upstream read, text whole at every byte boundary, the upstream paused while the
// consumer is busy, and failures in the order they happened.
import { createServer, type Server, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { readBatches, type BatchReader } from '../../upstream/body-reader.js'
import { sendUpstream, type UpstreamBody } from '../../upstream/http.js'
import { streamBody } from '../helpers/stream-body.js'
import { createSseParser, parseSse } from '../../protocol/sse/parse.js'
import type { SseFrame } from '../../protocol/sse/frame.js'

/** The reader that hands on each read's text as it is. */
const asText: BatchReader<string> = {
  read: (text) => text,
  end: (rest) => (rest === '' ? undefined : rest),
}

/** Feeds `reads` to a body, each in its own turn of the event loop, and collects what the reader made. */
async function feed<T>(reads: Buffer[][], reader: BatchReader<T>): Promise<T[]> {
  const body = new PassThrough()
  const out: T[] = []
  const collected = (async () => {
    for await (const batch of readBatches(streamBody(body), reader)) out.push(batch)
  })()
  for (const read of reads) {
    // Chunks written together arrive in one turn, as the HTTP chunks of one socket read do.
    for (const chunk of read) body.write(chunk)
    await tick()
  }
  body.end()
  await collected
  return out
}

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

async function upstream(answer: (res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    req.resume()
    req.on('end', () => answer(res))
  })
  servers.push(s)
  s.listen(0, '127.0.0.1')
  await once(s, 'listening')
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`
}

const open = async (url: string): Promise<UpstreamBody> =>
  (await sendUpstream({ url, headers: {}, body: '{}', signal: new AbortController().signal })).body

describe('readBatches', () => {
  it('hands on a character split between reads whole, at every pair of byte boundaries', async () => {
    const text = 'é🙂a€\n'
    const bytes = Buffer.from(text)
    for (let i = 1; i < bytes.length; i++)
      for (let j = i; j < bytes.length; j++) {
        const reads = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]
        const out = await feed(
          reads.filter((r) => r.length > 0).map((r) => [r]),
          asText,
        )
        expect(out.join(''), `cut at ${i}, ${j}`).toBe(text)
        expect(out.join('')).not.toContain('\uFFFD')
      }
  })

  it('ends a body cut inside a character with a replacement character, as a decoder does', async () => {
    const bytes = Buffer.from('ok 🙂')
    expect(await feed([[bytes.subarray(0, bytes.length - 1)]], asText)).toEqual(['ok ', '\uFFFD'])
  })

  it('makes one batch of everything one read brings, and one per read', async () => {
    const chunks = ['data: a\n\n', 'data: b\n\n', 'data: c\n\n', 'data: d\n\n'].map((s) =>
      Buffer.from(s),
    )
    const out = await feed([chunks.slice(0, 3), chunks.slice(3)], asText)
    expect(out).toEqual(['data: a\n\ndata: b\n\ndata: c\n\n', 'data: d\n\n'])
  })

  it('parses an SSE stream split across reads at every boundary into the same frames', async () => {
    const wire =
      'event: delta\ndata: {"t":"café 🙂"}\n\ndata: line1\ndata: line2\n\n: ping\n\ndata: [DONE]'
    const bytes = Buffer.from(wire)
    const whole = parseSse(wire)
    expect(whole.map((f) => f.data)).toEqual(['{"t":"café 🙂"}', 'line1\nline2', '[DONE]'])
    for (let i = 1; i < bytes.length; i++) {
      const parser = createSseParser()
      const batches = await feed<SseFrame[]>([[bytes.subarray(0, i)], [bytes.subarray(i)]], {
        read: (text) => parser.push(text),
        end: (rest) => [...parser.push(rest), ...parser.end()],
      })
      expect(batches.flat(), `cut at ${i}`).toEqual(whole)
    }
  })

  it('a reader that skips a read (no batch) waits for the next one', async () => {
    const out = await feed([[Buffer.from('a')], [Buffer.from('b')]], {
      read: (text) => (text === 'a' ? undefined : text),
      end: () => undefined,
    })
    expect(out).toEqual(['b'])
  })

  it('pauses the upstream while the consumer does not ask, and delivers everything after', async () => {
    const total = 64 << 20
    const piece = Buffer.alloc(16 << 10, 'x')
    let written = 0
    const url = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const more = (): void => {
        while (written < total) {
          written += piece.length
          if (!res.write(piece)) {
            res.once('drain', more)
            return
          }
        }
        res.end()
      }
      more()
    })
    const body = await open(url)
    const batches = readBatches(body, asText)
    let received = (await batches.next()).value?.length ?? 0
    // The window fills at the machine's pace: wait until the upstream's count stops growing.
    let seen = -1
    for (let waited = 0; waited < 20_000 && seen !== written; waited += 300) {
      seen = written
      await sleep(300)
    }
    expect(written).toBe(seen)
    expect(written).toBeLessThan(total / 2)
    for await (const text of batches) received += text.length
    expect(received).toBe(total)
  }, 60_000)

  it('a body that breaks rejects after the batches before it, with the upstream connection error', async () => {
    const url = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: 1\n\n', () => setTimeout(() => res.socket?.destroy(), 20))
    })
    const got: string[] = []
    const reading = (async () => {
      for await (const text of readBatches(await open(url), asText)) got.push(text)
    })()
    // undici's word for a connection the upstream closed mid-answer.
    await expect(reading).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
    expect(got).toEqual(['data: 1\n\n'])
  })

  it('a body closed before its end rejects as a premature close', async () => {
    const body = new PassThrough()
    const batches = readBatches(streamBody(body), asText)
    body.write('a')
    expect(await batches.next()).toEqual({ done: false, value: 'a' })
    const next = batches.next()
    body.destroy()
    await expect(next).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
    expect(await batches.next()).toEqual({ done: true, value: undefined })
  })

  it('a reader that throws ends the reading after the batches before it, and lets go of the upstream', async () => {
    let closed = false
    const url = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.on('close', () => (closed = true))
      res.write('good\n', () => setTimeout(() => res.write('bad\n'), 20))
    })
    const got: string[] = []
    const reading = (async () => {
      const reader: BatchReader<string> = {
        read(text) {
          if (text.startsWith('bad')) throw new Error('malformed')
          return text
        },
        end: () => undefined,
      }
      for await (const text of readBatches(await open(url), reader)) got.push(text)
    })()
    await expect(reading).rejects.toThrow('malformed')
    expect(got).toEqual(['good\n'])
    await expect.poll(() => closed).toBe(true)
  })

  it('a consumer that stops early lets go of the upstream', async () => {
    let closed = false
    const url = await upstream((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.on('close', () => (closed = true))
      const timer = setInterval(() => res.write('data: more\n\n'), 10)
      res.on('close', () => clearInterval(timer))
    })
    for await (const text of readBatches(await open(url), asText)) {
      expect(text).toContain('data: more')
      break
    }
    await expect.poll(() => closed).toBe(true)
  })
})
