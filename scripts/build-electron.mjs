// Builds the Electron main process (tsc → dist/electron/main, ESM) and bundles the sandboxed preload into one CommonJS file.
import { spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.electron.json')],
  { stdio: 'inherit' },
)
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

// A sandboxed preload cannot load ES modules or relative files: everything but 'electron' is inlined.
const preloadOut = join(root, 'dist/electron/preload')
await build({
  input: join(root, 'electron/preload/index.ts'),
  platform: 'node',
  external: ['electron'],
  output: { file: join(preloadOut, 'index.cjs'), format: 'cjs', sourcemap: false },
  logLevel: 'warn',
})
// tsc's ESM copy of the preload would only confuse: the window loads index.cjs.
await rm(join(preloadOut, 'index.js'), { force: true })
await rm(join(preloadOut, 'index.js.map'), { force: true })
console.log('electron: dist/electron/main (ESM) and dist/electron/preload/index.cjs built')
