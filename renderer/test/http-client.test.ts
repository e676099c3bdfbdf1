// HTTP transport: POST per method, error envelopes, one shared EventSource with reconnects.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CONTROL_PREFIX, type ControlEvent } from '../../bridge/control/contract.js'
import { ControlError } from '../src/api/control-error.js'
import { createHttpClient } from '../src/api/http-client.js'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

class FakeEventSource {
  static instances: FakeEventSource[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: MessageEvent<string>) => void) | null = null
  onerror: (() => void) | null = null
  closed = false
  constructor(readonly url: string, readonly init?: EventSourceInit) {
    FakeEventSource.instances.push(this)
  }
  close() {
    this.closed = true
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  FakeEventSource.instances = []
})

describe('createHttpClient', () => {
  it('POSTs each method with its JSON argument and same-origin credentials', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { model: 'x', ok: true, rules: [] }))
    const client = createHttpClient({ fetch })
    const result = await client.explainRoute({ model: 'x' })
    expect(result).toEqual({ model: 'x', ok: true, rules: [] })
    expect(fetch).toHaveBeenCalledWith(`${CONTROL_PREFIX}/explainRoute`, expect.objectContaining({
      method: 'POST',
      credentials: 'same-origin',
      body: JSON.stringify({ model: 'x' }),
    }))
  })

  it('sends {} for methods without an argument and accepts empty bodies', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 200 }))
    await expect(createHttpClient({ fetch }).clearLog()).resolves.toBeUndefined()
    expect(fetch).toHaveBeenCalledWith(`${CONTROL_PREFIX}/clearLog`, expect.objectContaining({ body: '{}' }))
  })

  it("throws the server's message and itemised errors", async () => {
    const fetch = vi.fn(async () => jsonResponse(400, { error: { message: 'invalid settings', details: ['server.port: must be <= 65535'] } }))
    const error = await createHttpClient({ fetch }).getSettings().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ControlError)
    expect((error as ControlError).message).toBe('invalid settings')
    expect((error as ControlError).details).toEqual(['server.port: must be <= 65535'])
    expect((error as ControlError).status).toBe(400)
  })

  it('streams events from EventSource and reconnects after an error', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('EventSource', FakeEventSource)
    const seen: ControlEvent[] = []
    const stop = createHttpClient({ fetch: vi.fn(), retryMs: 500 }).subscribe((e) => seen.push(e))
    const first = FakeEventSource.instances[0]
    expect(first?.url).toBe(`${CONTROL_PREFIX}/events`)
    first?.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'log:cleared' }) }))
    first?.onmessage?.(new MessageEvent('message', { data: 'not json' }))
    expect(seen).toEqual([{ type: 'log:cleared' }])

    first?.onerror?.()
    expect(first?.closed).toBe(true)
    expect(FakeEventSource.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(FakeEventSource.instances).toHaveLength(2)

    const seenToo: ControlEvent[] = []
    const stopToo = createHttpClient({ fetch: vi.fn() }).subscribe((e) => seenToo.push(e))
    stopToo()
    stop()
    expect(FakeEventSource.instances[1]?.closed).toBe(true)
    FakeEventSource.instances[1]?.onerror?.()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(FakeEventSource.instances).toHaveLength(3)
  })

  it('tells subscribers each time the stream opens, and a late subscriber at once', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('EventSource', FakeEventSource)
    const client = createHttpClient({ fetch: vi.fn(), retryMs: 100 })
    const first = vi.fn()
    const stop = client.subscribe(() => {}, first)
    expect(first).not.toHaveBeenCalled()
    FakeEventSource.instances[0]?.onopen?.()
    expect(first).toHaveBeenCalledTimes(1)
    const late = vi.fn()
    const stopLate = client.subscribe(() => {}, late)
    await Promise.resolve()
    expect(late).toHaveBeenCalledTimes(1)
    // A dropped stream reconnects: both are told again, since events may have been missed meanwhile.
    FakeEventSource.instances[0]?.onerror?.()
    await vi.advanceTimersByTimeAsync(100)
    FakeEventSource.instances[1]?.onopen?.()
    expect([first.mock.calls.length, late.mock.calls.length]).toEqual([2, 2])
    stopLate()
    FakeEventSource.instances[1]?.onopen?.()
    expect([first.mock.calls.length, late.mock.calls.length]).toEqual([3, 2])
    stop()
  })

  it('shares one EventSource between listeners and closes it after the last', () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const client = createHttpClient({ fetch: vi.fn() })
    const a: ControlEvent[] = []
    const b: ControlEvent[] = []
    const stopA = client.subscribe((e) => a.push(e))
    const stopB = client.subscribe((e) => b.push(e))
    expect(FakeEventSource.instances).toHaveLength(1)
    FakeEventSource.instances[0]?.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'log:cleared' }) }))
    expect([a, b]).toEqual([[{ type: 'log:cleared' }], [{ type: 'log:cleared' }]])
    stopA()
    expect(FakeEventSource.instances[0]?.closed).toBe(false)
    stopB()
    expect(FakeEventSource.instances[0]?.closed).toBe(true)
  })
})
