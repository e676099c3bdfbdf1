// Fuzz: random and mutated SSE bytes through the parser and every stream decoder: no throw, well formed, one end.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { checkWellFormed } from '../../protocol/canonical/invariants.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { parseSse } from '../../protocol/sse/parse.js'
import { serializeFrames } from '../../protocol/sse/serialize.js'
import { decodeBytes, encodeStream } from '../helpers/translate.js'
import { streamSpecArb, toEvents } from './arbitraries/events.js'
import { applyFrameEdits, cutAt, cutsArb, frameEditArb } from './arbitraries/frames.js'
import { applyByteEdits, byteEditArb } from './arbitraries/mutate.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)
const FIXTURES = resolve(import.meta.dirname, '../fixtures/upstream')

const fixtures: { name: string; bytes: Uint8Array }[] = readdirSync(FIXTURES, {
  recursive: true,
  encoding: 'utf8',
})
  .filter((f) => f.endsWith('.sse'))
  .sort()
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(FIXTURES, f))) }))

/** Some decoders unwrap custom tools only when the client declared them; fuzz both ways. */
const WITH_CUSTOM_TOOLS: CanonicalRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [
    { kind: 'custom', name: 'apply_patch' },
    { kind: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } },
  ],
  stream: true,
  includeUsage: true,
  extras: { dialect: 'openai-chat', fields: {} },
}

const fixtureArb = fc.constantFrom(...fixtures)
const requestArb = fc.constantFrom<CanonicalRequest | undefined>(undefined, WITH_CUSTOM_TOOLS)

/** Decodes with every dialect and checks the stream contract; the events are returned for debugging. */
function expectContract(
  bytes: Uint8Array,
  cuts: number[],
  request: CanonicalRequest | undefined,
): void {
  for (const dialect of DIALECTS) {
    let events: CanonicalEvent[] = []
    expect(() => {
      events = decodeBytes(dialect, cutAt(bytes, cuts), request)
    }, dialect).not.toThrow()
    expect(checkWellFormed(events), `${dialect}: ${JSON.stringify(events).slice(0, 2000)}`).toEqual(
      [],
    )
    const last = events.at(-1)
    expect(last?.type === 'message_stop' || last?.type === 'error', dialect).toBe(true)
    expect(
      events.filter((e) => e.type === 'message_stop' || e.type === 'error'),
      dialect,
    ).toHaveLength(1)
  }
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('SSE parser + stream decoders under fuzzing', () => {
  it('finds the upstream fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(10)
  })

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), cutsArb, requestArb, (bytes, cuts, request) =>
        expectContract(bytes, cuts, request),
      ),
      { numRuns: RUNS },
    )
  })

  it('random text with SSE line structure', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '',
        'data: [DONE]',
        'event: error',
        'event: message_stop',
        ': ping',
        'data: {}',
        'data: {"type":"message_stop"}',
        'retry: 10',
        'id: 1',
      ),
      fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `data: ${s}`),
      fc.jsonValue({ maxDepth: 3 }).map((v) => `data: ${JSON.stringify(v)}`),
    )
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        cutsArb,
        requestArb,
        (lines, eol, cuts, request) => expectContract(utf8(lines.join(eol)), cuts, request),
      ),
      { numRuns: RUNS },
    )
  })

  it('byte-mutated upstream fixtures (flip, insert, delete, truncate)', () => {
    fc.assert(
      fc.property(
        fixtureArb,
        fc.array(byteEditArb, { minLength: 1, maxLength: 6 }),
        cutsArb,
        requestArb,
        (fixture, edits, cuts, request) =>
          expectContract(applyByteEdits(fixture.bytes, edits), cuts, request),
      ),
      { numRuns: RUNS },
    )
  })

  it('structurally mutated fixture frames (JSON edits, dropped, repeated, swapped, renamed frames)', () => {
    fc.assert(
      fc.property(
        fixtureArb,
        fc.array(frameEditArb, { minLength: 1, maxLength: 5 }),
        cutsArb,
        requestArb,
        (fixture, edits, cuts, request) =>
          expectContract(
            utf8(serializeFrames(applyFrameEdits(parseSse(fixture.bytes), edits))),
            cuts,
            request,
          ),
      ),
      { numRuns: RUNS * 2 },
    )
  })

  it('mutated streams of our own encoders (every canonical block kind, every dialect)', () => {
    const encoded = fc
      .tuple(streamSpecArb, fc.constantFrom<Dialect>(...DIALECTS))
      .map(([spec, d]) =>
        parseSse(encodeStream(d, toEvents(spec), 'client-model', WITH_CUSTOM_TOOLS)),
      )
    fc.assert(
      fc.property(
        encoded,
        fc.array(frameEditArb, { maxLength: 4 }),
        cutsArb,
        requestArb,
        (frames, edits, cuts, request) =>
          expectContract(utf8(serializeFrames(applyFrameEdits(frames, edits))), cuts, request),
      ),
      { numRuns: RUNS },
    )
  })
})
