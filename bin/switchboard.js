#!/usr/bin/env node
// The `switchboard` command: runs the compiled CLI, compiling it first when this checkout has no build.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'bridge', 'cli.js')
if (!existsSync(cli)) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  process.stderr.write('switchboard: first run, compiling…\n')
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.node.json')], {
    stdio: 'inherit',
  })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
// Before the CLI's modules load: the heap settings only hold if the young generation has not grown yet, and
// the tiering settings are in place before the gateway's code first runs.
const { tuneHeapForGateway } = await import(
  pathToFileURL(join(root, 'dist', 'bridge', 'heap-tuning.js')).href
)
tuneHeapForGateway()
const { tuneJitForGateway } = await import(
  pathToFileURL(join(root, 'dist', 'bridge', 'jit-tuning.js')).href
)
tuneJitForGateway()
const { main } = await import(pathToFileURL(cli).href)
process.exitCode = await main(process.argv.slice(2))
