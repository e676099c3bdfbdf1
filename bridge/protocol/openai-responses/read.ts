// Narrowing helpers for untrusted Responses JSON, so the codec reads wire data without `any`.
import type { JsonObject, JsonValue } from '../canonical/json.js'

export type Obj = Record<string, unknown>

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

/** Copies a parsed JSON value into the typed JSON shape; non-JSON leaves (undefined, functions) vanish. */
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
    const j = toJsonValue(v)
    if (j !== undefined) out[k] = j
  }
  return out
}

/** Codex and OpenAI put the retry delay only in prose: "Please try again in 11.054s" / "in 250ms". */
export function retryAfterFromMessage(message: string): number | undefined {
  const m = /try again in\s+([\d.]+)\s*(ms|s)\b/i.exec(message)
  if (!m || m[1] === undefined) return undefined
  const n = Number(m[1])
  if (!Number.isFinite(n)) return undefined
  return m[2]?.toLowerCase() === 'ms' ? n / 1000 : n
}
