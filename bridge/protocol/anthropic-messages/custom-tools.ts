// Freeform (custom) tools ride on Anthropic as functions taking {"input": string}; this unwraps them on return.
import { offeredTools } from '../canonical/request.js'
import type { CanonicalRequest } from '../canonical/request.js'
import { parseJson } from '../canonical/read-json.js'

export function customToolNames(request: CanonicalRequest | undefined): Set<string> {
  const names = new Set<string>()
  for (const t of request ? offeredTools(request) : []) if (t.kind === 'custom') names.add(t.name)
  return names
}

/** `{"input": "raw"}` → `raw`. Anything else is passed on verbatim so the client sees what the model wrote. */
export function unwrapCustomInput(json: string): string {
  if (json.trim() === '') return ''
  try {
    const value: unknown = parseJson(json)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const input = (value as Record<string, unknown>)['input']
      if (typeof input === 'string') return input
    }
  } catch {
    // Not JSON: fall through and hand over the text as the model produced it.
  }
  return json
}
