// Chat Completions readings of wire data (reasoning fields); the narrowing helpers are the shared reader's.
import { asObj, asStr as str, toJsonValue, type Obj } from '../canonical/read-json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'

export { asNum as num, asObj, asStr as str, type Obj } from '../canonical/read-json.js'

/** The shared reader's copy: a non-finite number becomes null (it used to be dropped here). */
export function toJson(value: unknown): JsonValue | undefined {
  return toJsonValue(value)
}

export function toJsonObject(value: unknown): JsonObject | undefined {
  const j = toJsonValue(value)
  return typeof j === 'object' && j !== null && !Array.isArray(j) ? j : undefined
}

/** `reasoning` as a string or as `{text}` / `{content}` (Codex's legacy reader accepts all three). */
function reasoningValue(value: unknown): string {
  if (typeof value === 'string') return value
  const obj = asObj(value)
  if (!obj) return ''
  return str(obj['text']) ?? str(obj['content']) ?? ''
}

function reasoningDetails(value: unknown): string {
  if (!Array.isArray(value)) return ''
  let out = ''
  for (const item of value) {
    const obj = asObj(item)
    if (!obj) continue
    out += str(obj['text']) ?? str(obj['summary']) ?? ''
  }
  return out
}

/**
 * Reasoning text from a delta or message. The fields are alternatives (OpenRouter repeats the same text in
 * `reasoning` and `reasoning_details`), so the first non-empty one wins instead of concatenating them.
 */
export function readReasoning(container: Obj): string {
  const content = str(container['reasoning_content'])
  if (content) return content
  const reasoning = reasoningValue(container['reasoning'])
  if (reasoning) return reasoning
  return reasoningDetails(container['reasoning_details'])
}
