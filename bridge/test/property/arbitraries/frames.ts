// Frame-level mutations of SSE streams (JSON edits, dropped, repeated, swapped and renamed frames) and random
// cuts of the bytes into reads, for the stream fuzzers.
import fc from 'fast-check'
import type { JsonValue } from '../../../protocol/canonical/json.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { applyJsonEdit, jsonEditArb, type JsonEdit } from './mutate.js'

export const cutsArb = fc.array(fc.nat(), { maxLength: 10 })

export function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let from = 0
  for (const p of points) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  out.push(bytes.subarray(from))
  return out
}

export type FrameEdit =
  | { op: 'json'; frame: number; edit: JsonEdit }
  | { op: 'drop'; frame: number }
  | { op: 'duplicate'; frame: number }
  | { op: 'swap'; frame: number }
  | { op: 'rename'; frame: number; event: string }

const EVENT_NAMES = [
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'error',
  'ping',
  'response.completed',
  'response.output_item.done',
  'response.failed',
]

export const frameEditArb: fc.Arbitrary<FrameEdit> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('json' as const), frame: fc.nat(), edit: jsonEditArb }),
  },
  fc.record({ op: fc.constant('drop' as const), frame: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), frame: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), frame: fc.nat() }),
  fc.record({
    op: fc.constant('rename' as const),
    frame: fc.nat(),
    event: fc.constantFrom(...EVENT_NAMES),
  }),
)

export function applyFrameEdits(frames: SseFrame[], edits: readonly FrameEdit[]): SseFrame[] {
  const out = frames.map((f) => ({ ...f }))
  for (const e of edits) {
    if (out.length === 0) break
    const i = e.frame % out.length
    const f = out[i]
    if (!f) continue
    switch (e.op) {
      case 'json': {
        let value: JsonValue
        try {
          value = JSON.parse(f.data) as JsonValue
        } catch {
          continue
        }
        out[i] = { ...f, data: JSON.stringify(applyJsonEdit(value, e.edit)) }
        break
      }
      case 'drop':
        out.splice(i, 1)
        break
      case 'duplicate':
        out.splice(i, 0, { ...f })
        break
      case 'swap': {
        const g = out[i + 1]
        if (g) {
          out[i] = g
          out[i + 1] = f
        }
        break
      }
      case 'rename':
        out[i] = { ...f, event: e.event }
        break
    }
  }
  return out
}
