// One reader for untrusted JSON: no file under bridge/ calls JSON.parse except the reader itself and the few
// listed here, each with the reason it may.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const READER = 'bridge/protocol/canonical/read-json.ts'
const ALLOWED: Record<string, string> = {
  // The settings document has its own reader: config/validate.ts checks every field, merge.ts skips
  // `__proto__`, and a document that fails is moved aside with the validator's message (SyntaxError named).
  'bridge/config/settings-file.ts': 'validated by config/validate.ts with its own error wording',
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      if (name !== 'test') out.push(...sources(full))
    } else if (name.endsWith('.ts')) out.push(full)
  }
  return out
}

describe('one reader for untrusted JSON', () => {
  it('JSON.parse is called only by the reader (and the allow-listed files)', () => {
    const offenders = sources(join(ROOT, 'bridge'))
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== READER && ALLOWED[f] === undefined)
      .filter((f) => /\bJSON\.parse\s*\(/.test(readFileSync(join(ROOT, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
