// Fetches better-sqlite3's prebuilt binding for Electron's ABI, so the tray app keeps usage history from a checkout
// (the package's own build is for Node, which `serve` and the tests use; packaged builds are rebuilt by electron-builder).
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** Where the tray app looks for it (electron/main/paths.ts). */
export function electronSqliteBinding(root) {
  return join(root, 'node_modules', '.switchboard', 'electron', 'better_sqlite3.node')
}

/** Returns a line for setup to print: what was fetched, or why the tray app will run without usage history. */
export function fetchElectronSqlite(root, timeoutMs) {
  try {
    return fetchBinding(root, timeoutMs)
  } catch (error) {
    return `setup: SQLite for Electron was not fetched (${error.message}); the tray app will run without usage history.`
  }
}

function fetchBinding(root, timeoutMs) {
  const target = electronSqliteBinding(root)
  const pkgDir = join(root, 'node_modules', 'better-sqlite3')
  const electronPkg = join(root, 'node_modules', 'electron', 'package.json')
  const electronVersion = JSON.parse(readFileSync(electronPkg, 'utf8')).version
  const sqliteVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version
  const stamp = `${target}.json`
  const wanted = JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion })
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted)
    return 'setup: the tray app has its SQLite binding.'
  // prebuild-install unpacks into the package folder it runs in; a scratch copy keeps the Node build intact.
  const work = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'))
  try {
    copyFileSync(join(pkgDir, 'package.json'), join(work, 'package.json'))
    const bin = createRequire(join(pkgDir, 'package.json')).resolve('prebuild-install/bin.js')
    const run = spawnSync(
      process.execPath,
      [bin, '--runtime', 'electron', '--target', electronVersion],
      { cwd: work, encoding: 'utf8', timeout: timeoutMs },
    )
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    if (run.status !== 0 || !existsSync(built)) {
      const why =
        (run.error?.message ?? `${run.stderr ?? ''}`.trim().split('\n').pop()) || 'no output'
      return `setup: SQLite for Electron ${electronVersion} could not be fetched (${why}); the tray app will run without usage history until setup runs again with internet access.`
    }
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(built, target)
    writeFileSync(stamp, wanted)
    return `setup: fetched SQLite for Electron ${electronVersion} (usage history in the tray app).`
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
