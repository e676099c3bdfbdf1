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
