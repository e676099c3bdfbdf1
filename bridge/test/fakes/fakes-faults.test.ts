// Fault scenarios of every fake, observed through raw HTTP and the official SDKs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DRIVERS, readUntilThenAbort } from './dialect-drivers.js'
import { SCENARIO_HEADER, helloText } from './index.js'
import type { FakeServer } from './index.js'
import { payloads, rawPost } from './raw-sse.js'

const STATUSES = [400, 401, 403, 404, 413, 429, 500, 502, 503, 529]
const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
}

describe.each(DRIVERS)('fake-$name fault scenarios', (driver) => {
  let fake: FakeServer
  const post = (model: string, stream = true, extra: Record<string, string> = {}) =>
    rawPost(driver.endpoint(fake), driver.body(model, stream), {
      ...driver.headers(fake),
      ...extra,
    })

  beforeAll(async () => {
    fake = await driver.start()
  })
  afterAll(() => fake.close())

  it.each(STATUSES)(
    'status-%i answers with that status in the dialect envelope',
    async (status) => {
      const reply = await post(`m-status-${status}`)
      expect(reply.status).toBe(status)
      const body = JSON.parse(reply.text) as Record<string, unknown>
      if (driver.name === 'anthropic') {
        expect(body).toMatchObject({
          type: 'error',
          error: { type: ANTHROPIC_TYPES[status], message: expect.any(String) },
        })
      } else {
        expect(body).toMatchObject({
          error: { type: expect.any(String), message: expect.any(String) },
        })
      }
      expect(reply.headers.get('retry-after')).toBe(status === 429 ? '7' : null)
    },
  )

  it('takes the scenario from the x-fake-scenario header too, and the SDK surfaces it', async () => {
    const reply = await post('plain-model', true, { [SCENARIO_HEADER]: 'status-503' })
    expect(reply.status).toBe(503)
    await expect(driver.sdkText(fake, 'gpt-status-429', true)).rejects.toMatchObject({
      status: 429,
    })
  })

  it('midstream-error sends the dialect error right after the first text delta', async () => {
    const reply = await post('m-midstream-error')
    expect(reply.status).toBe(200)
    const events = payloads(reply)
    expect(driver.textDeltas(events)).toEqual(['Hello '])
    expect(driver.hasTerminal(reply.frames)).toBe(false)
    const last = events.at(-1)
    if (driver.name === 'anthropic')
      expect(last).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } })
    if (driver.name === 'responses')
      expect(last).toMatchObject({
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'server_error' } },
      })
    if (driver.name === 'chat') expect(last).toMatchObject({ error: { type: 'server_error' } })
    await expect(driver.sdkText(fake, 'm-midstream-error', true)).rejects.toThrow()
    await expect(driver.sdkText(fake, 'm-midstream-error', false)).rejects.toMatchObject({
      status: driver.name === 'anthropic' ? 529 : 500,
    })
  })

  it('drop destroys the socket after the first delta without counting a client abort', async () => {
    const before = fake.disconnects
    await expect(post('m-drop')).rejects.toThrow()
    await expect(driver.sdkText(fake, 'm-drop', true)).rejects.toThrow()
    await expect(driver.sdkText(fake, 'm-drop', false)).rejects.toThrow()
    expect(fake.disconnects).toBe(before)
  })

  it('stall sends the opening events, then waits until the client leaves and records it', async () => {
    const before = fake.disconnects
    const seen = fake.requests.length
    const text = await readUntilThenAbort(
      driver.endpoint(fake),
      driver.body('m-stall', true),
      driver.headers(fake),
      driver.beforeFirstDelta,
    )
    expect(text).toContain(driver.beforeFirstDelta)
    expect(
      driver.textDeltas(payloads({ status: 200, headers: new Headers(), text, frames: [] })),
    ).toEqual([])
    await fake.waitForDisconnect(before + 1)
    const record = fake.requests[seen]
    expect(record?.body).toMatchObject({ model: 'm-stall', stream: true })
    expect(record?.disconnectedAt).toBeGreaterThanOrEqual(record?.receivedAt ?? Infinity)
  })

  it('stall without streaming never answers until the client aborts', async () => {
    const before = fake.disconnects
    const controller = new AbortController()
    const seen = fake.requests.length
    const pending = driver.sdkText(fake, 'm-stall', false, controller.signal)
    while (fake.requests.length === seen) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    await expect(pending).rejects.toThrow()
    await fake.waitForDisconnect(before + 1)
    expect(fake.disconnects).toBe(before + 1)
  })

  it('slow-<ms> still delivers the complete answer', async () => {
    expect(await driver.sdkText(fake, 'm-slow-3', true)).toBe(helloText(driver.name, 'm-slow-3'))
    expect(await driver.sdkText(fake, 'm-slow-3', false)).toBe(helloText(driver.name, 'm-slow-3'))
  })

  it('lead-<ms> sends the headers at once and holds the first event; firstFrameAt marks its write', async () => {
    const before = fake.disconnects
    const seen = fake.requests.length
    const controller = new AbortController()
    const response = await fetch(driver.endpoint(fake), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...driver.headers(fake) },
      body: JSON.stringify(driver.body('m-lead-60000', true)),
      signal: controller.signal,
    })
    expect(response.status).toBe(200)
    const held = fake.requests[seen]
    expect(held?.firstFrameAt).toBeUndefined()
    controller.abort()
    await fake.waitForDisconnect(before + 1)
    expect(held?.firstFrameAt).toBeUndefined()

    const sent = process.hrtime.bigint()
    const reply = await post('m-lead-1')
    expect(driver.textDeltas(payloads(reply)).join('')).toBe(helloText(driver.name, 'm-lead-1'))
    const stamp = fake.requests.at(-1)?.firstFrameAt
    expect(stamp).toBeGreaterThan(sent)
    expect(stamp).toBeLessThan(process.hrtime.bigint())
  })

  it('no-terminal ends the stream without its terminal event', async () => {
    const reply = await post('m-no-terminal')
    expect(driver.hasTerminal(reply.frames)).toBe(false)
    expect(driver.textDeltas(payloads(reply)).join('')).toBe(
      helloText(driver.name, 'm-no-terminal'),
    )
    const normal = await post('m')
    expect(driver.hasTerminal(normal.frames)).toBe(true)
  })

  it('bad-json puts one malformed data line after the first delta', async () => {
    const reply = await post('m-bad-json')
    const broken = reply.frames.filter((f) => {
      try {
        JSON.parse(f.data === '[DONE]' ? '0' : f.data)
        return false
      } catch {
        return true
      }
    })
    expect(broken).toHaveLength(1)
    await expect(driver.sdkText(fake, 'm-bad-json', true)).rejects.toThrow()
    await expect(driver.sdkText(fake, 'm-bad-json', false)).rejects.toThrow()
  })

  it('events-<n> streams exactly n text deltas', async () => {
    const reply = await post('bench', true, { [SCENARIO_HEADER]: 'events-25' })
    const deltas = driver.textDeltas(payloads(reply))
    expect(deltas).toHaveLength(25)
    expect(deltas[24]).toBe('tok24 ')
    expect(driver.hasTerminal(reply.frames)).toBe(true)
    expect(await driver.sdkText(fake, 'bench-events-3', true)).toBe('tok0 tok1 tok2 ')
  })
})
