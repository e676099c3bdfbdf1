// A bridge module transpiled on its own into a temporary .mjs file, for tests that run the real module in a child
// process (V8 flags must be set there before anything else runs). The directory goes when the test file ends.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import ts from 'typescript'
import { afterAll } from 'vitest'

/** The path of `source` (a .ts file importing only node: modules) transpiled to an ES module. */
export function transpiledModule(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-module-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, basename(source).replace(/\.ts$/, '.mjs'))
  writeFileSync(
    file,
    ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText,
  )
  return file
}
