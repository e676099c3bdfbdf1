// A logged header set kept as one string, `name\0value\0name\0value`, instead of an object of strings: the log
// holds a thousand entries with three header sets each, and every object in them is copied into the old
// generation and traced by each major GC until its entry leaves. Neither a header name nor a value holds a NUL
// (Node refuses one in both directions), so the separator is unambiguous.
import { isCredentialHeader, type Redactor } from './redact.js'

const SEPARATOR = '\0'

/**
 * The set redacted as Redactor.header does it (credential headers whole, secrets in any value), packed. The
 * secrets and bearer tokens are looked for once in the packed text rather than once per value: neither holds a
 * NUL nor can a match span one, so the result is the same.
 */
export function packHeaders(
  redactor: Redactor,
  input: Record<string, string | string[] | undefined>,
): string {
  const parts: string[] = []
  for (const name in input) {
    const value = input[name]
    if (value === undefined) continue
    parts.push(
      name,
      isCredentialHeader(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value,
    )
  }
  // join makes one flat string: what the log keeps holds on to none of the pieces.
  return redactor.text(parts.join(SEPARATOR))
}

/** The header set as the contract shows it. */
export function unpackHeaders(packed: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (packed === '') return out
  const parts = packed.split(SEPARATOR)
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i] ?? ''] = parts[i + 1] ?? ''
  return out
}
