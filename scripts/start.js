// `npm start`: the tray app where Electron can run, otherwise the headless gateway with its web UI; says which and why.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chooseFrontEnd, electronBinary, readElectronStatus } from './front-end.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const passed = args.filter((a) => a !== '--headless')

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.node.json')],
  { stdio: 'inherit' },
)
if (build.status !== 0) process.exit(build.status ?? 1)

const run = (argv) =>
  spawnSync(process.execPath, argv, { stdio: 'inherit', cwd: root }).status === 0
const renderer = run([
  join(root, 'node_modules/vite/bin/vite.js'),
  'build',
  '-c',
  join(root, 'renderer/vite.config.ts'),
  '--logLevel',
  'warn',
])
if (!renderer) console.log('The web UI did not build; the gateway still runs without it.')

const electron = electronBinary(root)
let choice = chooseFrontEnd({
  electron,
  status: readElectronStatus(root),
  env: process.env,
  platform: process.platform,
  args,
})
const mainEntry = join(root, 'dist', 'electron', 'main', 'index.js')
if (
  choice.kind === 'tray' &&
  !(run([join(root, 'scripts/build-electron.mjs')]) && existsSync(mainEntry))
)
  choice = { kind: 'headless', reason: 'the tray app did not build (see the errors above)' }

if (choice.kind === 'tray' && electron) {
  console.log(`Starting the Switchboard tray app: ${choice.reason}.`)
  spawn(electron, [root, ...passed], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  )
} else {
  console.log(`Starting the headless gateway (web UI in your browser) because ${choice.reason}.`)
  spawn(process.execPath, [join(root, 'bin', 'switchboard.js'), 'serve', ...passed], {
    stdio: 'inherit',
  }).on('exit', (code) => process.exit(code ?? 0))
}
