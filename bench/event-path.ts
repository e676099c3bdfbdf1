// `node dist-bench/bench/event-path.js [from→to ...] [--events N] [--read BYTES] [--seconds S]`: the cost per
// streamed event of the gateway's own code in one process, without HTTP — the upstream's bytes in reads of a
// socket's size through the real translatedSource and deliver (SSE parsing, the frame log, decoder, encoder,
// serialisation, the SSE writer) into a response that discards them. Prints CPU and minor GCs per event.
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { defaultSettings } from '../bridge/config/defaults.js'
import { RequestLog } from '../bridge/log/request-log.js'
import { Redactor } from '../bridge/log/redact.js'
import { deliver } from '../bridge/pipeline/deliver.js'
import type { ExchangeContext, GatewayDeps } from '../bridge/pipeline/exchange-context.js'
import { SseWriter } from '../bridge/pipeline/sse-writer.js'
import { translatedSource } from '../bridge/pipeline/upstream-source.js'
import type { CanonicalEvent } from '../bridge/protocol/canonical/events.js'
import type { CanonicalRequest } from '../bridge/protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../bridge/protocol/dialects.js'
import { codecFor } from '../bridge/protocol/registry.js'
import { serializeFrames } from '../bridge/protocol/sse/serialize.js'
import { tuneHeapForGateway } from '../bridge/heap-tuning.js'
import { streamBody } from '../bridge/test/helpers/stream-body.js'

// The gateway's heap settings, before anything grows the young generation (as bin/switchboard.js does).
tuneHeapForGateway()

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? (args.splice(at, 2)[1] ?? fallback) : fallback
}
const deltas = Number(option('events', '1000'))
const readBytes = Number(option('read', '65536'))
const seconds = Number(option('seconds', '3'))
const pairs = (args.length > 0 ? args : ['openai-chat→anthropic-messages']).map((p) => {
  const [from, to] = p.split(/→|->/) as [Dialect, Dialect]
  if (!DIALECTS.includes(from) || !DIALECTS.includes(to)) throw new Error(`unknown pair ${p}`)
  return [from, to] as const
})

const codecCtx = { newId: (p: string) => `${p}bench`, now: () => Date.now() }

function upstreamBytes(dialect: Dialect): Buffer {
  const events: CanonicalEvent[] = [
    { type: 'message_start', id: 'msg_bench', model: 'bench' },
    { type: 'block_start', index: 0, block: { kind: 'text' } },
  ]
  for (let i = 0; i < deltas; i++) events.push({ type: 'text_delta', index: 0, text: `tok${i} ` })
  events.push(
    { type: 'block_stop', index: 0 },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: deltas } },
    { type: 'message_stop', stopReason: 'end_turn' },
  )
  const enc = codecFor(dialect).createStreamEncoder({ ...codecCtx, model: 'bench' })
  return Buffer.from(serializeFrames([...events.flatMap((e) => enc.push(e)), ...enc.end()]))
}

/** A client response that takes every write at once and throws the bytes away. */
class DiscardingResponse extends EventEmitter {
  writableEnded = false
  writableFinished = false
  writableNeedDrain = false
  destroyed = false
  headersSent = false
  statusCode = 200
  bytes = 0
  writeHead(): this {
    this.headersSent = true
    return this
  }
  flushHeaders(): void {}
  write(chunk: string | Uint8Array): boolean {
    this.bytes += chunk.length
    return true
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk) this.bytes += chunk.length
    this.writableEnded = this.writableFinished = true
    return this
  }
}

const settings = defaultSettings()
const log = new RequestLog(() => settings.log, new Redactor())
const deps = { log, ctx: codecCtx } as unknown as GatewayDeps
const request: CanonicalRequest = codecFor('openai-chat').decodeRequest({
  model: 'bench',
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
})

async function oneStream(from: Dialect, to: Dialect, reads: Buffer[]): Promise<number> {
  const raw = new DiscardingResponse()
  const exchange = log.start({ method: 'POST', path: '/bench', stream: true })
  const ctx = {
    deps,
    settings,
    dialect: to,
    exchange,
    taps: [],
    echo: {},
    abort: new AbortController(),
    writer: new SseWriter(raw as unknown as ServerResponse, () => {}),
  } as unknown as ExchangeContext
  const source = await translatedSource(
    ctx,
    {
      kind: 'http',
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: streamBody(Readable.from(reads, { objectMode: false })),
      },
    },
    codecFor(from),
    request,
  )
  const encoder = codecFor(to).createStreamEncoder({ ...codecCtx, model: 'bench', request })
  await deliver(ctx, source, {
    encoder,
    names: new Map(),
    watchdog: { touch() {}, stop() {} },
  })
  if (raw.bytes === 0) throw new Error('nothing written')
  return raw.bytes
}

let minorGcs = 0
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const detail = (e as { detail?: { kind?: number } }).detail
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++
  }
}).observe({ entryTypes: ['gc'] })
/** GC entries reach the observer from the event loop, not at once. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50))

for (const [from, to] of pairs) {
  const bytes = upstreamBytes(from)
  const reads: Buffer[] = []
  for (let i = 0; i < bytes.length; i += readBytes) reads.push(bytes.subarray(i, i + readBytes))
  for (let i = 0; i < 20; i++) await oneStream(from, to, reads)
  await settled()
  const gcs = minorGcs
  const cpu = process.cpuUsage()
  const until = Date.now() + seconds * 1000
  let streams = 0
  while (Date.now() < until) {
    await oneStream(from, to, reads)
    streams++
  }
  const used = process.cpuUsage(cpu)
  await settled()
  const events = streams * deltas
  const us = (used.user + used.system) / events
  process.stdout.write(
    `${from} → ${to}: ${events.toLocaleString('en-US')} events (${streams} streams, reads of ${readBytes} bytes): ${us.toFixed(2)} µs CPU/event, ${((1000 * (minorGcs - gcs)) / events).toFixed(2)} minor GCs per 1,000 events\n`,
  )
}
