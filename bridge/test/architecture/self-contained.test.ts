// A plain clone passes `npm test`: no source or test file reaches outside the repository for data.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
// The design folder's recordings, spelled so that this file does not match itself.
const BESIDE = ['shared', 'captures'].join('/')
const AREAS = ['bridge', 'electron', 'renderer', 'test', 'bench', 'scripts']

function files(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') return []
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return files(full)
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [full] : []
  })
}

describe('the repository is self-contained', () => {
  it('no file names a relative path that climbs out of the repository', () => {
    const bad: string[] = []
    for (const area of AREAS) {
      for (const f of files(join(ROOT, area))) {
        const text = readFileSync(f, 'utf8')
        for (const m of text.matchAll(/['"`]((?:\.\.\/){2,}[^'"`$]*)/g)) {
          const spec = m[1] ?? ''
          if (relative(ROOT, resolve(dirname(f), spec)).startsWith('..')) {
            bad.push(`${relative(ROOT, f)}: ${spec}`)
          }
        }
        if (text.includes(BESIDE)) bad.push(`${relative(ROOT, f)}: ${BESIDE}`)
      }
    }
    expect(bad).toEqual([])
  })
})
