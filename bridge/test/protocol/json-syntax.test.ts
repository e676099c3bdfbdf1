// isJsonSyntax says yes exactly where JSON.parse takes the text: on JSON values, on them cut or with a character
// changed, inserted or removed anywhere, and on the breakages the passthrough tap must catch.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isJsonSyntax } from '../../protocol/canonical/json-syntax.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Characters that make or break JSON. */
const JSON_CHAR = fc.constantFrom(...'{}[]",:\\ \n\t0123456789.-+eEtrufalsn/bu\u0001é'.split(''))

describe('isJsonSyntax', () => {
  it('agrees with JSON.parse on JSON values, pretty or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined)
        expect(isJsonSyntax(text)).toBe(true)
      }),
      { numRuns: RUNS * 4 },
    )
  })

  it('agrees with JSON.parse on JSON cut, or with a character changed, inserted or removed', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('cut', 'change', 'insert', 'remove'),
        JSON_CHAR,
        (value, n, edit, c) => {
          const text = JSON.stringify(value)
          const at = n % (text.length + 1)
          const edited =
            edit === 'cut'
              ? text.slice(0, at)
              : edit === 'change'
                ? text.slice(0, at) + c + text.slice(at + 1)
                : edit === 'insert'
                  ? text.slice(0, at) + c + text.slice(at)
                  : text.slice(0, at) + text.slice(at + 1)
          expect(isJsonSyntax(edited), edited).toBe(parses(edited))
        },
      ),
      { numRuns: RUNS * 8 },
    )
  })

  it.each([
    '{"a":"x"y"}',
    '{"a":1,}',
    '[1,]',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":-}',
    '{"a":1e}',
    '{"a":"\\x"}',
    '{"a":"\\u12G4"}',
    '{"a":"\u0001"}',
    '{"a":tru}',
    '{"a":1}}',
    '{"a" 1}',
    "{'a':1}",
    '',
    ' ',
    '{"a":"abc',
  ])('refuses %j, as JSON.parse does', (text) => {
    expect(parses(text)).toBe(false)
    expect(isJsonSyntax(text)).toBe(false)
  })
})
