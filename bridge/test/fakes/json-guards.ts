// Tiny narrowing helpers the fakes use to read untyped request bodies without `any`.
export type Obj = Record<string, unknown>

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The array's object elements; anything else (including a non-array) reads as empty. */
export function objs(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isObj) : []
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Joins the text of string content or of `{text}` parts, the shape every dialect uses for tool output. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  return objs(content)
    .map((part) => str(part.text) ?? '')
    .join('')
}

/** Rough token estimate the fakes report as input usage: deterministic, never zero. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4))
}
