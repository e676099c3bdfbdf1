// The one reader's policy: deep nesting and `__proto__` refused, non-finite numbers null, syntax errors named.
import { describe, expect, it } from 'vitest'
import {
  JsonReadError,
  MAX_JSON_DEPTH,
  parseJson,
  toJsonValue,
  tryParseJson,
} from '../../protocol/canonical/read-json.js'
import { toJson } from '../../protocol/openai-chat/read.js'

describe('parseJson', () => {
  it('reads plain JSON as it is', () => {
    expect(parseJson('{"a":[1,"x",true,null,{"b":2.5}]}')).toEqual({
      a: [1, 'x', true, null, { b: 2.5 }],
    })
  })

  it('makes a number JSON cannot hold null, keeping its key and place', () => {
    expect(parseJson('{"big":1e400,"list":[-1e999,3],"deep":{"n":1e309}}')).toEqual({
      big: null,
      list: [null, 3],
      deep: { n: null },
    })
  })

  it('refuses an own __proto__ key at any depth', () => {
    for (const text of ['{"__proto__":{"x":1}}', '{"a":[{"b":{"__proto__":null}}]}']) {
      const error = (() => {
        try {
          parseJson(text)
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error).toBeInstanceOf(JsonReadError)
      expect((error as JsonReadError).reason).toBe('proto_key')
    }
    expect(tryParseJson('{"__proto__":{"polluted":true}}')).toBeUndefined()
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels and accepts exactly that many`, () => {
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n)
    expect(() => parseJson(nested(MAX_JSON_DEPTH))).not.toThrow()
    expect(() => parseJson(nested(MAX_JSON_DEPTH + 1))).toThrow(/nested more than 256/)
    expect(() => parseJson(nested(100_000))).toThrow(JsonReadError)
  })

  it('checks each value afresh after a refusal, wide ones too (the walk reuses its stack)', () => {
    const wide = JSON.stringify({ list: Array.from({ length: 10_000 }, (_, i) => ({ i })) })
    expect(() =>
      parseJson(`[${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}]`),
    ).toThrow(JsonReadError)
    expect(() => parseJson('[{"a":1},{"b":{"__proto__":1}},{"c":1e999}]')).toThrow(JsonReadError)
    expect(parseJson('[{"a":1},{"c":1e999}]')).toEqual([{ a: 1 }, { c: null }])
    expect((parseJson(wide) as { list: unknown[] }).list).toHaveLength(10_000)
    expect(parseJson('{"x":[{"y":-1e999}]}')).toEqual({ x: [{ y: null }] })
  })

  it('names a syntax error', () => {
    expect(() => parseJson('{"a":')).toThrow(JsonReadError)
    expect(tryParseJson('not json')).toBeUndefined()
  })
})

describe('copies into the JSON type', () => {
  it('Chat and Responses agree: non-finite numbers become null, nothing is dropped', () => {
    const value = { a: Number.POSITIVE_INFINITY, b: [Number.NaN], c: 1 }
    expect(toJsonValue(value)).toEqual({ a: null, b: [null], c: 1 })
    expect(toJson(value)).toEqual(toJsonValue(value))
  })

  it('never sets a prototype from a __proto__ key', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as unknown
    const copy = toJsonValue(hostile) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(copy['polluted']).toBeUndefined()
    expect(copy['ok']).toBe(1)
  })
})
