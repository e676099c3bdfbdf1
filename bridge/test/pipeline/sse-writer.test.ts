// The SSE writer: what it is given reaches the socket whole and in order, the first text at once and then one write
// per tick for a burst, and a queue past its limit asks the caller to wait — also with multi-byte text and writes
// of hundreds of kilobytes.
import { EventEmitter, once } from 'node:events'
import { createServer, request, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { SseWriter } from '../../pipeline/sse-writer.js'

/** A client response that records each write's bytes. */
class RecordingResponse extends EventEmitter {
  writes: Buffer[] = []
  writableEnded = false
  writableFinished = false
  writableNeedDrain = false
  destroyed = false
  writeHead(): this {
    return this
  }
  flushHeaders(): void {}
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(Buffer.from(chunk))
    return true
  }
  end(): this {
    this.writableEnded = this.writableFinished = true
    return this
  }
  get text(): string {
    return Buffer.concat(this.writes).toString('utf8')
  }
}

function writer(): { raw: RecordingResponse; w: SseWriter } {
  const raw = new RecordingResponse()
  const w = new SseWriter(raw as unknown as ServerResponse, () => {})
  w.start({})
  return { raw, w }
}

const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve))

describe('SseWriter', () => {
  it('writes the first text at once, then joins the frames of one tick into one write', async () => {
    const { raw, w } = writer()
    w.write('event: preamble\n\n')
    // The client's preamble is on the socket before anything else of this tick is even given.
    expect(raw.text).toBe('event: preamble\n\n')
    for (let i = 0; i < 100; i++) w.write(`data: ${i}\n\n`)
    expect(raw.writes).toHaveLength(1)
    await tick()
    expect(raw.writes).toHaveLength(2)
    w.write('data: next\n\n')
    await tick()
    expect(raw.writes).toHaveLength(3)
    expect(raw.text).toBe(
      'event: preamble\n\n' +
        Array.from({ length: 100 }, (_, i) => `data: ${i}\n\n`).join('') +
        'data: next\n\n',
    )
  })

  it('hands the first text to the kernel at once on a real response, not when Node uncorks on the next tick', async () => {
    const seen: { corkedAfterFirst?: number } = {}
    const server = createServer((_req, res) => {
      const w = new SseWriter(res, () => {})
      w.start({})
      w.write('event: preamble\n\n')
      seen.corkedAfterFirst = res.socket?.writableCorked
      w.write('data: rest\n\n')
      w.end()
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const body = await new Promise<string>((resolve, reject) => {
      request({ port, host: '127.0.0.1' }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    server.close()
    expect(body).toBe('event: preamble\n\ndata: rest\n\n')
    expect(seen.corkedAfterFirst).toBe(0)
  })

  it('keeps every byte and the order, with multi-byte text and a write larger than the queue limit', async () => {
    const { raw, w } = writer()
    const parts: string[] = []
    for (let i = 0; i < 3000; i++)
      parts.push(`data: {"text":"ünïcödé 🎛️ ${i} ${'x'.repeat(i % 97)}"}\n\n`)
    parts.splice(1500, 0, `data: ${'€'.repeat(100_000)}\n\n`)
    let full = true
    for (const p of parts) full = w.write(p) && full
    // More than the queue limit was given in one tick: the writer asked to wait.
    expect(full).toBe(false)
    w.end()
    expect(raw.text).toBe(parts.join(''))
    expect(w.bytes).toBe(parts.join('').length)
  })

  it('ends with its last text in one write, also when that is the first text', async () => {
    const { raw, w } = writer()
    w.end('event: preamble\n\ndata: all\n\n')
    expect(raw.writes).toHaveLength(1)
    expect(raw.text).toBe('event: preamble\n\ndata: all\n\n')
    expect(raw.writableEnded).toBe(true)
    const later = writer()
    later.w.write('data: a\n\n')
    later.w.write('data: b\n\n')
    later.w.end('data: c\n\n')
    // The first text went at once; the rest and the last frames leave together with the end.
    expect(later.raw.writes.map(String)).toEqual(['data: a\n\n', 'data: b\n\ndata: c\n\n'])
  })

  it('writes nothing after the end and nothing once the client is gone', async () => {
    const { raw, w } = writer()
    w.write('data: a\n\n')
    w.write('data: b\n\n')
    raw.destroyed = true
    w.write('data: c\n\n')
    await tick()
    expect(raw.text).toBe('data: a\n\n')
    const other = writer()
    other.w.write('data: a\n\n')
    other.w.write('data: b\n\n')
    other.w.end()
    other.w.write('data: c\n\n')
    await tick()
    expect(other.raw.text).toBe('data: a\n\ndata: b\n\n')
  })
})
