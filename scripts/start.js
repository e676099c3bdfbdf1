// `npm start`: the tray app where Electron can run, otherwise the headless gateway with its web UI.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

function electronBinary() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.node.json')], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status === 0
const renderer = run([join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', join(root, 'renderer/vite.config.ts'), '--logLevel', 'warn'])
if (!renderer) console.log('The web UI did not build; the gateway still runs without it.')

const electron = electronBinary()
const mainEntry = join(root, 'dist', 'electron', 'main', 'index.js')
if (electron && run([join(root, 'scripts/build-electron.mjs')]) && existsSync(mainEntry)) {
  console.log('Starting the Switchboard tray app…')
  spawn(electron, [root, ...args], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(
    electron
      ? 'The tray app is not built in this checkout; starting the headless gateway instead.'
      : 'Electron is not installed on this machine (no display build available); starting the headless gateway instead.',
  )
  spawn(process.execPath, [join(root, 'bin', 'switchboard.js'), 'serve', ...args], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0))
}
