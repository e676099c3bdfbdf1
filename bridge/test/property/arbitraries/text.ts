// Arbitraries for the leaves of every generated stream and request: unicode text, ids, tool names, JSON args.
import fc from 'fast-check'
import type { JsonObject, JsonValue } from '../../../protocol/canonical/json.js'

/** Multi-byte and surrogate-pair heavy samples, so that UTF-8 splits and JSON escapes are always exercised. */
const TRICKY = [
  '😀',
  '👩‍👩‍👧',
  '🇫🇷',
  'é',
  'e\u0301',
  '中文',
  '\u2028',
  '\u2029',
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '</s>',
  'data: x',
  ': ping',
]

/** Any unicode text, possibly empty. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 6 }).map((a) => a.join('')),
)

/** Unicode text with at least one non-whitespace character (Anthropic drops blank text blocks by design). */
export const solidText: fc.Arbitrary<string> = fc
  .tuple(anyText, fc.constantFrom('a', 'Z', '7', '😀', '中', 'é', '?'), anyText)
  .map(([a, mid, b]) => a + mid + b)

/** Splits `text` at arbitrary UTF-16 offsets (surrogate pairs included): the chunks concatenate to `text`. */
export function chunked(text: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  return fc.tuple(text, fc.array(fc.nat(), { maxLength: 5 })).map(([t, cuts]) => {
    const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((x, y) => x - y)
    const out: string[] = []
    let from = 0
    for (const p of points) {
      out.push(t.slice(from, p))
      from = p
    }
    out.push(t.slice(from))
    return out
  })
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** ASCII letters and digits only: values every dialect's id and token slots accept. */
export function alnumText(min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...ALNUM.split('')), minLength: min, maxLength: max })
}
const alnum = alnumText

/** An id every dialect carries unchanged: [A-Za-z0-9_-], at most 40 characters. */
export const safeId: fc.Arbitrary<string> = alnum(1, 24).map((s) => `call_${s}`)

/** Ids the dialects must rewrite (too long for Chat's 40, characters Anthropic rejects); pairing must survive. */
export const anyId: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: safeId },
  { weight: 1, arbitrary: alnum(41, 90).map((s) => `call_${s}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(alnum(1, 10), fc.constantFrom('.', ':', '|', ' ', '/', 'é'))
      .map(([a, c]) => `call${c}${a}`),
  },
)

/** Function tool names and custom tool names come from disjoint pools, so a decoder can tell them apart. */
export const functionName: fc.Arbitrary<string> = alnum(1, 16).map((s) => `fn_${s}`)
export const customName: fc.Arbitrary<string> = alnum(1, 16).map((s) => `ct_${s}`)

/** A JSON value as it comes off the wire: no -0, no undefined, no prototype tricks. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

const jsonLeaf: fc.Arbitrary<JsonValue> = fc.oneof(
  anyText,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
)

const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(alnum(1, 8), anyText), tie('value'), { maxKeys: 3 }),
  ),
})).value

/** Function-call arguments: a JSON object with unicode keys and values. */
export const argsObject: fc.Arbitrary<JsonObject> = fc
  .dictionary(fc.oneof(alnum(1, 10), anyText), jsonValue, { maxKeys: 4 })
  .map((o) => wire(o))

export const mediaType = fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp')

/** A small base64 payload (a real image is not needed: no codec decodes the pixels). */
export const base64Data: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 1, maxLength: 48 })
  .map((bytes) => Buffer.from(bytes).toString('base64'))
