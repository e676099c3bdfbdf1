// `npm start` picks the tray app or the headless gateway and says why; setup's Electron fetch records its outcome.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { chooseFrontEnd, electronBinary, readElectronStatus } from '../../scripts/front-end.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const DESKTOP = { DISPLAY: ':0' }

describe('chooseFrontEnd', () => {
  it('starts the tray app where Electron is installed and a display exists', () => {
    const choice = chooseFrontEnd({
      electron: '/x/electron',
      status: undefined,
      env: DESKTOP,
      platform: 'linux',
      args: [],
    })
    expect(choice).toEqual({ kind: 'tray', reason: 'Electron was found at /x/electron' })
    expect(
      chooseFrontEnd({
        electron: '/x/electron',
        status: undefined,
        env: {},
        platform: 'darwin',
        args: [],
      }).kind,
    ).toBe('tray')
  })

  it("quotes setup's reason when Electron's binary could not be fetched", () => {
    const choice = chooseFrontEnd({
      electron: undefined,
      status: {
        ok: false,
        reason: "Electron's binary could not be downloaded (getaddrinfo ENOTFOUND github.com)",
      },
      env: DESKTOP,
      platform: 'linux',
      args: [],
    })
    expect(choice.kind).toBe('headless')
    expect(choice.reason).toContain('ENOTFOUND github.com')
    expect(choice.reason).toContain('bash scripts/setup.sh')
  })

  it('says the binary is missing when setup never ran its fetch', () => {
    const choice = chooseFrontEnd({
      electron: undefined,
      status: undefined,
      env: DESKTOP,
      platform: 'linux',
      args: [],
    })
    expect(choice.reason).toMatch(/^Electron's binary is not installed/)
  })

  it('runs headless on a Linux machine without a display, or when asked', () => {
    expect(
      chooseFrontEnd({
        electron: '/x/electron',
        status: undefined,
        env: {},
        platform: 'linux',
        args: [],
      }).reason,
    ).toContain('no graphical display')
    expect(
      chooseFrontEnd({
        electron: '/x/electron',
        status: undefined,
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        platform: 'linux',
        args: [],
      }).kind,
    ).toBe('tray')
    expect(
      chooseFrontEnd({
        electron: '/x/electron',
        status: undefined,
        env: DESKTOP,
        platform: 'linux',
        args: ['--headless'],
      }).kind,
    ).toBe('headless')
    expect(
      chooseFrontEnd({
        electron: '/x/electron',
        status: undefined,
        env: { ...DESKTOP, SWITCHBOARD_HEADLESS: '1' },
        platform: 'linux',
        args: [],
      }).kind,
    ).toBe('headless')
  })
})

describe('scripts/fetch-electron.mjs', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  // A copy of the scripts beside a stand-in for Electron's install script (the real one needs github.com).
  function checkout(installScript: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'sb-fetch-electron-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'scripts'))
    mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true })
    for (const f of ['fetch-electron.mjs', 'fetch-electron-sqlite.mjs', 'front-end.mjs'])
      copyFileSync(join(ROOT, 'scripts', f), join(dir, 'scripts', f))
    writeFileSync(join(dir, 'node_modules', 'electron', 'install.js'), installScript)
    return dir
  }

  const run = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(dir, 'scripts', 'fetch-electron.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    })

  it('runs the install script without the skip variable and records success', () => {
    const dir = checkout(`
      const fs = require('fs'), path = require('path')
      if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0)
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true })
      fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '')
      fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron')
    `)
    const out = run(dir)
    expect(out.stdout).toContain('Electron is installed')
    expect(electronBinary(dir)).toBe(join(dir, 'node_modules', 'electron', 'dist', 'electron'))
    expect(readElectronStatus(dir)?.ok).toBe(true)
  })

  it('falls back with the download error as the reason, and still exits 0', () => {
    const dir = checkout(
      `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest'); process.exit(1)`,
    )
    const out = run(dir)
    expect(out.status).toBe(0)
    expect(out.stdout).toContain(
      "Electron's binary could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com)",
    )
    expect(out.stdout).toContain('headless gateway')
    expect(readElectronStatus(dir)).toEqual({
      ok: false,
      reason:
        "Electron's binary could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com)",
    })
  })

  it('records that the user skipped the download', () => {
    const dir = checkout(`throw new Error('must not run')`)
    run(dir, '--skip=ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set')
    expect(
      JSON.parse(readFileSync(join(dir, 'node_modules', '.switchboard', 'electron.txt'), 'utf8'))
        .reason,
    ).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set')
  })
})
