// How a translated stream reaches the client's socket: the frames of one upstream read in one write, the
// stream's preamble with the rest of the read that brought it, and the end of the body with the last frames.
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { Redactor } from '../../log/redact.js'
import { RequestLog } from '../../log/request-log.js'
import { deliver } from '../../pipeline/deliver.js'
import type { ExchangeContext, GatewayDeps } from '../../pipeline/exchange-context.js'
import { SseWriter } from '../../pipeline/sse-writer.js'
import { translatedSource } from '../../pipeline/upstream-source.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { codecFor } from '../../protocol/registry.js'
import { encoderOptions, testContext } from '../helpers/context.js'
import { streamBody } from '../helpers/stream-body.js'
import { decodeBytes, encodeStream } from '../helpers/translate.js'

/** A client response that records each write (and what `end` carried) as it is given. */
class RecordingResponse extends EventEmitter {
  writes: string[] = []
  writableEnded = false
  writableFinished = false
  writableNeedDrain = false
  destroyed = false
  headersSent = false
  statusCode = 200
  writeHead(): this {
    this.headersSent = true
    return this
  }
  flushHeaders(): void {}
  write(chunk: string): boolean {
    this.writes.push(chunk)
    return true
  }
  end(chunk?: string): this {
    if (chunk) this.writes.push(chunk)
    this.writableEnded = this.writableFinished = true
    this.emit('finish')
    return this
  }
}

const DELTAS = 30
const events: CanonicalEvent[] = [
  { type: 'message_start', id: 'chatcmpl-1', model: 'up-model' },
  { type: 'block_start', index: 0, block: { kind: 'text' } },
  ...Array.from({ length: DELTAS }, (_, i): CanonicalEvent => ({
    type: 'text_delta',
    index: 0,
    text: `tok${i} `,
  })),
  { type: 'block_stop', index: 0 },
  { type: 'usage', usage: { inputTokens: 5, outputTokens: DELTAS } },
  { type: 'message_stop', stopReason: 'end_turn' },
]
/** The Chat upstream's stream, one frame per `\n\n`. */
const upstream = encodeStream('openai-chat', events, 'up-model')
const upstreamFrames = upstream.split(/(?<=\n\n)/)

async function run(feed: (body: PassThrough, raw: RecordingResponse) => Promise<void>): Promise<{
  raw: RecordingResponse
  finishedAtWrite: number
}> {
  const settings = defaultSettings()
  const log = new RequestLog(() => settings.log, new Redactor())
  const raw = new RecordingResponse()
  const exchange = log.start({ method: 'POST', path: '/v1/messages', stream: true })
  let finishedAtWrite = -1
  const finish = exchange.finish.bind(exchange)
  exchange.finish = (fields) => {
    finishedAtWrite = raw.writes.length
    finish(fields)
  }
  const ctx = {
    deps: { log, ctx: testContext() } as unknown as GatewayDeps,
    settings,
    dialect: 'anthropic-messages',
    exchange,
    taps: [],
    echo: {},
    finished: false,
    abort: new AbortController(),
    writer: new SseWriter(raw as unknown as ServerResponse, () => {}),
  } as unknown as ExchangeContext
  const request = codecFor('anthropic-messages').decodeRequest({
    model: 'client-model',
    max_tokens: 100,
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  })
  const body = new PassThrough()
  const source = await translatedSource(
    ctx,
    {
      kind: 'http',
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: streamBody(body),
      },
    },
    codecFor('openai-chat'),
    request,
  )
  const delivered = deliver(ctx, source, {
    encoder: codecFor('anthropic-messages').createStreamEncoder(
      encoderOptions('client-model', request),
    ),
    names: new Map(),
    watchdog: { touch() {}, stop() {} },
  })
  await feed(body, raw)
  await delivered
  return { raw, finishedAtWrite }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('deliver: writes to the client', () => {
  it('sends a stream that arrives in one read as one write, which also ends the body', async () => {
    const { raw, finishedAtWrite } = await run(async (body) => {
      body.end(upstream)
    })
    expect(raw.writes).toHaveLength(1)
    expect(raw.writableEnded).toBe(true)
    // The entry is finished once the client has the whole answer, not after another write.
    expect(finishedAtWrite).toBe(1)
    const answer = decodeBytes('anthropic-messages', raw.writes)
    expect(answer.filter((e) => e.type === 'text_delta')).toHaveLength(DELTAS)
    expect(answer.at(-1)).toMatchObject({ type: 'message_stop', stopReason: 'end_turn' })
  })

  it('on a paced stream sends the preamble as soon as its read is done, and one write per read', async () => {
    const seen: number[] = []
    const { raw } = await run(async (body, raw) => {
      for (const frame of upstreamFrames) {
        body.write(frame)
        await turn()
        seen.push(raw.writes.length)
      }
      body.end()
    })
    // The first read (the role chunk) already reached the client: message_start, content_block_start, ping.
    expect(seen[0]).toBe(1)
    expect(raw.writes[0]).toContain('event: message_start')
    expect(raw.writes.length).toBeLessThanOrEqual(upstreamFrames.length)
    const answer = decodeBytes('anthropic-messages', raw.writes)
    expect(answer.filter((e) => e.type === 'text_delta')).toHaveLength(DELTAS)
    expect(answer.at(-1)).toMatchObject({ type: 'message_stop', stopReason: 'end_turn' })
  })
})
