// The line per finished request that `serve` prints: its format, and lines written together rather than one
// syscall each, with nothing left unwritten when the process stops.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { accessLine, printFinishedRequests } from '../../log/access-line.js'
import { Redactor } from '../../log/redact.js'
import { RequestLog } from '../../log/request-log.js'

const log = (): RequestLog =>
  new RequestLog(
    () => ({ maxEntries: 10, captureBodies: false, maxBodyBytes: 1000 }),
    new Redactor(),
  )

function served(l: RequestLog, model: string): void {
  const ex = l.start({ method: 'POST', path: '/v1/chat/completions', stream: true })
  ex.update({ requestedModel: model, provider: 'chat', routedModel: 'm' })
  ex.finish({ status: 200, usage: { ...ZERO, inputTokens: 3, outputTokens: 4 } })
}

const ZERO = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
}

afterEach(() => {
  vi.useRealTimers()
})

describe('printFinishedRequests', () => {
  it('writes the lines of requests that finish together in one write, after a short wait', () => {
    vi.useFakeTimers()
    const l = log()
    const writes: string[] = []
    printFinishedRequests(l, (text) => writes.push(text), 100)
    served(l, 'a')
    served(l, 'b')
    served(l, 'c')
    expect(writes).toEqual([])
    vi.advanceTimersByTime(100)
    expect(writes).toHaveLength(1)
    expect(writes[0]?.split('\n')).toHaveLength(4)
    expect(writes[0]).toMatch(
      /^\S+Z POST \/v1\/chat\/completions a → chat\/m 200 \d+ms 3 in \/ 4 out tokens\n\S+ POST \S+ b → /,
    )
  })

  it('flush writes what waits at once, each request once; stop also stops listening', () => {
    vi.useFakeTimers()
    const l = log()
    const writes: string[] = []
    const access = printFinishedRequests(l, (text) => writes.push(text), 100)
    const ex = l.start({ method: 'POST', path: '/v1/messages', stream: false })
    ex.finish({ status: 200 })
    ex.update({ status: 200 })
    access.flush()
    expect(writes).toEqual([`${accessLine(ex.entry)}\n`])
    access.flush()
    vi.advanceTimersByTime(100)
    expect(writes).toHaveLength(1)
    served(l, 'x')
    access.stop()
    served(l, 'y')
    vi.advanceTimersByTime(100)
    expect(writes.join('')).toContain(' x → ')
    expect(writes.join('')).not.toContain(' y → ')
  })

  it('prints nothing for a request still running', () => {
    vi.useFakeTimers()
    const l = log()
    const writes: string[] = []
    const access = printFinishedRequests(l, (text) => writes.push(text), 100)
    l.start({ method: 'POST', path: '/v1/messages', stream: true }).update({ status: 200 })
    access.flush()
    expect(writes).toEqual([])
  })
})
