// HTTP transport: POST per method with the token header, coded error envelopes, one shared fetch stream with reconnects.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ControlEvent } from '../../bridge/control/contract.js'
import { CONTROL_PREFIX, CONTROL_TOKEN_HEADER } from '../../bridge/control/contract/transports.js'
import { ControlError } from '../src/api/control-error.js'
import { createHttpClient } from '../src/api/http-client.js'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

/** A fetch whose /events calls answer streams the test writes to, ends, or that the client aborts. */
function streamingFetch(calls: (body: unknown) => Response = () => jsonResponse(200, {})) {
  const streams: {
    controller: ReadableStreamDefaultController<Uint8Array>
    signal: AbortSignal | undefined
    headers: Record<string, string>
  }[] = []
  const encoder = new TextEncoder()
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    if (!String(url).endsWith('/events')) return calls(init?.body)
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) })
    const signal = init?.signal ?? undefined
    signal?.addEventListener('abort', () =>
      controller.error(new DOMException('aborted', 'AbortError')),
    )
    streams.push({ controller, signal, headers: (init?.headers ?? {}) as Record<string, string> })
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  })
  const send = (i: number, text: string) => streams[i]?.controller.enqueue(encoder.encode(text))
  return { fetch, streams, send }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  vi.useRealTimers()
})

describe('createHttpClient', () => {
  it('POSTs each method with its JSON argument, the token in a header and no cookies', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { model: 'x', ok: true, rules: [] }))
    const client = createHttpClient({ fetch, token: 'sbc-t' })
    const result = await client.explainRoute({ model: 'x' })
    expect(result).toEqual({ model: 'x', ok: true, rules: [] })
    expect(fetch).toHaveBeenCalledWith(
      `${CONTROL_PREFIX}/explainRoute`,
      expect.objectContaining({
        method: 'POST',
        credentials: 'omit',
        headers: expect.objectContaining({
          'content-type': 'application/json',
          [CONTROL_TOKEN_HEADER]: 'sbc-t',
        }),
        body: JSON.stringify({ model: 'x' }),
      }),
    )
  })

  it('sends {} for methods without an argument and accepts empty bodies', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 200 }))
    await expect(createHttpClient({ fetch }).clearLog()).resolves.toBeUndefined()
    expect(fetch).toHaveBeenCalledWith(
      `${CONTROL_PREFIX}/clearLog`,
      expect.objectContaining({ body: '{}' }),
    )
  })

  it('says when the gateway refuses the token, on a call and on the event stream', async () => {
    const refused = { error: { code: 'unauthorized', message: 'The control API needs the token' } }
    const fetch = vi.fn(async () => jsonResponse(401, refused))
    const onUnauthorized = vi.fn()
    const client = createHttpClient({ fetch, token: 'sbc-old', onUnauthorized, retryMs: 60_000 })
    await expect(client.gatewayStatus()).rejects.toMatchObject({ status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    const unsubscribe = client.subscribe(() => undefined)
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(2))
    unsubscribe()
    // Any other failure is not a refused token.
    const other = createHttpClient({
      fetch: vi.fn(async () => jsonResponse(500, { error: { message: 'boom' } })),
      onUnauthorized,
    })
    await expect(other.gatewayStatus()).rejects.toThrow('boom')
    expect(onUnauthorized).toHaveBeenCalledTimes(2)
  })

  it("throws the server's message and itemised errors", async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(400, {
        error: {
          code: 'invalid_settings',
          field: 'server.port',
          message: 'invalid settings',
          details: ['server.port: must be <= 65535'],
        },
      }),
    )
    const error = await createHttpClient({ fetch })
      .getSettings()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ControlError)
    expect((error as ControlError).message).toBe('invalid settings')
    expect((error as ControlError).details).toEqual(['server.port: must be <= 65535'])
    expect((error as ControlError).status).toBe(400)
    expect((error as ControlError).code).toBe('invalid_settings')
    expect((error as ControlError).field).toBe('server.port')
  })

  it('streams event batches with the token in a header, split anywhere, and reconnects after an error', async () => {
    const { fetch, streams, send } = streamingFetch()
    const seen: ControlEvent[] = []
    const stop = createHttpClient({ fetch, token: 'sbc-t', retryMs: 5 }).subscribe((e) =>
      seen.push(e),
    )
    await settle()
    expect(fetch).toHaveBeenCalledWith(
      `${CONTROL_PREFIX}/events`,
      expect.objectContaining({ credentials: 'omit' }),
    )
    expect(streams[0]?.headers[CONTROL_TOKEN_HEADER]).toBe('sbc-t')
    const batch = `data: ${JSON.stringify([{ type: 'log:cleared' }, { type: 'log:frames', id: 'a', frames: [{ t: 1, side: 'client', data: 'x' }] }])}\n\n`
    send(0, ': connected\n\n' + batch.slice(0, 7))
    send(0, batch.slice(7) + 'data: not json\n\n')
    await settle()
    expect(seen.map((e) => e.type)).toEqual(['log:cleared', 'log:frames'])

    streams[0]?.controller.error(new Error('network'))
    await vi.waitFor(() => expect(streams).toHaveLength(2))
    stop()
    expect(streams[1]?.signal?.aborted).toBe(true)
    await new Promise((r) => setTimeout(r, 30))
    expect(streams).toHaveLength(2)
  })

  it('tells subscribers each time the stream opens, and a late subscriber at once', async () => {
    const { fetch, streams } = streamingFetch()
    const client = createHttpClient({ fetch, retryMs: 5 })
    const first = vi.fn()
    const stop = client.subscribe(() => {}, first)
    await settle()
    expect(first).toHaveBeenCalledTimes(1)
    const late = vi.fn()
    const stopLate = client.subscribe(() => {}, late)
    await Promise.resolve()
    expect(late).toHaveBeenCalledTimes(1)
    // A dropped stream reconnects: both are told again, since events may have been missed meanwhile.
    streams[0]?.controller.close()
    await vi.waitFor(() =>
      expect([first.mock.calls.length, late.mock.calls.length]).toEqual([2, 2]),
    )
    stopLate()
    streams[1]?.controller.close()
    await vi.waitFor(() => expect(first.mock.calls.length).toBe(3))
    expect(late.mock.calls.length).toBe(2)
    stop()
  })

  it('shares one stream between listeners and closes it after the last', async () => {
    const { fetch, streams, send } = streamingFetch()
    const client = createHttpClient({ fetch })
    const a: ControlEvent[] = []
    const b: ControlEvent[] = []
    const stopA = client.subscribe((e) => a.push(e))
    const stopB = client.subscribe((e) => b.push(e))
    await settle()
    expect(streams).toHaveLength(1)
    send(0, `data: ${JSON.stringify([{ type: 'log:cleared' }])}\n\n`)
    await settle()
    expect([a, b]).toEqual([[{ type: 'log:cleared' }], [{ type: 'log:cleared' }]])
    stopA()
    expect(streams[0]?.signal?.aborted).toBe(false)
    stopB()
    expect(streams[0]?.signal?.aborted).toBe(true)
  })
})
