// The request log keeps a bounded ring of exchanges, redacts secrets and stays within its byte budget.
import { describe, expect, it } from 'vitest'
import { Redactor } from '../../log/redact.js'
import { RequestLog, type LogEvent, type LogLimits } from '../../log/request-log.js'

function makeLog(limits: Partial<LogLimits> = {}): RequestLog {
  const redactor = new Redactor()
  redactor.add('sk-secret-value-123456')
  return new RequestLog(() => ({ maxEntries: 5, captureBodies: true, maxBodyBytes: 1000, ...limits }), redactor)
}

describe('RequestLog', () => {
  it('keeps only the newest maxEntries exchanges', () => {
    const log = makeLog()
    for (let i = 0; i < 12; i++) log.start({ method: 'POST', path: `/v1/messages?n=${i}`, stream: false }).finish()
    const paths = log.snapshot().map((e) => e.path)
    expect(paths).toEqual([7, 8, 9, 10, 11].map((i) => `/v1/messages?n=${i}`))
  })

  it('redacts known secrets and credential headers everywhere it stores text', () => {
    const log = makeLog()
    const ex = log.start({ method: 'POST', path: '/v1/responses', stream: true, headers: { authorization: 'Bearer sk-secret-value-123456', 'x-app': 'cli' } })
    ex.body('clientRequest', '{"key":"sk-secret-value-123456"}')
    ex.frame('upstream', 'data: {"echo":"sk-secret-value-123456", "h":"Bearer abcdefghijklmnop"}')
    const text = JSON.stringify(log.snapshot())
    expect(text).not.toContain('sk-secret-value-123456')
    expect(text).not.toContain('abcdefghijklmnop')
    expect(ex.entry.requestHeaders).toEqual({ authorization: '[redacted]', 'x-app': 'cli' })
  })

  it('caps frames per exchange and counts what it dropped', () => {
    const log = makeLog({ maxBodyBytes: 100 })
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    for (let i = 0; i < 10; i++) ex.frame('client', 'x'.repeat(30))
    expect(ex.entry.frames).toHaveLength(3)
    expect(ex.entry.framesDropped).toBe(7)
  })

  it('releases frames of the oldest exchanges once over the total budget', () => {
    const log = makeLog({ maxEntries: 100, maxBodyBytes: 10_000, maxTotalBytes: 25_000 })
    const all = []
    for (let i = 0; i < 6; i++) {
      const ex = log.start({ method: 'POST', path: `/${i}`, stream: true })
      for (let f = 0; f < 10; f++) ex.frame('upstream', 'y'.repeat(1000))
      all.push(ex)
    }
    const kept = all.map((e) => e.entry.frames.length)
    expect(kept.slice(-2)).toEqual([10, 10])
    expect(kept[0]).toBe(0)
    expect(all[0]?.entry.framesDropped).toBe(10)
    const total = all.reduce((n, e) => n + e.entry.frameBytes, 0)
    expect(total).toBeLessThanOrEqual(25_000)
  })

  it('skips serialising bodies when body capture is off', () => {
    const log = makeLog({ captureBodies: false })
    const ex = log.start({ method: 'POST', path: '/x', stream: false })
    let called = false
    ex.body('clientRequest', () => {
      called = true
      return '{}'
    })
    expect(called).toBe(false)
    expect(ex.entry.clientRequest).toBeUndefined()
  })

  it('tells subscribers about new exchanges, frames and updates', () => {
    const log = makeLog()
    const seen: LogEvent['type'][] = []
    const stop = log.subscribe((e) => seen.push(e.type))
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.frame('client', 'data: 1')
    ex.finish({ status: 200 })
    stop()
    log.clear()
    expect(seen).toEqual(['appended', 'frame', 'updated'])
    expect(ex.entry.state).toBe('done')
  })
})
