// Property: Switchboard's `sbc1.` compaction items open to exactly what was sealed, for any summary, model and
// key; any altered character after the prefix, or another key, is refused with a 400 naming the item's field.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toCanonicalError } from '../../errors.js'
import {
  ENVELOPE_PREFIX,
  openCompaction,
  sealCompaction,
  type CompactionSummary,
} from '../../pipeline/compaction/envelope.js'
import { expandOwnCompactions, SUMMARY_PREFIX } from '../../pipeline/compaction/own-compaction.js'
import type { JsonObject } from '../../protocol/canonical/json.js'
import { codecFor } from '../../protocol/registry.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 200)

/** Any text, astral characters and lone surrogates' neighbours included (summaries are model output). */
const text = fc.string({ unit: 'binary', maxLength: 400 })
const summaryArb: fc.Arbitrary<CompactionSummary> = fc.record({
  summary: text,
  model: fc.string({ unit: 'grapheme', maxLength: 40 }),
  created: fc.integer({ min: 0, max: 2 ** 40 }),
})
const keyArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 })

/** A Codex-style later request: earlier prompt, our compaction item at index 1, the new prompt. */
function laterRequest(encrypted: string): JsonObject {
  return {
    model: 'gpt-5.5',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
      { type: 'compaction', id: 'cmp_1', encrypted_content: encrypted },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'next' }] },
    ],
  }
}

/** The HTTP answer a Responses client gets when expanding the item fails; undefined when it did not fail. */
function refusal(encrypted: string, key: string): { status: number; body: JsonObject } | undefined {
  try {
    expandOwnCompactions(laterRequest(encrypted), key)
    return undefined
  } catch (err) {
    return codecFor('openai-responses').encodeError(toCanonicalError(err).error)
  }
}

/** JSON round trips turn lone surrogates into U+FFFD; the envelope carries exactly what JSON can. */
function asJson(c: CompactionSummary): CompactionSummary {
  return JSON.parse(JSON.stringify(c)) as CompactionSummary
}

describe('sbc1 compaction envelope (property)', () => {
  it('opens to what was sealed and expands to the summary, for any content and key', () => {
    fc.assert(
      fc.property(summaryArb, keyArb, (content, key) => {
        const sealed = sealCompaction(content, key)
        expect(sealed.startsWith(ENVELOPE_PREFIX)).toBe(true)
        expect(sealed).toMatch(/^sbc1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
        expect(openCompaction(sealed, key)).toEqual(asJson(content))
        const expanded = expandOwnCompactions(laterRequest(sealed), key)
        expect((expanded['input'] as JsonObject[])[1]).toEqual({
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: SUMMARY_PREFIX + asJson(content).summary }],
        })
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses any altered character after the prefix with a 400 naming the field', () => {
    const altered = summaryArb.chain((content) =>
      fc.tuple(
        fc.constant(content),
        keyArb,
        fc.nat(),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
      ),
    )
    fc.assert(
      fc.property(altered, ([content, key, at, replacement]) => {
        const sealed = sealCompaction(content, key)
        const i = ENVELOPE_PREFIX.length + (at % (sealed.length - ENVELOPE_PREFIX.length))
        fc.pre(sealed.charAt(i) !== replacement)
        const edited = sealed.slice(0, i) + replacement + sealed.slice(i + 1)
        expect(openCompaction(edited, key)).toBeUndefined()
        const answer = refusal(edited, key)
        expect(answer?.status).toBe(400)
        expect(answer?.body['error']).toMatchObject({
          type: 'invalid_request_error',
          param: 'input[1].encrypted_content',
        })
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses an item sealed with another key (a rotated access key)', () => {
    fc.assert(
      fc.property(
        summaryArb,
        keyArb,
        keyArb.filter((k) => k.length > 0),
        (content, key, other) => {
          fc.pre(key !== other)
          const sealed = sealCompaction(content, key)
          expect(openCompaction(sealed, other)).toBeUndefined()
          expect(refusal(sealed, other)).toMatchObject({
            status: 400,
            body: { error: { param: 'input[1].encrypted_content' } },
          })
        },
      ),
      { numRuns: RUNS },
    )
  })
})
