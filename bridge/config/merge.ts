// Deep merge of a partial settings document over a complete one (objects merge, everything else replaces).
export type JsonObject = { [key: string]: unknown }

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

// Arrays replace rather than merge: a user's provider list or rule list is the whole list, in order.
export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return clone(base)
  if (!isPlainObject(base) || !isPlainObject(overlay)) return clone(overlay)
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(base)) out[key] = clone(value)
  for (const [key, value] of Object.entries(overlay)) {
    if (isUnsafeKey(key)) continue
    out[key] = key in out ? deepMerge(out[key], value) : clone(value)
  }
  return out
}

export function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone)
  if (isPlainObject(value)) {
    const out: JsonObject = {}
    for (const [key, inner] of Object.entries(value)) if (!isUnsafeKey(key)) out[key] = clone(inner)
    return out
  }
  return value
}

// JSON.parse can produce an own "__proto__" key; copying it with [] would change the prototype.
function isUnsafeKey(key: string): boolean {
  return key === '__proto__'
}
