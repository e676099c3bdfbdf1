// Readers for untrusted Anthropic JSON: each names the offending field in the 400 it throws.
import { invalidRequest } from '../canonical/errors.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

export function asObject(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value))
    throw invalidRequest(`${path}: expected an object, got ${describe(value)}`, path)
  return value
}

export function asArray(value: unknown, path: string): JsonValue[] {
  if (!Array.isArray(value))
    throw invalidRequest(`${path}: expected an array, got ${describe(value)}`, path)
  return value as JsonValue[]
}

export function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`
}

export function reqString(obj: JsonObject, key: string, path = ''): string {
  const value = obj[key]
  const at = join(path, key)
  if (typeof value !== 'string') {
    throw invalidRequest(
      value === undefined
        ? `${at}: Field required`
        : `${at}: expected a string, got ${describe(value)}`,
      at,
    )
  }
  return value
}

export function optString(obj: JsonObject, key: string, path = ''): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  return reqString(obj, key, path)
}

export function optNumber(obj: JsonObject, key: string, path = ''): number | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const at = join(path, key)
    throw invalidRequest(`${at}: expected a number, got ${describe(value)}`, at)
  }
  return value
}

export function optBoolean(obj: JsonObject, key: string, path = ''): boolean | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') {
    const at = join(path, key)
    throw invalidRequest(`${at}: expected a boolean, got ${describe(value)}`, at)
  }
  return value
}

/** `cache_control` present and not null marks a cache breakpoint. */
export function hasCache(obj: JsonObject): boolean {
  return isJsonObject(obj['cache_control'])
}

/** A JSON object value as-is, or undefined; for fields that are only carried, never interpreted. */
export function objectField(obj: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(obj)) return undefined
  const value = obj[key]
  return isJsonObject(value) ? value : undefined
}

export function stringField(obj: unknown, key: string): string | undefined {
  if (!isJsonObject(obj)) return undefined
  const value = obj[key]
  return typeof value === 'string' ? value : undefined
}
