// The passthrough's non-streaming tap reads the usage `decodeResponse` reports, without the content: on every
// golden answer and error body of each dialect, and on generated answers, structurally mutated.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../protocol/canonical/accumulate.js'
import type { JsonValue } from '../../protocol/canonical/json.js'
import type { Usage } from '../../protocol/canonical/usage.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { encoderOptions, testContext } from '../helpers/context.js'
import { streamSpecArb, toEvents } from '../property/arbitraries/events.js'
import { applyJsonEdit, jsonEditArb } from '../property/arbitraries/mutate.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)
const GOLDEN = resolve(import.meta.dirname, '../golden/response')

function viaDecoder(dialect: Dialect, body: unknown): Usage | undefined {
  try {
    return codecFor(dialect).decodeResponse(body, testContext()).usage
  } catch {
    return undefined
  }
}

const answers = readdirSync(GOLDEN).flatMap((dir) => {
  const dialect = dir.split('--to--')[1] as Dialect
  return readdirSync(join(GOLDEN, dir))
    .sort()
    .map((f) => ({
      dialect,
      name: `${dir}/${f}`,
      body: JSON.parse(readFileSync(join(GOLDEN, dir, f), 'utf8')) as JsonValue,
    }))
})

describe('non-streaming usage tap', () => {
  it('finds the golden answers of every dialect', () => {
    expect(new Set(answers.map((a) => a.dialect))).toEqual(new Set(DIALECTS))
  })

  for (const { dialect, name, body } of answers) {
    it(`${name}: the decoder's usage`, () => {
      const expected = viaDecoder(dialect, body)
      expect(expected === undefined).toBe(name.endsWith('.error.json'))
      expect(codecFor(dialect).responseUsage(body)).toEqual(expected)
    })
  }

  it('matches the decoder on generated answers and error bodies of every dialect, mutated', () => {
    fc.assert(
      fc.property(
        streamSpecArb,
        fc.constantFrom<Dialect>(...DIALECTS),
        fc.array(jsonEditArb, { maxLength: 3 }),
        (spec, dialect, edits) => {
          const codec = codecFor(dialect)
          const result = accumulate(toEvents(spec))
          let body: JsonValue = result.ok
            ? codec.encodeResponse(result.response, encoderOptions('client-model'))
            : codec.encodeError(result.error).body
          for (const edit of edits) body = applyJsonEdit(body, edit)
          expect(codec.responseUsage(body)).toEqual(viaDecoder(dialect, body))
        },
      ),
      { numRuns: RUNS * 2 },
    )
  })
})
