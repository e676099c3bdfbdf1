// The request log keeps a bounded ring of exchanges, redacts secrets and stays within its byte budget.
import { describe, expect, it } from 'vitest'
import { headerSecrets, Redactor } from '../../log/redact.js'
import { RequestLog, type LogEvent, type LogLimits } from '../../log/request-log.js'
import { summarize } from '../../control/log-view.js'

function makeLog(limits: Partial<LogLimits> = {}): RequestLog {
  const redactor = new Redactor()
  redactor.add('sk-secret-value-123456')
  return new RequestLog(
    () => ({ maxEntries: 5, captureBodies: true, maxBodyBytes: 1000, ...limits }),
    redactor,
  )
}

describe('RequestLog', () => {
  it('keeps only the newest maxEntries exchanges', () => {
    const log = makeLog()
    for (let i = 0; i < 12; i++)
      log.start({ method: 'POST', path: `/v1/messages?n=${i}`, stream: false }).finish()
    const paths = log.snapshot().map((e) => e.path)
    expect(paths).toEqual([7, 8, 9, 10, 11].map((i) => `/v1/messages?n=${i}`))
  })

  it('keeps the newest maxEntries over thousands of exchanges, and an exchange that left frees its budget', () => {
    let maxEntries = 3
    // Three kept bodies of 1,000 bytes fit the budget: only exchanges still in the log may count against it.
    const log = new RequestLog(
      () => ({ maxEntries, captureBodies: true, maxBodyBytes: 10_000, maxTotalBytes: 3_500 }),
      new Redactor(),
    )
    const ids: string[] = []
    const start = (i: number): void => {
      const ex = log.start({ method: 'POST', path: `/${i}`, stream: false })
      ex.body('clientRequest', `body ${i};`.padEnd(1000, 'b'))
      ids.push(ex.id)
    }
    for (let i = 0; i < 2000; i++) start(i)
    expect(log.snapshot().map((e) => e.path)).toEqual(['/1997', '/1998', '/1999'])
    expect(log.snapshot().every((e) => e.clientRequest?.length === 1000)).toBe(true)
    expect(log.get(ids[1996] ?? '')).toBeUndefined()
    expect(log.get(ids[1997] ?? '')?.path).toBe('/1997')
    expect(log.search('body 1996;')).toEqual([])
    expect(log.search('body 1998;')).toEqual([ids[1998]])
    maxEntries = 200
    for (let i = 2000; i < 2150; i++) start(i)
    expect(log.snapshot()).toHaveLength(153)
    expect(log.export()[0]?.path).toBe('/1997')
    maxEntries = 10
    start(2150)
    expect(log.snapshot().map((e) => e.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `/${2141 + i}`),
    )
  })

  it('redacts known secrets and credential headers everywhere it stores text', () => {
    const log = makeLog()
    const ex = log.start({
      method: 'POST',
      path: '/v1/responses',
      stream: true,
      headers: { authorization: 'Bearer sk-secret-value-123456', 'x-app': 'cli' },
    })
    ex.body('clientRequest', '{"key":"sk-secret-value-123456"}')
    ex.frame('upstream', 'data: {"echo":"sk-secret-value-123456", "h":"Bearer abcdefghijklmnop"}')
    const text = JSON.stringify(log.snapshot())
    expect(text).not.toContain('sk-secret-value-123456')
    expect(text).not.toContain('abcdefghijklmnop')
    expect(log.get(ex.id)?.requestHeaders).toEqual({ authorization: '[redacted]', 'x-app': 'cli' })
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

  it('with body capture off keeps only frame metadata (time, side, event, size), not their text', () => {
    const log = makeLog({ captureBodies: false })
    const ex = log.start({ method: 'POST', path: '/v1/messages', stream: true })
    ex.frame(
      'upstream',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"private words"}}',
    )
    ex.frame('client', 'event: message_stop\ndata: {"type":"message_stop"}')
    ex.body('clientResponse', 'private words')
    const text = JSON.stringify(log.snapshot())
    expect(text).not.toContain('private words')
    expect(ex.entry.frames.slice().map((f) => [f.side, f.event, f.bytes, 'data' in f])).toEqual([
      ['upstream', 'content_block_delta', 93, false],
      ['client', 'message_stop', 49, false],
    ])
  })

  it('names each frame by its event type, whatever the dialect', () => {
    const log = makeLog()
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.frame('upstream', '{"type":"response.output_text.delta","delta":"hi"}')
    ex.frame('client', '{"id":"c1","object":"chat.completion.chunk","choices":[]}')
    ex.frame('client', '[DONE]')
    ex.frame('client', 'not json at all')
    expect(ex.entry.frames.slice().map((f) => f.event)).toEqual([
      'response.output_text.delta',
      'chat.completion.chunk',
      '[DONE]',
      undefined,
    ])
    expect(ex.entry.frames.at(0)?.data).toBe('{"type":"response.output_text.delta","delta":"hi"}')
    expect(ex.entry.toolCall).toBeUndefined()
    ex.frame(
      'upstream',
      '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"ls"}}',
    )
    expect(ex.entry.toolCall).toBe(true)
  })

  it('marks upstream and client first bytes and the last byte, even for frames over the cap', () => {
    const log = makeLog({ maxBodyBytes: 10 })
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.mark('upstreamSentMs', ex.entry.startedAt + 3)
    ex.mark('upstreamSentMs', ex.entry.startedAt + 9)
    ex.frame('upstream', 'x'.repeat(50))
    ex.frame('client', 'y'.repeat(50))
    const timing = ex.entry.timing
    expect(timing?.upstreamSentMs).toBe(3)
    expect(timing?.upstreamFirstByteMs).toBeGreaterThanOrEqual(0)
    expect(timing?.clientFirstByteMs).toBeGreaterThanOrEqual(timing?.upstreamFirstByteMs ?? 0)
    expect(timing?.lastByteMs).toBeGreaterThanOrEqual(timing?.clientFirstByteMs ?? 0)
    expect(ex.entry.frames).toHaveLength(0)
  })

  it('records upstream headers both ways through the trace, credentials redacted', () => {
    const log = makeLog()
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    const trace = ex.upstreamTrace()
    trace.sent({ authorization: 'Bearer sk-secret-value-123456', 'x-fixed': 'on' })
    trace.connected()
    trace.response(429, {
      'retry-after': '7',
      'x-codex-primary-used-percent': '42',
      'set-cookie': ['a=b'],
    })
    expect(log.get(ex.id)?.upstreamRequestHeaders).toEqual({
      authorization: '[redacted]',
      'x-fixed': 'on',
    })
    expect(log.get(ex.id)?.upstreamResponseHeaders).toEqual({
      'retry-after': '7',
      'x-codex-primary-used-percent': '42',
      'set-cookie': '[redacted]',
    })
    expect(Object.keys(ex.entry.timing ?? {})).toEqual([
      'upstreamSentMs',
      'upstreamConnectedMs',
      'upstreamHeadersMs',
    ])
  })

  it('searches bodies, frames, headers, notes and errors, ignoring case', () => {
    const log = makeLog({ maxEntries: 10 })
    const a = log.start({ method: 'POST', path: '/a', stream: true })
    a.body('clientRequest', '{"messages":[{"content":"Find the Needle"}]}')
    const b = log.start({ method: 'POST', path: '/b', stream: true })
    b.frame('upstream', '{"type":"text","text":"a needle in a frame"}')
    const c = log.start({ method: 'POST', path: '/c', stream: false })
    c.finish({ error: 'messages.0: all messages must have non-empty content' })
    const d = log.start({ method: 'POST', path: '/d', stream: false })
    d.note('filter: removed NEEDLE field')
    expect(log.search('needle')).toEqual([a.id, b.id, d.id])
    expect(log.search('non-empty content')).toEqual([c.id])
    expect(log.search('  ')).toEqual([])
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
    expect(seen).toEqual(['appended', 'frames', 'updated'])
    expect(ex.entry.state).toBe('done')
  })
})

describe('RequestLog: frames recorded together', () => {
  it('one upstream read: one event for the UI, each frame with its side, name, size and time', () => {
    const log = makeLog()
    const events: LogEvent[] = []
    log.subscribe((e) => events.push(e))
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.frames('upstream', [
      { event: 'message_start', data: '{"type":"message_start"}' },
      { comment: 'keepalive', data: '' },
      { data: '{"id":"c","object":"chat.completion.chunk","choices":[]}' },
      { data: '[DONE]' },
    ])
    const frames = events.filter((e) => e.type === 'frames')
    expect(frames).toHaveLength(1)
    expect(ex.entry.frames.slice().map((f) => [f.side, f.event, f.bytes, f.data])).toEqual([
      ['upstream', 'message_start', 24, '{"type":"message_start"}'],
      [
        'upstream',
        'chat.completion.chunk',
        56,
        '{"id":"c","object":"chat.completion.chunk","choices":[]}',
      ],
      ['upstream', '[DONE]', 6, '[DONE]'],
    ])
    expect(ex.entry.frames.at(-1)?.t).toBe(ex.entry.timing?.lastByteMs)
    expect(JSON.parse(JSON.stringify(ex.entry)).frames).toHaveLength(3)
    expect(log.get(ex.id)?.frames).toEqual(ex.entry.frames.slice())
  })

  it('redacts a whole read at once, a secret in any of its frames, and frame by frame when one holds a NUL', () => {
    const log = makeLog()
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.frames('upstream', [
      { data: '{"a":"sk-secret-value-123456"}' },
      { data: '{"b":"Bearer abcdefghijklmnop"}' },
    ])
    ex.frames('upstream', [{ data: 'nul\u0000sk-secret-value-123456' }, { data: 'x' }])
    expect(ex.entry.frames.slice().map((f) => f.data)).toEqual([
      '{"a":"[redacted]"}',
      '{"b":"Bearer [redacted]"}',
      'nul\u0000[redacted]',
      'x',
    ])
  })

  it('keeps frame texts aligned when body capture is turned on during an exchange', () => {
    let captureBodies = false
    const log = new RequestLog(
      () => ({ maxEntries: 5, captureBodies, maxBodyBytes: 1000 }),
      new Redactor(),
    )
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.frames('upstream', [{ data: 'one' }, { data: 'two' }])
    captureBodies = true
    ex.frames('client', [{ data: 'three' }])
    expect(ex.entry.frames.slice().map((f) => [f.side, f.data])).toEqual([
      ['upstream', undefined],
      ['upstream', undefined],
      ['client', 'three'],
    ])
    expect(log.search('three')).toEqual([ex.id])
    expect(log.search('two')).toEqual([])
  })

  it('client frames written during a read are logged together, and at the latest when the exchange ends', () => {
    const log = makeLog()
    const events: LogEvent[] = []
    log.subscribe((e) => events.push(e))
    const ex = log.start({ method: 'POST', path: '/x', stream: true })
    ex.written([{ event: 'message_start', data: '{}' }])
    ex.written([
      { comment: 'keepalive', data: '' },
      { event: 'ping', data: '{}' },
    ])
    expect(ex.entry.frames).toHaveLength(0)
    ex.logWritten()
    ex.written([{ event: 'message_stop', data: '{}' }])
    ex.finish({ status: 200 })
    expect(events.map((e) => e.type)).toEqual(['appended', 'frames', 'frames', 'updated'])
    expect(ex.entry.frames.slice().map((f) => [f.side, f.event])).toEqual([
      ['client', 'message_start'],
      ['client', 'ping'],
      ['client', 'message_stop'],
    ])
    expect(ex.entry.timing?.clientFirstByteMs).toBeGreaterThanOrEqual(0)
  })
})

describe('RequestLog: every field, and nothing throws', () => {
  it('redacts the error, notes, path and every text field of updates (upstreams echo keys in their messages)', () => {
    const log = makeLog()
    const events: LogEvent[] = []
    log.subscribe((e) => events.push(e))
    const ex = log.start({
      method: 'POST',
      path: '/v1/messages?key=sk-secret-value-123456',
      stream: false,
    })
    ex.update({ upstreamUrl: 'http://up/v1?k=sk-secret-value-123456' })
    ex.note('upstream said: invalid key sk-secret-value-123456')
    ex.finish({ status: 401, error: 'Incorrect API key provided: sk-secret-value-123456' })
    const text = JSON.stringify([log.snapshot(), events])
    expect(text).not.toContain('sk-secret-value-123456')
    expect(ex.entry.error).toBe('Incorrect API key provided: [redacted]')
    expect(ex.entry.notes).toEqual(['upstream said: invalid key [redacted]'])
  })

  it('a body that cannot be serialised is noted in its place instead of throwing', () => {
    const log = makeLog()
    const ex = log.start({ method: 'POST', path: '/x', stream: false })
    let deep: unknown = 'x'
    for (let i = 0; i < 20_000; i++) deep = [deep]
    expect(() => ex.body('clientRequest', () => JSON.stringify(deep))).not.toThrow()
    expect(ex.entry.clientRequest).toMatch(/^\[body not captured: .*call stack/)
  })

  it('keeps header sets packed, shows them as objects in full entries and searches, never in summaries', () => {
    const log = makeLog()
    const headers = {
      'x-list': ['a=1', 'b=2'],
      'x-colon': 'v: with: colons, commas; and = signs',
      'x-empty': '',
      'x-missing': undefined,
    }
    const ex = log.start({ method: 'POST', path: '/x', stream: false, headers })
    ex.upstreamTrace().sent({})
    const shown = {
      'x-list': 'a=1, b=2',
      'x-colon': 'v: with: colons, commas; and = signs',
      'x-empty': '',
    }
    expect(log.get(ex.id)?.requestHeaders).toEqual(shown)
    expect(log.export()[0]?.requestHeaders).toEqual(shown)
    expect(log.get(ex.id)?.upstreamRequestHeaders).toEqual({})
    expect(log.get(ex.id)).not.toHaveProperty('upstreamResponseHeaders')
    expect(log.search('X-COLON')).toEqual([ex.id])
    expect(log.search('commas;')).toEqual([ex.id])
    expect(log.search('signsx-empty')).toEqual([])
    const summary = summarize(ex.entry)
    expect(Object.keys(summary).filter((k) => /headers/i.test(k))).toEqual([])
  })

  it('credential-like header names are redacted whatever they are called', () => {
    const log = makeLog()
    const ex = log.start({
      method: 'POST',
      path: '/x',
      stream: false,
      headers: { 'x-goog-api-key': 'g-123456789', 'x-auth-token': 't-123456789', 'x-app': 'cli' },
    })
    expect(log.get(ex.id)?.requestHeaders).toEqual({
      'x-goog-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      'x-app': 'cli',
    })
  })
})

describe('headerSecrets', () => {
  it('takes every credential-like header value, and the credential alone behind a scheme', () => {
    expect(
      headerSecrets({
        Authorization: 'Bearer abc-123456789',
        'X-Api-Key': 'k-123456789',
        'X-Title': 'Switchboard',
        'api-key': 'azure-123456789',
      }),
    ).toEqual(['Bearer abc-123456789', 'abc-123456789', 'k-123456789', 'azure-123456789'])
  })
})
