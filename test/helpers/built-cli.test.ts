// When the process-level tests' gateway is compiled: only for a run that has one of them, and only when dist/ is
// missing or older than a source (tsc re-emits only what changed, so the newest output dates the last build).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { builtCliIsFresh, needsBuiltCli } from './built-cli.js'

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
})

/** A checkout whose files have the given ages in seconds (relative to now). */
function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'sb-built-'))
  roots.push(root)
  const now = Date.now() / 1000
  for (const [path, age] of Object.entries(files)) {
    const full = join(root, path)
    mkdirSync(join(full, '..'), { recursive: true })
    writeFileSync(full, '')
    utimesSync(full, now - age, now - age)
  }
  return root
}

const BASE = { 'tsconfig.node.json': 500, 'tsconfig.base.json': 500 }

describe('the compiled gateway of the process-level tests', () => {
  it('is fresh when the newest output is newer than every source', () => {
    const root = checkout({
      ...BASE,
      'bridge/cli.ts': 300,
      'bridge/server.ts': 200,
      'dist/bridge/cli.js': 400,
      'dist/bridge/server.js': 100,
    })
    expect(builtCliIsFresh(root)).toBe(true)
  })

  it('is stale when a source changed after the last build, or a config did', () => {
    const edited = checkout({
      ...BASE,
      'bridge/cli.ts': 300,
      'bridge/upstream/http.ts': 50,
      'dist/bridge/cli.js': 100,
    })
    expect(builtCliIsFresh(edited)).toBe(false)
    const config = checkout({
      ...BASE,
      'tsconfig.base.json': 10,
      'bridge/cli.ts': 300,
      'dist/bridge/cli.js': 100,
    })
    expect(builtCliIsFresh(config)).toBe(false)
  })

  it("counts the last build's stamp as an output: tsc does not re-emit a source touched but unchanged", () => {
    const root = checkout({
      ...BASE,
      'bridge/cli.ts': 50,
      'dist/bridge/cli.js': 100,
      'dist/.built-for-tests': 10,
    })
    expect(builtCliIsFresh(root)).toBe(true)
  })

  it('ignores the tests beside the sources, and is missing without dist/bridge/cli.js', () => {
    const tests = checkout({
      ...BASE,
      'bridge/cli.ts': 300,
      'bridge/test/e2e/x.test.ts': 5,
      'bridge/log/log.test.ts': 5,
      'dist/bridge/cli.js': 100,
    })
    expect(builtCliIsFresh(tests)).toBe(true)
    expect(builtCliIsFresh(checkout({ ...BASE, 'bridge/cli.ts': 300 }))).toBe(false)
  })

  it('is wanted only by a run that has a test file importing the helper', () => {
    const root = checkout({ 'a.test.ts': 0, 'b.test.ts': 0 })
    writeFileSync(join(root, 'a.test.ts'), "import { x } from './unrelated.js'\n")
    writeFileSync(join(root, 'b.test.ts'), "import { ensure } from '../helpers/built-cli.js'\n")
    expect(needsBuiltCli([join(root, 'a.test.ts')])).toBe(false)
    expect(needsBuiltCli([join(root, 'a.test.ts'), join(root, 'b.test.ts')])).toBe(true)
  })
})
