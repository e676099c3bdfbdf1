// Fetches Electron's binary by running its own install script, and records the outcome for `npm start`.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fetchElectronSqlite } from './fetch-electron-sqlite.mjs'
import { electronBinary, electronStatusFile } from './front-end.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const skip = process.argv.find((a) => a.startsWith('--skip='))?.slice('--skip='.length)
const TIMEOUT_MS = Number(process.env.SWITCHBOARD_ELECTRON_TIMEOUT_MS ?? 300_000)

function record(ok, reason) {
  const file = electronStatusFile(root)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ ok, reason, at: new Date().toISOString() })}\n`)
}

/** The line of the install script's output that says what went wrong (e.g. "getaddrinfo ENOTFOUND github.com"). */
function firstError(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  return (
    lines.find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|status code/i.test(l)) ??
    lines[0] ??
    'no output'
  )
}

if (skip) {
  record(false, `Electron's binary was not fetched: ${skip}`)
  console.log(
    `setup: not fetching Electron's binary (${skip}); \`npm start\` will run the headless gateway.`,
  )
} else if (electronBinary(root)) {
  record(true, 'Electron is installed')
  console.log('setup: Electron is installed.')
  console.log(fetchElectronSqlite(root, TIMEOUT_MS))
} else {
  console.log("setup: fetching Electron's binary (the tray app needs it)…")
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  })
  if (run.status === 0 && electronBinary(root)) {
    record(true, 'Electron was downloaded by setup')
    console.log('setup: Electron is installed; `npm start` opens the tray app.')
    console.log(fetchElectronSqlite(root, TIMEOUT_MS))
  } else {
    const why = run.error
      ? run.error.message
      : firstError(`${run.stderr ?? ''}\n${run.stdout ?? ''}`)
    record(false, `Electron's binary could not be downloaded (${why})`)
    console.log(
      `setup: Electron's binary could not be downloaded (${why}).\n` +
        '       `npm start` will run the headless gateway and its web UI instead; run `bash scripts/setup.sh` again with internet access to get the tray app.',
    )
  }
}
