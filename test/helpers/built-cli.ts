// The compiled gateway the process-level tests run (`bin/switchboard.js` loads dist/): compiled once when dist/ has
// none, so a fresh clone can run one of those test files on its own.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

export function ensureBuiltCli(): void {
  if (existsSync(join(ROOT, 'dist/bridge/cli.js'))) return
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.node.json')],
    { stdio: 'inherit' },
  )
}
