// The one reader's templates: a frame that repeats the learnt one but for its holes is read as parseJson reads
// it; anything else (another shape, escapes, a longer or different number, trailing text) is left to parseJson.
import { describe, expect, it } from 'vitest'
import { parseJson } from '../../protocol/canonical/read-json.js'
import {
  learnTemplate,
  readTemplate,
  RepeatedFrame,
  type JsonTemplate,
  type TemplateHole,
} from '../../protocol/canonical/read-json-template.js'

const chunk = (content: string, extra = ''): string =>
  `{"id":"c1","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]${extra}}`

const delta = (seq: number | string, text: string): string =>
  `{"type":"response.output_text.delta","sequence_number":${seq},"item_id":"m","output_index":0,"delta":${JSON.stringify(text)}}`

function learnt(
  text: string,
  hole: { key: string; value: string },
  others: TemplateHole[] = [],
): JsonTemplate {
  const t = learnTemplate(text, hole, others)
  if (!t) throw new Error('no template')
  return t
}

describe('learnTemplate and readTemplate', () => {
  const t = learnt(chunk('tok1'), { key: 'content', value: 'tok1' })

  it('reads the hole of a text that differs only there, as parseJson does', () => {
    for (const text of ['tok2', 'é ü 中文 🙂', ' ', 'a/b']) {
      const frame = chunk(text)
      expect(readTemplate(t, frame)).toBe(text)
      expect(parseJson(frame)).toMatchObject({ choices: [{ delta: { content: text } }] })
    }
  })

  it('leaves to parseJson a hole with escapes or control characters', () => {
    for (const text of ['a"b', 'c\\d', 'e\nf', '\u0001', '\u2028']) {
      const frame = chunk(text)
      if (JSON.stringify(text).includes('\\')) expect(readTemplate(t, frame)).toBeUndefined()
      else expect(readTemplate(t, frame)).toBe(text)
    }
    expect(readTemplate(t, chunk('x').replace('"x"', '"\\u0078"'))).toBeUndefined()
  })

  it('leaves to parseJson any other shape: an early quote, fields after the hole, trailing text', () => {
    expect(readTemplate(t, chunk('a').replace('"a"', '"a","tool_calls":[]'))).toBeUndefined()
    expect(readTemplate(t, chunk('a', ',"usage":null'))).toBeUndefined()
    expect(readTemplate(t, chunk('a') + ' ')).toBeUndefined()
    expect(readTemplate(t, chunk('a') + '}')).toBeUndefined()
    expect(readTemplate(t, chunk('a').slice(0, -1))).toBeUndefined()
    expect(readTemplate(t, chunk('a').replace('null', '"stop"'))).toBeUndefined()
    expect(readTemplate(t, chunk('a').replace('"c1"', '"c2"'))).toBeUndefined()
  })

  it('reads integer holes only as the integers JSON writes, up to fifteen digits', () => {
    const r = learnt(delta(3, 'a'), { key: 'delta', value: 'a' }, [
      { key: 'sequence_number', value: 3 },
    ])
    expect(readTemplate(r, delta(0, 'b'))).toBe('b')
    expect(readTemplate(r, delta(123456789012345, 'b'))).toBe('b')
    for (const seq of ['07', '1.5', '1e400', '-1', '1234567890123456', '', '"1"'])
      expect(readTemplate(r, delta(seq, 'b'))).toBeUndefined()
  })

  it('learns no template where a hole could be misread', () => {
    const text = chunk('a')
    // The key twice, an escaped key, an escape outside the holes, a value written with escapes.
    expect(learnTemplate(text.replace('"id"', '"content"'), { key: 'content', value: 'a' })).toBe(
      undefined,
    )
    expect(
      learnTemplate(text.replace('"id":"c1"', '"\\u0063ontent":"a"'), {
        key: 'content',
        value: 'a',
      }),
    ).toBeUndefined()
    expect(
      learnTemplate(text.replace('"c1"', '"c\\n1"'), { key: 'content', value: 'a' }),
    ).toBeUndefined()
    expect(
      learnTemplate(text.replace('"a"', '"\\u0061"'), { key: 'content', value: 'a' }),
    ).toBeUndefined()
    expect(learnTemplate(text, { key: 'content', value: 'b' })).toBeUndefined()
    expect(learnTemplate(text, { key: 'missing', value: 'a' })).toBeUndefined()
  })
})

describe('RepeatedFrame', () => {
  it('returns the learnt value with the new hole value, the objects on its path copied', () => {
    const frames = new RepeatedFrame<Record<string, unknown>>()
    const first = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}`
    const value = parseJson(first) as Record<string, unknown>
    frames.learn(first, value, ['delta', 'text'])
    const next = first.replace('"a"', '"b"')
    expect(frames.read(next)).toEqual(parseJson(next))
    expect(value).toEqual(parseJson(first))
    expect(frames.read(first.replace('"index":0', '"index":1'))).toBeUndefined()
  })

  it('stops learning a stream whose frames keep changing outside the holes', () => {
    const frames = new RepeatedFrame<Record<string, unknown>>()
    const at = (n: number): string => `{"n":${n},"text":"x${n}"}`
    for (let n = 0; n < 4; n++)
      frames.learn(at(n), parseJson(at(n)) as Record<string, unknown>, ['text'])
    expect(frames.read(at(3).replace('x3', 'y'))).toBeUndefined()
  })
})
