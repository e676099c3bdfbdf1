// Translated SSE events per second on one core: parse + decode an upstream stream, encode for the client.
import type { CanonicalEvent } from '../../bridge/protocol/canonical/events.js'
import { DIALECTS, type Dialect } from '../../bridge/protocol/dialects.js'
import { codecFor } from '../../bridge/protocol/registry.js'
import { createSseParser } from '../../bridge/protocol/sse/parse.js'
import { serializeFrames } from '../../bridge/protocol/sse/serialize.js'

const ctx = { newId: (p: string) => `${p}bench`, now: () => 0 }

function upstreamBytes(dialect: Dialect, deltas: number): Buffer {
  const events: CanonicalEvent[] = [
    { type: 'message_start', id: 'msg_bench', model: 'bench' },
    { type: 'block_start', index: 0, block: { kind: 'text' } },
  ]
  for (let i = 0; i < deltas; i++)
    events.push({ type: 'text_delta', index: 0, text: `token ${i} ` })
  events.push(
    { type: 'block_stop', index: 0 },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: deltas } },
    { type: 'message_stop', stopReason: 'end_turn' },
  )
  const enc = codecFor(dialect).createStreamEncoder({ ...ctx, model: 'bench' })
  return Buffer.from(serializeFrames([...events.flatMap((e) => enc.push(e)), ...enc.end()]))
}

export interface ThroughputRow {
  from: Dialect
  to: Dialect
  eventsPerSecond: number
}

export function measureThroughput(deltas = 5000, minMs = 400): ThroughputRow[] {
  const rows: ThroughputRow[] = []
  for (const from of DIALECTS) {
    const bytes = upstreamBytes(from, deltas)
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; i += 1400) chunks.push(bytes.subarray(i, i + 1400))
    for (const to of DIALECTS) {
      let events = 0
      const start = process.hrtime.bigint()
      let elapsedMs = 0
      while (elapsedMs < minMs) {
        const parser = createSseParser()
        const dec = codecFor(from).createStreamDecoder(ctx)
        const enc = codecFor(to).createStreamEncoder({ ...ctx, model: 'bench' })
        let out = 0
        for (const c of chunks) {
          for (const f of parser.push(c)) {
            for (const e of dec.push(f)) {
              events++
              out += serializeFrames(enc.push(e)).length
            }
          }
        }
        for (const e of dec.end()) out += serializeFrames(enc.push(e)).length
        if (out === 0) throw new Error('nothing encoded')
        elapsedMs = Number(process.hrtime.bigint() - start) / 1e6
      }
      rows.push({ from, to, eventsPerSecond: (events / elapsedMs) * 1000 })
    }
  }
  return rows
}
