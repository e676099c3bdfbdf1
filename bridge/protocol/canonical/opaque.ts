// Opaque provider tokens (thinking signatures, encrypted reasoning) and the envelope that carries a
// foreign token through another dialect's slot so it can return home (wire-protocols §4.5).
import type { Dialect } from '../dialects.js'
import { isDialect } from '../dialects.js'
import { parseJson } from './read-json.js'

/** A token only the dialect that produced it can verify. */
export interface Opaque {
  dialect: Dialect
  value: string
  /** Provider item id that belongs with the token (Responses `rs_…`), when one exists. */
  itemId?: string
}

const PREFIX = 'sbx1.'

/** Wraps a token for carriage in a slot of another dialect (an Anthropic signature, an `encrypted_content`). */
export function packOpaque(opaque: Opaque): string {
  const body = JSON.stringify({ d: opaque.dialect, v: opaque.value, i: opaque.itemId })
  return PREFIX + Buffer.from(body, 'utf8').toString('base64url')
}

/** Reads a slot value: an envelope returns the original token, anything else belongs to `host`. */
export function unpackOpaque(slot: string, host: Dialect): Opaque {
  if (slot.startsWith(PREFIX)) {
    try {
      const parsed: unknown = parseJson(
        Buffer.from(slot.slice(PREFIX.length), 'base64url').toString('utf8'),
      )
      if (typeof parsed === 'object' && parsed !== null) {
        const { d, v, i } = parsed as { d?: unknown; v?: unknown; i?: unknown }
        if (isDialect(d) && typeof v === 'string') {
          return typeof i === 'string'
            ? { dialect: d, value: v, itemId: i }
            : { dialect: d, value: v }
        }
      }
    } catch {
      // A malformed envelope is treated as the host's own token; the upstream will judge it.
    }
  }
  return { dialect: host, value: slot }
}

/** The value to write into `target`'s slot: the raw token at home, an envelope abroad. */
export function opaqueSlotFor(opaque: Opaque, target: Dialect): string {
  return opaque.dialect === target ? opaque.value : packOpaque(opaque)
}
