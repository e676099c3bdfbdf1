// The one reader's shortcut for stream frames that repeat the last one but for a few values (a chunk's text, a
// sequence number): a template learnt from a frame parseJson read reads the next without parsing, with the
// same answer parseJson would give.
import { isObj } from './read-json.js'
import type { Obj } from './read-json.js'

/**
 * A template is the learnt text cut around its holes, the values of named keys. A text equal to it but for other escape-free strings or integers in the holes is valid
 * JSON, and its value is the learned one with those values in the holes: what parseJson would return, refusals
 * included (keys, nesting and the other values are the learned text's). Anything else reads as undefined, and
 * the caller parses it.
 */
export interface JsonTemplate {
  /** The text around the holes: one piece more than there are holes. */
  readonly fixed: readonly string[]
  readonly holes: readonly ('string' | 'integer')[]
  /** The hole whose value `readTemplate` returns. */
  readonly read: number
}

export interface TemplateHole {
  /** A key without quotes or backslashes, which the text has once. */
  key: string
  value: string | number
}

const BACKSLASH = 0x5c
/** Integers up to this many digits are exact doubles: no Infinity to turn into null. */
const MAX_DIGITS = 15

/** The template of `text` (which parseJson read) with holes at these keys' values, if it can have one. */
export function learnTemplate(
  text: string,
  read: TemplateHole & { value: string },
  others: readonly TemplateHole[] = [],
): JsonTemplate | undefined {
  const spans: { start: number; end: number; kind: 'string' | 'integer'; read: boolean }[] = []
  for (const hole of [read, ...others]) {
    const pattern = `"${hole.key}":`
    const at = text.indexOf(pattern)
    // Once, and after no backslash, so that its quote opens a key and it is the only key of that name.
    if (at <= 0 || text.indexOf(pattern, at + 1) >= 0 || text.charCodeAt(at - 1) === BACKSLASH)
      return undefined
    const start = at + pattern.length
    if (typeof hole.value === 'string') {
      const literal = JSON.stringify(hole.value)
      if (!text.startsWith(literal, start)) return undefined
      const end = start + literal.length - 1
      spans.push({ start: start + 1, end, kind: 'string', read: hole === read })
    } else {
      const literal = String(hole.value)
      if (!Number.isSafeInteger(hole.value) || hole.value < 0 || literal.length > MAX_DIGITS)
        return undefined
      if (!text.startsWith(literal, start) || isDigit(text.charCodeAt(start + literal.length)))
        return undefined
      spans.push({ start, end: start + literal.length, kind: 'integer', read: false })
    }
  }
  spans.sort((a, b) => a.start - b.start)
  const fixed: string[] = []
  let pos = 0
  for (const span of spans) {
    if (span.start < pos) return undefined
    fixed.push(text.slice(pos, span.start))
    pos = span.end
  }
  fixed.push(text.slice(pos))
  // No escapes outside the holes: every key is written as itself, so none can repeat a hole's key unseen.
  if (fixed.some((piece) => piece.includes('\\'))) return undefined
  return {
    fixed,
    holes: spans.map((s) => s.kind),
    read: spans.findIndex((s) => s.read),
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/** The read hole's value if `text` is the template with other values in its holes, else undefined. */
export function readTemplate(template: JsonTemplate, text: string): string | undefined {
  const { fixed, holes } = template
  let pos = 0
  let value: string | undefined
  for (let i = 0; i < holes.length; i++) {
    const piece = fixed[i] as string
    if (!pieceAt(text, piece, pos)) return undefined
    pos += piece.length
    if (holes[i] === 'string') {
      const end = text.indexOf('"', pos)
      if (end < 0) return undefined
      for (let k = pos; k < end; k++) {
        const c = text.charCodeAt(k)
        if (c < 0x20 || c === BACKSLASH) return undefined
      }
      if (i === template.read) value = text.slice(pos, end)
      pos = end
    } else {
      let k = pos
      if (text.charCodeAt(k) === 0x30) k++
      else while (k - pos < MAX_DIGITS && isDigit(text.charCodeAt(k))) k++
      // A longer number, a leading zero or a fraction leaves a digit or a dot where the template has neither.
      if (k === pos) return undefined
      pos = k
    }
  }
  const last = fixed[holes.length] as string
  if (text.length !== pos + last.length || !pieceAt(text, last, pos)) return undefined
  return value
}

/** `text.startsWith(piece, pos)`, which compares a character at a time: a slice is compared as memory. */
function pieceAt(text: string, piece: string, pos: number): boolean {
  return text.length - pos >= piece.length && text.slice(pos, pos + piece.length) === piece
}

/** Templates learnt in a row without a frame read by one, before a stream is left to parsing. */
const MISSES = 3

/**
 * One stream's repeated frame: `read` answers a text that repeats the learnt one but for its holes with the
 * learnt value, the read hole's new value put at `path` (the objects on the way copied); the other holes hold
 * values the caller never reads. Relearnt after each miss, until a stream keeps changing more than its holes.
 */
export class RepeatedFrame<T extends Record<string, unknown>> {
  private template: JsonTemplate | undefined
  private value: T | undefined
  private path: readonly string[] = []
  private misses = 0

  read(text: string): T | undefined {
    const hole = this.readHole(text)
    // The same shape as the learnt value: only a string changed.
    return hole === undefined ? undefined : (replaced(this.value as T, this.path, hole) as T)
  }

  /**
   * The read hole's new value alone, for a caller that keeps what it needs of the learnt frame (everything but
   * the holes is the learnt frame's): no copy of the learnt value per frame.
   */
  readHole(text: string): string | undefined {
    if (this.template === undefined || this.value === undefined) return undefined
    const hole = readTemplate(this.template, text)
    if (hole !== undefined) this.misses = 0
    return hole
  }

  /** Learns `text`, which parseJson read as `value`, with its read hole at `path` (a string there). */
  learn(
    text: string,
    value: T,
    path: readonly string[],
    others: readonly TemplateHole[] = [],
  ): void {
    if (++this.misses > MISSES) {
      this.template = undefined
      return
    }
    const hole = valueAt(value, path)
    const key = path.at(-1)
    this.template =
      typeof hole === 'string' && key !== undefined
        ? learnTemplate(text, { key, value: hole }, others)
        : undefined
    this.value = value
    this.path = path
  }
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value
  for (const key of path) at = isObj(at) ? at[key] : undefined
  return at
}

function replaced(value: Obj, path: readonly string[], hole: string): Obj {
  const [key, ...rest] = path
  if (key === undefined) return value
  const inner = value[key]
  return {
    ...value,
    [key]: rest.length === 0 || !isObj(inner) ? hole : replaced(inner, rest, hole),
  }
}
