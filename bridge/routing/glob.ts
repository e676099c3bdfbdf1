// Model-name globs: `*` (any run) and `?` (one character), case-insensitive, matching the whole name.

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
}

// Iterative matcher with single-star backtracking: linear in practice, no regular-expression blowup.
export function matchGlob(pattern: string, text: string): boolean {
  const p = Array.from(pattern.toLowerCase())
  const t = Array.from(text.toLowerCase())
  let pi = 0
  let ti = 0
  let starAt = -1
  let resumeAt = 0
  while (ti < t.length) {
    const pc = p[pi]
    if (pc === '*') {
      starAt = pi++
      resumeAt = ti
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++
      ti++
    } else if (starAt >= 0) {
      pi = starAt + 1
      ti = ++resumeAt
    } else {
      return false
    }
  }
  while (p[pi] === '*') pi++
  return pi === p.length
}
