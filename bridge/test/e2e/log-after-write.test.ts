// Issue 16, first byte: between the upstream's first read and the client's first write the gateway does only what
// the client's bytes need. The request log records that read's upstream frames after the client's bytes are
// written (on every client × upstream pair, translated and passthrough), and still holds all of them, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveEntry, LogEvent } from '../../log/request-log.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const UPSTREAMS = [
  ['openai-chat', 'chat'],
  ['openai-responses', 'responses'],
  ['anthropic', 'anthropic'],
] as const

const CLIENTS = [
  {
    name: 'Anthropic',
    path: '/v1/messages',
    body: {
      model: 'm',
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    },
  },
  { name: 'Responses', path: '/v1/responses', body: { model: 'm', stream: true, input: 'hi' } },
  {
    name: 'Chat',
    path: '/v1/chat/completions',
    body: { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
] as const

let fakes: AllFakes
const gateways: Record<string, RunningGateway> = {}

beforeAll(async () => {
  fakes = await startAllFakes()
  for (const [kind, fake] of UPSTREAMS)
    gateways[kind] = await startGateway(
      // The frames' text is kept, so the test can see that every upstream frame is in the log.
      settingsFor(kind, fakes[fake], (s) => (s.log.captureBodies = true)),
    )
})

afterAll(async () => {
  for (const gw of Object.values(gateways)) await gw.close()
  await fakes.close()
})

/** Whether the client's first bytes were out (the entry's ttfb set) when the first upstream frames were logged. */
function watchFirstUpstreamFrames(gw: RunningGateway): {
  seen: { writtenBefore: boolean | undefined; entry: LiveEntry | undefined }
  stop: () => void
} {
  const seen: { writtenBefore: boolean | undefined; entry: LiveEntry | undefined } = {
    writtenBefore: undefined,
    entry: undefined,
  }
  const stop = gw.log.subscribe((e: LogEvent) => {
    if (e.type !== 'frames' || seen.writtenBefore !== undefined) return
    if (e.entry.frames.at(e.from)?.side !== 'upstream') return
    seen.writtenBefore = e.entry.ttfbMs !== undefined
    seen.entry = e.entry
  })
  return { seen, stop }
}

describe('the upstream first read is logged after the client first write', () => {
  for (const [kind] of UPSTREAMS)
    for (const client of CLIENTS)
      it(`${client.name} client, ${kind} upstream`, async () => {
        const gw = gateways[kind]
        if (!gw) throw new Error('no gateway')
        const { seen, stop } = watchFirstUpstreamFrames(gw)
        const res = await fetch(`${gw.url}${client.path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${ACCESS_KEY}`,
            'anthropic-version': '2023-06-01',
          },
          body: JSON.stringify(client.body),
        })
        expect(res.status).toBe(200)
        const text = await res.text()
        stop()
        expect(text.length).toBeGreaterThan(0)
        expect(seen.writtenBefore).toBe(true)
        // Nothing lost: the upstream's frames are all in the log, each read's before the client's it made.
        const frames = seen.entry?.frames.slice() ?? []
        const upstream = frames.filter((f) => f.side === 'upstream')
        expect(upstream.length).toBeGreaterThan(0)
        expect(upstream.map((f) => f.data).join('')).toContain(
          kind === 'anthropic'
            ? 'message_stop'
            : kind === 'openai-chat'
              ? '[DONE]'
              : 'response.completed',
        )
        expect(frames[0]?.side).toBe('upstream')
      })
})
