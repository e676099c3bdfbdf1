// Deterministic id rewriting for dialects with stricter id rules: the same input always gives the same
// output, so a tool call and its later result still match without any stored state (wire-protocols §4.4).

/** FNV-1a 64-bit as 16 hex digits: stable and dependency-free; ids are not secrets. */
export function stableHash(text: string): string {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$. */
export function toAnthropicId(id: string): string {
  if (/^[a-zA-Z0-9_-]+$/.test(id)) return id
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_')
  return `${cleaned || 'toolu'}_${stableHash(id).slice(0, 8)}`
}

/** Shortens ids over `max` characters (Chat: 40, Responses call_id: 64) to a stable prefix + hash. */
export function limitId(id: string, max: number): string {
  if (id.length <= max) return id
  return `${id.slice(0, max - 17)}_${stableHash(id)}`
}
