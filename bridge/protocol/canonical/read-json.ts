// The one reader for untrusted JSON (client bodies, upstream answers and frames, token endpoints, files written by
// other tools): parsing with one policy, and the narrowing helpers every layer reads parsed values with.
// Policy: nesting deeper than MAX_JSON_DEPTH and an own `__proto__` key are refused (they can overflow a recursive
// walk or change the objects a value is merged into); a number JSON cannot hold (`1e400` parses to Infinity)
// becomes null, as JSON.stringify would write it, so a key that was there stays there.
import type { JsonObject, JsonValue } from './json.js'

/** Far deeper than any real request (tool schemas nest a few dozen levels); deep enough to overflow nothing. */
export const MAX_JSON_DEPTH = 256

export type JsonRefusal = 'syntax' | 'too_deep' | 'proto_key'

export class JsonReadError extends Error {
  readonly reason: JsonRefusal

  constructor(reason: JsonRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'JsonReadError'
    this.reason = reason
  }
}

export type Obj = Record<string, unknown>

const own = Object.prototype.hasOwnProperty

/**
 * The walk's stack, kept between calls: every streamed chunk is checked, and a stack of small objects per
 * chunk was a tenth of what a translated event allocated. A stack grown past STACK_KEPT is let go afterwards.
 */
const stackValues: (object | undefined)[] = []
const stackDepths: number[] = []
const STACK_KEPT = 4096

/**
 * Walks a parsed value without recursion (so it cannot overflow either): refuses deep nesting and `__proto__`
 * keys, and replaces non-finite numbers with null in place.
 */
export function checkParsed(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): Exclude<JsonRefusal, 'syntax'> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  stackValues[0] = value
  stackDepths[0] = 1
  let top = 1
  try {
    while (top > 0) {
      top--
      const v = stackValues[top] as object
      const depth = stackDepths[top] as number
      stackValues[top] = undefined
      if (depth > maxDepth) return 'too_deep'
      if (Array.isArray(v)) {
        const a: unknown[] = v
        for (let i = 0; i < a.length; i++) {
          const c = a[i]
          if (typeof c === 'number' && !Number.isFinite(c)) a[i] = null
          else if (typeof c === 'object' && c !== null) {
            stackValues[top] = c
            stackDepths[top++] = depth + 1
          }
        }
        continue
      }
      const o = v as Obj
      if (own.call(o, '__proto__')) return 'proto_key'
      for (const k in o) {
        const c = o[k]
        if (typeof c === 'number' && !Number.isFinite(c)) o[k] = null
        else if (typeof c === 'object' && c !== null) {
          stackValues[top] = c
          stackDepths[top++] = depth + 1
        }
      }
    }
    return undefined
  } finally {
    // A refusal leaves entries behind; the stack must not keep a refused body alive.
    for (let i = 0; i < top; i++) stackValues[i] = undefined
    if (stackValues.length > STACK_KEPT) {
      stackValues.length = 0
      stackDepths.length = 0
    }
  }
}

const REFUSED: Record<Exclude<JsonRefusal, 'syntax'>, string> = {
  too_deep: `nested more than ${MAX_JSON_DEPTH} levels deep`,
  proto_key:
    'has a "__proto__" key, which Switchboard refuses because it can change the objects it is merged into',
}

/** Parses untrusted JSON text by the policy above; throws JsonReadError naming what was wrong. */
export function parseJson(text: string): JsonValue {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new JsonReadError('syntax', (cause as Error).message, { cause })
  }
  const refused = checkParsed(value)
  if (refused) throw new JsonReadError(refused, `The JSON ${REFUSED[refused]}.`)
  return value as JsonValue
}

/** parseJson, with undefined for anything it refuses (where the caller has its own fallback). */
export function tryParseJson(text: string): JsonValue | undefined {
  try {
    return parseJson(text)
  } catch {
    return undefined
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined
}

export function asStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asNum(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function asBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined
}

export function asArr(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined
}

/**
 * Copies a value into the typed JSON shape (for values that did not come through parseJson): non-finite numbers
 * become null, non-JSON leaves (undefined, functions) vanish from objects and are null in arrays.
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (Array.isArray(value)) {
    const out: JsonValue[] = []
    for (const v of value) out.push(toJsonValue(v) ?? null)
    return out
  }
  const o = asObj(value)
  return o ? toJsonObject(o) : undefined
}

export function toJsonObject(value: Obj): JsonObject {
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(value)) {
    // Assigning it would set the copy's prototype instead of a key.
    if (k === '__proto__') continue
    const j = toJsonValue(v)
    if (j !== undefined) out[k] = j
  }
  return out
}
