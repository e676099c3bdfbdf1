// The passthrough's stream tap reports exactly the usage, stop reason and errors the dialect's full decoder
// does: on every upstream fixture at every chunk boundary, and on generated and mutated streams of every dialect.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { createSseParser, parseSse } from '../../protocol/sse/parse.js'
import { serializeFrames } from '../../protocol/sse/serialize.js'
import { CHUNK_SIZES, splitEvery } from '../helpers/chunks.js'
import { testContext } from '../helpers/context.js'
import { encodeStream } from '../helpers/translate.js'
import { streamSpecArb, toEvents } from '../property/arbitraries/events.js'
import { applyFrameEdits, cutAt, cutsArb, frameEditArb } from '../property/arbitraries/frames.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)
const FIXTURES = resolve(import.meta.dirname, '../fixtures/upstream')

const fixtures = DIALECTS.flatMap((dialect) =>
  readdirSync(join(FIXTURES, dialect))
    .filter((f) => f.endsWith('.sse'))
    .sort()
    .map((f) => ({
      dialect,
      name: `${dialect}/${f}`,
      bytes: new Uint8Array(readFileSync(join(FIXTURES, dialect, f))),
    })),
)

type Reader = (frame: SseFrame) => readonly CanonicalEvent[]

/** Frames as the relay reads them (no end-of-stream call: the relayed stream ends when the upstream's does). */
function read(chunks: readonly Uint8Array[], push: Reader): CanonicalEvent[] {
  const parser = createSseParser()
  const out: CanonicalEvent[] = []
  for (const c of chunks) for (const f of parser.push(c)) out.push(...push(f))
  for (const f of parser.end()) out.push(...push(f))
  return out.filter((e) => e.type === 'usage' || e.type === 'message_stop' || e.type === 'error')
}

function viaDecoder(dialect: Dialect, chunks: readonly Uint8Array[]): CanonicalEvent[] {
  const decoder = codecFor(dialect).createStreamDecoder(testContext())
  return read(chunks, (f) => decoder.push(f))
}

function viaTap(dialect: Dialect, chunks: readonly Uint8Array[]): CanonicalEvent[] {
  const tap = codecFor(dialect).createStreamTap(testContext())
  return read(chunks, (f) => tap.push(f))
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Content deltas sent to another block or item, or as another kind: what the taps' block rules are about. */
interface Retarget {
  frame: number
  index: number
  kind: number
}
const retargetArb: fc.Arbitrary<Retarget> = fc.record({
  frame: fc.nat(),
  index: fc.nat(3),
  kind: fc.nat(3),
})
const ANTHROPIC_DELTAS = [
  ['text_delta', 'text'],
  ['thinking_delta', 'thinking'],
  ['input_json_delta', 'partial_json'],
  ['signature_delta', 'signature'],
] as const
const RESPONSES_DELTAS = [
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.function_call_arguments.delta',
]

function retarget(frames: SseFrame[], edits: readonly Retarget[]): SseFrame[] {
  const out = [...frames]
  for (const { frame, index, kind } of edits) {
    const i = frame % Math.max(out.length, 1)
    const f = out[i]
    let data: unknown
    try {
      data = JSON.parse(f?.data ?? '')
    } catch {
      continue
    }
    if (!f || typeof data !== 'object' || data === null || Array.isArray(data)) continue
    const obj = data as Record<string, unknown>
    if (typeof obj['index'] === 'number') obj['index'] = index
    if (typeof obj['output_index'] === 'number') obj['output_index'] = index
    // Plain text, so that the frame is one the taps would skip if their rules let them.
    if (typeof obj['type'] === 'string' && RESPONSES_DELTAS.includes(obj['type'])) {
      obj['type'] = RESPONSES_DELTAS[kind]
      obj['delta'] = 'moved'
    }
    const delta = obj['delta']
    if (typeof delta === 'object' && delta !== null && !Array.isArray(delta)) {
      const d = delta as Record<string, unknown>
      const from = ANTHROPIC_DELTAS.find(([type]) => type === d['type'])
      const to = ANTHROPIC_DELTAS[kind]
      if (from && to) {
        delete d[from[1]]
        d['type'] = to[0]
        d[to[1]] = 'moved'
      }
    }
    out[i] = { ...f, data: JSON.stringify(obj) }
  }
  return out
}

describe('passthrough stream tap', () => {
  for (const { dialect, name, bytes } of fixtures) {
    it(`${name}: the decoder's usage, stop and errors at every chunk boundary`, () => {
      const expected = viaDecoder(dialect, [bytes])
      expect(expected.some((e) => e.type === 'message_stop' || e.type === 'error')).toBe(true)
      expect(viaTap(dialect, [bytes])).toEqual(expected)
      for (const size of CHUNK_SIZES)
        expect(viaTap(dialect, splitEvery(bytes, size)), `${size}-byte reads`).toEqual(expected)
    })
  }

  it('matches the decoder on generated streams of every dialect, mutated and cut anywhere', () => {
    const dialectArb = fc.constantFrom<Dialect>(...DIALECTS)
    fc.assert(
      fc.property(
        streamSpecArb,
        dialectArb,
        fc.array(frameEditArb, { maxLength: 4 }),
        fc.array(retargetArb, { maxLength: 3 }),
        cutsArb,
        (spec, dialect, edits, moves, cuts) => {
          const frames = retarget(parseSse(encodeStream(dialect, toEvents(spec))), moves)
          const bytes = utf8(serializeFrames(applyFrameEdits(frames, edits)))
          expect(viaTap(dialect, cutAt(bytes, cuts))).toEqual(viaDecoder(dialect, [bytes]))
        },
      ),
      { numRuns: RUNS * 2 },
    )
  })

  it('matches the decoder on mutated upstream fixtures (frames dropped, repeated, swapped, renamed, edited)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(frameEditArb, { minLength: 1, maxLength: 5 }),
        cutsArb,
        ({ dialect, bytes }, edits, cuts) => {
          const mutated = utf8(serializeFrames(applyFrameEdits(parseSse(bytes), edits)))
          expect(viaTap(dialect, cutAt(mutated, cuts))).toEqual(viaDecoder(dialect, [mutated]))
        },
      ),
      { numRuns: RUNS * 2 },
    )
  })

  // The tap's point: a content delta in its usual shape is not read. It is still checked to be JSON: its bytes
  // reached the client broken, so the log must record the error the decoder reports for it.
  const plainButBroken: Record<Dialect, { stream: string; delta: string }> = {
    'openai-chat': {
      stream: 'text-multi-chunk.sse',
      delta:
        'data: {"id":"x","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],}\n\n',
    },
    'openai-responses': {
      stream: 'text-multi-chunk.sse',
      delta:
        'data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a",}\n\n',
    },
    'anthropic-messages': {
      stream: 'text-multi-chunk.sse',
      delta:
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a",}}\n\n',
    },
  }
  for (const dialect of DIALECTS) {
    it(`${dialect}: reports a content delta of the open block whose JSON is broken, as the decoder does`, () => {
      const { stream, delta } = plainButBroken[dialect]
      const text = readFileSync(join(FIXTURES, dialect, stream), 'utf8')
      // After the first content delta, the same block gets one more.
      const frames = text.split(/(?<=\n\n)/)
      const at = frames.findIndex((f) => /output_text\.delta|text_delta|"content":"[^"]/.test(f))
      expect(at).toBeGreaterThan(0)
      const bytes = utf8([...frames.slice(0, at + 1), delta, ...frames.slice(at + 1)].join(''))
      const expected = viaDecoder(dialect, [bytes])
      expect(expected.at(-1)).toMatchObject({
        type: 'error',
        error: { message: expect.stringMatching(/malformed/i) as unknown },
      })
      expect(viaTap(dialect, [bytes])).toEqual(expected)
      // The same delta whole is skipped as before: the tap still matches the decoder.
      const whole = delta.replace(/,(\}+\n\n)$/, '$1')
      const fine = utf8([...frames.slice(0, at + 1), whole, ...frames.slice(at + 1)].join(''))
      expect(viaTap(dialect, [fine])).toEqual(viaDecoder(dialect, [fine]))
      expect(viaTap(dialect, [fine]).at(-1)?.type).toBe('message_stop')
    })
  }
})
