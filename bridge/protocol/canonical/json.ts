// JSON value types shared by every codec, so that no codec needs `any`.
import { isJsonObject, tryParseJson } from './read-json.js'
export type JsonPrimitive = string | number | boolean | null
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

export { isJsonObject } from './read-json.js'

/** Parses tool-call arguments leniently: "" and invalid JSON become {} (wire-protocols §5.7). */
export function parseArguments(text: string): JsonObject {
  if (text.trim() === '') return {}
  const value = tryParseJson(text)
  return isJsonObject(value) ? value : {}
}

/**
 * A value from untrusted JSON as an error message quotes it. `String()` throws on an object without a
 * prototype (what the JSON reader makes of `{"__proto__": …}`), so objects and arrays are named, not printed.
 */
export function shown(value: unknown): string {
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object'
  return String(value)
}
