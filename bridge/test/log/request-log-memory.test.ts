// A logged upstream frame keeps only its own text alive, not the socket chunk it was sliced from.
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { Redactor } from '../../log/redact.js'
import { RequestLog } from '../../log/request-log.js'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const heapMb = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1048576
}

describe('request log memory', () => {
  it('keeps 20 small frames cut from 1 MB chunks in under 2 MB (pinned chunks would keep 20 MB)', () => {
    const log = new RequestLog(
      () => ({ maxEntries: 1000, captureBodies: true, maxBodyBytes: 262_144 }),
      new Redactor(),
    )
    const exchange = log.start({ method: 'POST', path: '/v1/messages', stream: true })
    const before = heapMb()
    for (let i = 0; i < 20; i++) {
      // Like eventsource-parser's output: the data field is a slice of the decoded chunk.
      const chunk = `${'x'.repeat(1_000_000)}{"type":"ping","n":${i}}`
      exchange.frame('upstream', chunk.slice(chunk.lastIndexOf('{')))
    }
    const grown = heapMb() - before
    expect(
      exchange.entry.frames
        .slice()
        .map((f) => f.data)
        .slice(18),
    ).toEqual(['{"type":"ping","n":18}', '{"type":"ping","n":19}'])
    expect(grown).toBeLessThan(2)
  })

  it('with body capture off, the event names it keeps do not pin the chunks either', () => {
    const log = new RequestLog(
      () => ({ maxEntries: 1000, captureBodies: false, maxBodyBytes: 262_144 }),
      new Redactor(),
    )
    const exchange = log.start({ method: 'POST', path: '/v1/responses', stream: true })
    const before = heapMb()
    for (let i = 0; i < 20; i++) {
      const chunk = `${'x'.repeat(1_000_000)}{"type":"response.function_call_arguments.delta","n":${i}}`
      exchange.frame('upstream', chunk.slice(chunk.lastIndexOf('{')))
    }
    const grown = heapMb() - before
    expect(exchange.entry.frames.at(-1)).toMatchObject({
      event: 'response.function_call_arguments.delta',
    })
    expect(exchange.entry.frames.at(-1)?.data).toBeUndefined()
    expect(grown).toBeLessThan(2)
  })
})

describe('frame metadata', () => {
  it('keeps 100,000 frames (body capture off) in under 5 MB: no object per frame (3 MB here; an object each took 11 MB)', () => {
    const log = new RequestLog(
      () => ({ maxEntries: 1000, captureBodies: false, maxBodyBytes: 1 << 30 }),
      new Redactor(),
    )
    const before = heapMb()
    const exchanges = []
    for (let e = 0; e < 100; e++) {
      const ex = log.start({ method: 'POST', path: '/v1/messages', stream: true })
      for (let i = 0; i < 1000; i++)
        ex.frame(i % 2 === 0 ? 'upstream' : 'client', `{"type":"content_block_delta","n":${i}}`)
      exchanges.push(ex)
    }
    const grown = heapMb() - before
    expect(exchanges.reduce((n, ex) => n + ex.entry.frames.length, 0)).toBe(100_000)
    expect(grown).toBeLessThan(5)
  })

  it('keeps 200,000 frames of finished exchanges in under 3 MB: packed into a string each (6 MB as arrays)', () => {
    const log = new RequestLog(
      () => ({
        maxEntries: 1000,
        captureBodies: false,
        maxBodyBytes: 1 << 30,
        maxTotalBytes: 1 << 30,
      }),
      new Redactor(),
    )
    const before = heapMb()
    const exchanges = []
    for (let e = 0; e < 200; e++) {
      const ex = log.start({ method: 'POST', path: '/v1/messages', stream: true })
      for (let i = 0; i < 1000; i++)
        ex.frame(i % 2 === 0 ? 'upstream' : 'client', `{"type":"content_block_delta","n":${i}}`)
      ex.finish()
      exchanges.push(ex)
    }
    const grown = heapMb() - before
    expect(exchanges.reduce((n, ex) => n + ex.entry.frames.length, 0)).toBe(200_000)
    expect(exchanges[199]?.entry.frames.at(-1)).toMatchObject({
      side: 'client',
      event: 'content_block_delta',
    })
    expect(grown).toBeLessThan(3)
  })
})
