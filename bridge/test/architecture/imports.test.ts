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

/** Bridge modules the renderer and the tray value-import (vite and tsc bundle them): pure, they import types only. */
const PURE_SHARED = ['bridge/usage/usage-words.ts']

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
        const target = relative(ROOT, resolve(dirname(f), spec))
        // The contract is its method table plus the views in contract/; the rest of control/ is the host's.
        if (
          target === 'bridge/control/contract.js' ||
          resolvesInto(f, spec, 'bridge/control/contract')
        )
          continue
        if (resolvesInto(f, spec, 'bridge/config')) continue
        if (
          PURE_SHARED.some(
            (m) => resolve(dirname(f), spec) === join(ROOT, m.replace(/\.ts$/, '.js')),
          )
        )
          continue
        bad.push(`${relative(ROOT, f)} → ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('the bridge modules shared with the renderer and the tray are pure: nothing but types from elsewhere', () => {
    const bad: string[] = []
    for (const m of PURE_SHARED) {
      const text = readFileSync(join(ROOT, m), 'utf8')
      // Each import statement on its own: a value import (or a re-export) pulls code in.
      for (const found of text.matchAll(/^(import|export)\b([^'"]*?)from\s+['"]([^'"]+)['"]/gm))
        if (found[1] === 'export' || !/^\s*type\b/.test(found[2] ?? ''))
          bad.push(`${m} → ${found[3] ?? ''}`)
      if (/\bimport\s*\(/.test(text)) bad.push(`${m} imports at run time`)
      if (
        /\b(?:process|document|globalThis|require|fetch|localStorage)\b/.test(
          text.replace(/\/\/.*$/gm, ''),
        )
      )
        bad.push(`${m} reaches for the environment`)
    }
    expect(bad).toEqual([])
  })
})
