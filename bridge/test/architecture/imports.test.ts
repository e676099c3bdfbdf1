// Enforces DESIGN.md's dependency rules by reading every import in the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')

function files(dir: string): string[] {
  const out: string[] = []
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...files(full))
    else if (/\.(ts|tsx)$/.test(name)) out.push(full)
  }
  return out
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(
    /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push(m[1] ?? m[2] ?? '')
  }
  return found
}

function resolvesInto(file: string, spec: string, area: string): boolean {
  if (!spec.startsWith('.')) return false
  return relative(join(ROOT, area), resolve(dirname(file), spec)).startsWith('..') === false
}

describe('dependency rules', () => {
  it('bridge/protocol imports nothing outside itself except eventsource-parser and SDK types', () => {
    const bad: string[] = []
    for (const f of files(join(ROOT, 'bridge/protocol'))) {
      const text = readFileSync(f, 'utf8')
      for (const spec of imports(f)) {
        if (spec.startsWith('.')) {
          if (!resolvesInto(f, spec, 'bridge/protocol')) bad.push(`${relative(ROOT, f)} → ${spec}`)
        } else if (spec === 'eventsource-parser') {
          continue
        } else if (
          (spec === 'openai' ||
            spec.startsWith('openai/') ||
            spec.startsWith('@anthropic-ai/sdk')) &&
          new RegExp(`import type[^;]*['"]${spec}['"]`).test(text)
        ) {
          continue
        } else {
          bad.push(`${relative(ROOT, f)} → ${spec}`)
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('bridge/ never imports electron/ or renderer/ or the electron package', () => {
    const bad: string[] = []
    for (const f of files(join(ROOT, 'bridge'))) {
      for (const spec of imports(f)) {
        if (
          spec === 'electron' ||
          resolvesInto(f, spec, 'electron') ||
          resolvesInto(f, spec, 'renderer')
        )
          bad.push(`${relative(ROOT, f)} → ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('bridge/control imports neither sign-in (auth/) nor any one provider: the host adapts those to the contract', () => {
    const bad: string[] = []
    const providers = ['bridge/upstream/chatgpt', 'bridge/upstream/codex-cli']
    for (const f of files(join(ROOT, 'bridge/control'))) {
      for (const spec of imports(f)) {
        if ([...providers, 'bridge/auth'].some((area) => resolvesInto(f, spec, area)))
          bad.push(`${relative(ROOT, f)} → ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('renderer/ imports only the pure contract and schema types from outside itself', () => {
    const bad: string[] = []
    for (const f of files(join(ROOT, 'renderer'))) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue
        if (resolvesInto(f, spec, 'renderer')) continue
        if (resolvesInto(f, spec, 'bridge/control') || resolvesInto(f, spec, 'bridge/config'))
          continue
        bad.push(`${relative(ROOT, f)} → ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })
})
