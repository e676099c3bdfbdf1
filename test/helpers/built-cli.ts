// The compiled gateway the process-level tests run (`bin/switchboard.js` loads dist/): compiled once per test run,
// before any test file starts (test/global-setup.ts), and only when dist/ is missing or older than a source.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

/** What the compiled gateway is made of (tsconfig.node.json): bridge/ outside its tests, and the configs. */
function sourceFiles(root: string): string[] {
  const out = [join(root, 'tsconfig.node.json'), join(root, 'tsconfig.base.json')]
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (path !== join(root, 'bridge', 'test')) walk(path)
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path)
    }
  }
  walk(join(root, 'bridge'))
  return out
}

function newest(paths: string[]): number {
  let max = 0
  for (const path of paths) if (existsSync(path)) max = Math.max(max, statSync(path).mtimeMs)
  return max
}

function outputFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name))
}

/** Touched after each build here: tsc leaves a file it need not re-emit (a source touched, not changed) as it was. */
const stamp = (root: string): string => join(root, 'dist', '.built-for-tests')

/**
 * True when dist/ holds the gateway built from today's sources. tsc builds incrementally (composite), re-emitting
 * only what changed, so the newest output (or this helper's stamp), not cli.js, tells when the last build ran.
 */
export function builtCliIsFresh(root = ROOT): boolean {
  if (!existsSync(join(root, 'dist', 'bridge', 'cli.js'))) return false
  const built = newest([...outputFiles(join(root, 'dist', 'bridge')), stamp(root)])
  return built >= newest(sourceFiles(root))
}

/** The test files that run the compiled gateway are the ones that import this helper. */
export function needsBuiltCli(testFiles: readonly string[]): boolean {
  return testFiles.some((file) => readFileSync(file, 'utf8').includes("/helpers/built-cli.js'"))
}

/** Compiles dist/ unless it is fresh; no test timeout applies here (run from the global setup). */
export async function buildCli(root = ROOT): Promise<void> {
  if (builtCliIsFresh(root)) return
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [tsc, '-p', join(root, 'tsconfig.node.json')], {
      stdio: 'inherit',
    })
    child.on('error', fail)
    child.on('exit', done)
  })
  if (code !== 0)
    throw new Error(`compiling the gateway for the process-level tests failed (tsc exit ${code})`)
  writeFileSync(stamp(root), '')
}

/**
 * For a test file: the global setup built dist/ already; this says so loudly when it did not (a source changed
 * during the run), rather than testing an older gateway.
 */
export function ensureBuiltCli(root = ROOT): void {
  if (!builtCliIsFresh(root))
    throw new Error(
      'dist/ is missing or older than bridge/: the global setup compiles it (npx tsc -p tsconfig.node.json)',
    )
}
