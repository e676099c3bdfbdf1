// Mutation operators for fuzzing: byte edits of captured SSE and structural edits of JSON documents.
import fc from 'fast-check'
import type { JsonValue } from '../../../protocol/canonical/json.js'

export type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; byte: number }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }

/** Bytes that matter to SSE and JSON, so insertions hit the grammar rather than only the payload. */
const INTERESTING = [
  0x0a, 0x0d, 0x3a, 0x20, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x00, 0xff, 0xc3, 0xe2, 0xf0,
]

export const byteEditArb: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat(255)),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
)

export function applyByteEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let out = Array.from(bytes)
  for (const e of edits) {
    const at = e.at % (out.length + 1)
    switch (e.op) {
      case 'flip':
        if (at < out.length) out[at] = (out[at] ?? 0) ^ (1 << e.bit)
        break
      case 'insert':
        out.splice(at, 0, e.byte)
        break
      case 'delete':
        out.splice(at, e.count)
        break
      case 'truncate':
        out = out.slice(0, at)
        break
    }
  }
  return Uint8Array.from(out)
}

/** Values a decoder would not expect where it finds them: wrong types, empties, huge and odd numbers. */
export const strangeValue: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(
    null,
    '',
    0,
    -1,
    1.5,
    1e308,
    true,
    false,
    [],
    {},
    [null],
    { type: null },
    'null',
    '[DONE]',
    '{',
    '\ud800',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue),
)

export type JsonEdit =
  | { op: 'replace'; path: number[]; value: JsonValue }
  | { op: 'delete'; path: number[] }
  | { op: 'duplicate'; path: number[] }
  | { op: 'wrap'; path: number[] }

const pathArb = fc.array(fc.nat(), { minLength: 1, maxLength: 8 })

export const jsonEditArb: fc.Arbitrary<JsonEdit> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('replace' as const),
      path: pathArb,
      value: strangeValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: pathArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), path: pathArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), path: pathArb }) },
)

type Container = JsonValue[] | { [key: string]: JsonValue }

function children(v: JsonValue): (string | number)[] {
  if (Array.isArray(v)) return v.map((_, i) => i)
  if (typeof v === 'object' && v !== null) return Object.keys(v)
  return []
}

function get(c: Container, key: string | number): JsonValue | undefined {
  return Array.isArray(c) ? c[key as number] : c[key as string]
}

function set(c: Container, key: string | number, value: JsonValue): void {
  if (Array.isArray(c)) c[key as number] = value
  else c[key as string] = value
}

/**
 * Walks `path` (each step picks a child modulo the child count, stopping early at a leaf) and edits the
 * value it lands on. Works on a deep copy; the root itself is never removed.
 */
export function applyJsonEdit(root: JsonValue, edit: JsonEdit): JsonValue {
  const copy = JSON.parse(JSON.stringify(root)) as JsonValue
  let parent: Container | undefined
  let key: string | number = ''
  let node = copy
  for (const step of edit.path) {
    const keys = children(node)
    if (keys.length === 0) break
    const k = keys[step % keys.length] ?? 0
    parent = node as Container
    key = k
    node = get(parent, k) ?? null
  }
  if (!parent) return edit.op === 'replace' ? edit.value : copy
  switch (edit.op) {
    case 'replace':
      set(parent, key, edit.value)
      break
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key as string]
      break
    case 'duplicate':
      if (Array.isArray(parent))
        parent.splice(key as number, 0, JSON.parse(JSON.stringify(node)) as JsonValue)
      else set(parent, key, [node, node])
      break
    case 'wrap':
      set(parent, key, [node])
      break
  }
  return copy
}
