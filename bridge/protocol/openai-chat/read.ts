// Narrow readers for untrusted Chat Completions JSON, shared by the request, stream and response paths.
import type { JsonObject, JsonValue } from '../canonical/json.js'

export type Obj = Record<string, unknown>

export function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** Copies a parsed-JSON value into the JSON type, dropping anything JSON cannot hold. */
export function toJson(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (Array.isArray(value)) {
    const out: JsonValue[] = []
    for (const item of value) {
      const v = toJson(item)
      out.push(v === undefined ? null : v)
    }
    return out
  }
  const obj = asObj(value)
  if (!obj) return undefined
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(obj)) {
    const j = toJson(v)
    if (j !== undefined) out[k] = j
  }
  return out
}

export function toJsonObject(value: unknown): JsonObject | undefined {
  const j = toJson(value)
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
