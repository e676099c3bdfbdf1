// Whether a text is JSON, checked without building its value: for frames relayed as they are and never read
// (the passthrough tap's content deltas), which must still be found out when broken. Reading stays parseJson's.

/** Nesting this check follows before it gives up; callers that pass deeper text have bounded it already. */
const MAX_DEPTH = 512

/** Whether `text` is exactly one JSON value (RFC 8259), white space around it allowed: what JSON.parse takes. */
export function isJsonSyntax(text: string): boolean {
  const end = value(text, space(text, 0), 0)
  return end >= 0 && space(text, end) === text.length
}

function space(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
}

/** The index after the value at `i`, or -1. */
function value(t: string, i: number, depth: number): number {
  const c = t.charCodeAt(i)
  if (c === 0x22) return string(t, i)
  if (c === 0x7b) return depth < MAX_DEPTH ? object(t, i, depth + 1) : -1
  if (c === 0x5b) return depth < MAX_DEPTH ? array(t, i, depth + 1) : -1
  if (c === 0x74) return t.startsWith('true', i) ? i + 4 : -1
  if (c === 0x66) return t.startsWith('false', i) ? i + 5 : -1
  if (c === 0x6e) return t.startsWith('null', i) ? i + 4 : -1
  return number(t, i)
}

function object(t: string, i: number, depth: number): number {
  i = space(t, i + 1)
  if (t.charCodeAt(i) === 0x7d) return i + 1
  for (;;) {
    if (t.charCodeAt(i) !== 0x22) return -1
    i = string(t, i)
    if (i < 0) return -1
    i = space(t, i)
    if (t.charCodeAt(i) !== 0x3a) return -1
    i = value(t, space(t, i + 1), depth)
    if (i < 0) return -1
    i = space(t, i)
    const c = t.charCodeAt(i)
    if (c === 0x7d) return i + 1
    if (c !== 0x2c) return -1
    i = space(t, i + 1)
  }
}

function array(t: string, i: number, depth: number): number {
  i = space(t, i + 1)
  if (t.charCodeAt(i) === 0x5d) return i + 1
  for (;;) {
    i = value(t, i, depth)
    if (i < 0) return -1
    i = space(t, i)
    const c = t.charCodeAt(i)
    if (c === 0x5d) return i + 1
    if (c !== 0x2c) return -1
    i = space(t, i + 1)
  }
}

/** A string from its opening quote: no raw control character, only JSON's escapes. */
function string(t: string, i: number): number {
  i++
  for (;;) {
    // A charCodeAt loop: a sticky regex per string cost more than JSON.parse on a short delta.
    let c = t.charCodeAt(i)
    while (c >= 0x20 && c !== 0x22 && c !== 0x5c) c = t.charCodeAt(++i)
    if (c === 0x22) return i + 1
    if (c !== 0x5c) return -1
    const e = t.charCodeAt(i + 1)
    if (e === 0x75) {
      for (let k = 2; k <= 5; k++) if (!isHex(t.charCodeAt(i + k))) return -1
      i += 6
    } else if (
      e === 0x22 ||
      e === 0x5c ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    )
      i += 2
    else return -1
  }
}

function number(t: string, i: number): number {
  if (t.charCodeAt(i) === 0x2d) i++
  if (t.charCodeAt(i) === 0x30) i++
  else if (isDigit(t.charCodeAt(i))) i = digits(t, i)
  else return -1
  if (t.charCodeAt(i) === 0x2e) {
    if (!isDigit(t.charCodeAt(i + 1))) return -1
    i = digits(t, i + 1)
  }
  const e = t.charCodeAt(i)
  if (e === 0x65 || e === 0x45) {
    i++
    const s = t.charCodeAt(i)
    if (s === 0x2b || s === 0x2d) i++
    if (!isDigit(t.charCodeAt(i))) return -1
    i = digits(t, i)
  }
  return i
}

function digits(t: string, i: number): number {
  while (isDigit(t.charCodeAt(i))) i++
  return i
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}
