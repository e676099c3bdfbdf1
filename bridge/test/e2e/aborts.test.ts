// Repeated client aborts under load: every abort reaches the upstream, every log entry is closed, and
// no timers or sockets are left behind.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fakes: AllFakes
let gw: RunningGateway

beforeAll(async () => {
  fakes = await startAllFakes()
  gw = await startGateway(settingsFor('anthropic', fakes.anthropic))
})
afterAll(async () => {
  await gw.close()
  await fakes.close()
})

function abortAfterFirstChunk(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${gw.url}/v1/chat/completions`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
        res.on('error', () => undefined)
      },
    )
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve() : reject(e)))
    req.end(
      JSON.stringify({
        model: 'slow-50-events-100',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    )
  })
}

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

describe('client aborts', () => {
  it('200 aborted streams (20 at a time) leave no upstream request, timer or open exchange behind', async () => {
    const before = fakes.anthropic.disconnects
    const timersBefore = timers()
    for (let round = 0; round < 10; round++)
      await Promise.all(Array.from({ length: 20 }, abortAfterFirstChunk))
    await fakes.anthropic.waitForDisconnect(before + 200)
    expect(fakes.anthropic.disconnects).toBe(before + 200)
    await expect
      .poll(() => gw.log.snapshot().filter((e) => e.state === 'active').length, { timeout: 5000 })
      .toBe(0)
    const aborted = gw.log.snapshot().filter((e) => e.status === 499 || e.state !== 'active')
    expect(aborted.length).toBeGreaterThanOrEqual(200)
    await expect.poll(() => timers(), { timeout: 5000 }).toBeLessThanOrEqual(timersBefore)
    const connections = await new Promise<number>((resolve) =>
      gw.app.server.getConnections((_e, n) => resolve(n)),
    )
    expect(connections).toBe(0)
  })
})
