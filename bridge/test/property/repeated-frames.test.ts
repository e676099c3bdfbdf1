// Fuzz: a decoder reading frames through its learnt templates (read-json-template.ts) decodes exactly what it
// decodes from the same frames pretty-printed, which no template fits, so every one of them is parsed.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { JsonValue } from '../../protocol/canonical/json.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { parseSse } from '../../protocol/sse/parse.js'
import { decodeFrames } from '../helpers/translate.js'
import { applyJsonEdit, jsonEditArb, type JsonEdit } from './arbitraries/mutate.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)
const FIXTURES = resolve(import.meta.dirname, '../fixtures/upstream')

function fixtureFrames(dialect: Dialect): SseFrame[][] {
  const dir = join(FIXTURES, dialect)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sse'))
    .sort()
    .map((f) => parseSse(new Uint8Array(readFileSync(join(dir, f)))))
}

/** Text that, put into a frame's text, closes a string early, escapes, or adds a field after the hole. */
const SNIPPETS = [
  '"',
  '\\',
  '\\"',
  '\n',
  '\u0001',
  '0',
  '.5',
  '","finish_reason":"stop',
  '"},"finish_reason":"length","x":{"y":"',
  '","tool_calls":[{"index":0,"id":"call_x","type":"function","function":{"name":"f","arguments":"{}"}}],"z":"',
  '","text":"other',
  '","index":1,"q":"',
]

interface FrameEdit {
  json?: JsonEdit
  /** A string for a random leaf (the holes are strings), escapes and quotes included. */
  text?: { path: number[]; value: string }
  snippet?: { at: number; which: number }
}

const frameEditArb: fc.Arbitrary<FrameEdit> = fc.record(
  {
    json: jsonEditArb,
    text: fc.record({
      path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      value: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom('a"b', 'c\\d', 'e\nf', 'tok', ''),
      ),
    }),
    snippet: fc.record({
      // Anywhere, or after the end (past a text that is otherwise the template).
      at: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
      which: fc.nat(SNIPPETS.length - 1),
    }),
  },
  { requiredKeys: [] },
)

interface Plan {
  fixture: number
  /** How often each frame is sent: repeats are what templates read. */
  repeats: number[]
  edits: { frame: number; edit: FrameEdit }[]
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  fixture: fc.nat(),
  repeats: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }),
  edits: fc.array(fc.record({ frame: fc.nat(), edit: frameEditArb }), { maxLength: 6 }),
})

function parsed(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    return undefined
  }
}

/** The frames to send, each as the text sent (compact) and the same value pretty-printed (the oracle's). */
function framesFor(base: SseFrame[], plan: Plan): { compact: SseFrame[]; pretty: SseFrame[] } {
  const compact: SseFrame[] = []
  const pretty: SseFrame[] = []
  let n = 0
  base.forEach((frame, i) => {
    const times = plan.repeats[i] ?? 1
    for (let k = 0; k < times; k++, n++) {
      let text = frame.data
      const value = parsed(text)
      for (const { frame: at, edit } of plan.edits) {
        if (at % Math.max(1, base.length * 2) !== n || value === undefined) continue
        let v: JsonValue = value
        if (edit.json) v = applyJsonEdit(v, edit.json)
        if (edit.text) v = applyJsonEdit(v, { op: 'replace', ...edit.text })
        text = JSON.stringify(v)
        if (edit.snippet) {
          const { at } = edit.snippet
          const cut = at === Number.MAX_SAFE_INTEGER ? text.length : at % (text.length + 1)
          text = text.slice(0, cut) + (SNIPPETS[edit.snippet.which] ?? '') + text.slice(cut)
        }
      }
      const v = parsed(text)
      const named = frame.event === undefined ? {} : { event: frame.event }
      compact.push({ ...named, data: text })
      pretty.push({ ...named, data: v === undefined ? text : JSON.stringify(v, null, 1) })
    }
  })
  return { compact, pretty }
}

/** Error messages quote the frame's text, which differs in layout: the kind and status must agree. */
function comparable(events: CanonicalEvent[]): unknown[] {
  return events.map((e) =>
    e.type === 'error' ? { type: 'error', kind: e.error.kind, status: e.error.status } : e,
  )
}

describe.each(DIALECTS)('%s stream decoder with repeated frames', (dialect) => {
  const fixtures = fixtureFrames(dialect)

  it('decodes templated frames exactly as parsed ones, whatever changed in them', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const base = fixtures[plan.fixture % fixtures.length] ?? []
        const { compact, pretty } = framesFor(base, plan)
        expect(comparable(decodeFrames(dialect, compact))).toEqual(
          comparable(decodeFrames(dialect, pretty)),
        )
      }),
      { numRuns: RUNS },
    )
  })
})
