// A slow client must not make the gateway buffer without bound: while the client stops reading, the
// gateway stops reading the upstream; when the client resumes, the whole stream arrives. Both ways the
// upstream's bytes are read: translated (a Chat client on an Anthropic upstream) and relayed (Chat on Chat).
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes, type FakeServer } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fakes: AllFakes
const EVENTS = 200_000

beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

/**
 * Events the upstream has written so far for the one exchange: what it could hand its socket, which is what
 * the gateway let it send (bytes the gateway holds unread count too, so buffering them without bound shows).
 */
function upstreamFramesSeen(fake: FakeServer): number {
  return fake.requests.at(-1)?.framesWritten ?? 0
}

describe.each([
  ['translated', 'anthropic', 'anthropic'],
  ['passthrough', 'openai-chat', 'chat'],
] as const)('backpressure, %s', (_, kind, fake) => {
  let gw: RunningGateway
  beforeAll(async () => {
    gw = await startGateway(
      settingsFor(kind, fakes[fake], (s) => {
        s.stream.idleTimeoutMs = 60_000
      }),
    )
  })
  afterAll(async () => {
    await gw.close()
  })

  it('stops reading the upstream while the client does not read, and delivers everything after', async () => {
    let received = ''
    let resume: () => void = () => undefined
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        `${gw.url}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.pause()
          resume = () => {
            res.on('data', (d: Buffer) => (received += d.toString()))
            res.on('end', () => resolve())
            res.resume()
          }
        },
      )
      req.on('error', reject)
      req.end(
        JSON.stringify({
          model: `events-${EVENTS}`,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      )
    })
    // The window fills at the machine's pace (seconds on a loaded one): wait until the count stops growing.
    let whilePaused = -1
    for (let waited = 0; waited < 40_000; waited += 1000) {
      await new Promise((r) => setTimeout(r, 1000))
      const seen = upstreamFramesSeen(fakes[fake])
      if (seen > 0 && seen === whilePaused) break
      whilePaused = seen
    }
    await new Promise((r) => setTimeout(r, 1000))
    const stillPaused = upstreamFramesSeen(fakes[fake])
    // Not growing, and far from the whole stream: the gateway holds a bounded window, not 200,000 events.
    expect(stillPaused).toBe(whilePaused)
    expect(whilePaused).toBeGreaterThan(0)
    expect(whilePaused).toBeLessThan(EVENTS / 2)
    resume()
    await done
    expect(received).toContain('[DONE]')
    expect(received.split('"content":"tok').length - 1).toBe(EVENTS)
  }, 120_000)
})
