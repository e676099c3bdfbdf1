// The settings file on disk: defaults when missing, broken files moved aside and kept, atomic private saves.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { ConfigError } from '../../config/errors.js'
import { defaultConfigDir, loadSettingsFile, saveSettingsFile } from '../../config/settings-file.js'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'sb-settings-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const fixedNow = () => new Date('2026-11-23T10:20:30.456Z')
const posix = process.platform !== 'win32'

describe('loadSettingsFile', () => {
  it('uses the defaults for a missing file and does not create it', async () => {
    const path = join(dir, 'settings.json')
    const loaded = await loadSettingsFile(path)
    expect(loaded).toEqual({ settings: defaultSettings(), warnings: [] })
    await expect(fs.access(path)).rejects.toThrow()
  })

  it('loads a partial current file over the defaults', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, JSON.stringify({ version: 1, server: { port: 9999 } }))
    const loaded = await loadSettingsFile(path)
    expect(loaded.warnings).toEqual([])
    expect(loaded.movedAside).toBeUndefined()
    expect(loaded.settings.server.port).toBe(9999)
    expect(loaded.settings.server.host).toBe('127.0.0.1')
  })

  it('moves a file with broken JSON aside, keeps its bytes, and uses the defaults', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, '{ "server": { "port": 1, }')
    const loaded = await loadSettingsFile(path, { now: fixedNow })
    expect(loaded.settings).toEqual(defaultSettings())
    expect(loaded.movedAside).toBe(`${path}.broken-2026-11-23T10-20-30-456Z`)
    expect(await fs.readFile(loaded.movedAside ?? '', 'utf8')).toBe('{ "server": { "port": 1, }')
    await expect(fs.access(path)).rejects.toThrow()
    expect(loaded.warnings).toHaveLength(1)
    expect(loaded.warnings[0]).toContain('not valid JSON')
    expect(loaded.warnings[0]).toContain(loaded.movedAside)
  })

  it('never overwrites an earlier broken copy', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, 'first')
    const one = await loadSettingsFile(path, { now: fixedNow })
    await fs.writeFile(path, 'second')
    const two = await loadSettingsFile(path, { now: fixedNow })
    expect(two.movedAside).not.toBe(one.movedAside)
    expect(await fs.readFile(one.movedAside ?? '', 'utf8')).toBe('first')
    expect(await fs.readFile(two.movedAside ?? '', 'utf8')).toBe('second')
  })

  it('moves invalid content aside with a message that names the field', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, JSON.stringify({ version: 1, server: { prot: 8080 } }))
    const loaded = await loadSettingsFile(path, { now: fixedNow })
    expect(loaded.settings).toEqual(defaultSettings())
    expect(loaded.movedAside).toBeDefined()
    expect(loaded.warnings[0]).toContain('unknown setting server.prot')
  })

  it('moves a file from a newer version aside instead of downgrading it', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, JSON.stringify({ version: 7 }))
    const loaded = await loadSettingsFile(path, { now: fixedNow })
    expect(loaded.movedAside).toBeDefined()
    expect(loaded.warnings[0]).toContain('newer Switchboard (version 7')
    expect(JSON.parse(await fs.readFile(loaded.movedAside ?? '', 'utf8'))).toEqual({ version: 7 })
  })

  it('migrates a legacy file in memory and says so, leaving the file as it was', async () => {
    const path = join(dir, 'settings.json')
    const text = JSON.stringify({ port: 4321, upstreamUrl: 'http://127.0.0.1:1/v1' })
    await fs.writeFile(path, text)
    const loaded = await loadSettingsFile(path)
    expect(loaded.migratedFrom).toBe(0)
    expect(loaded.settings.server.port).toBe(4321)
    expect(loaded.settings.defaultProvider).toBe('upstream')
    expect(loaded.warnings[0]).toContain('version 0')
    expect(await fs.readFile(path, 'utf8')).toBe(text)
  })

  it('accepts a UTF-8 byte-order mark', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, '\uFEFF{"version":1,"server":{"port":1111}}')
    expect((await loadSettingsFile(path)).settings.server.port).toBe(1111)
  })
})

describe('saveSettingsFile', () => {
  it('writes pretty JSON that loads back, mode 0600 in a new 0700 directory', async () => {
    const path = join(dir, 'nested', 'conf', 'settings.json')
    const settings = defaultSettings()
    settings.server.port = 1234
    settings.routing.rules.push({
      match: 'claude-*',
      provider: 'chatgpt',
      model: 'gpt-5.5',
      effort: 'high',
    })
    await saveSettingsFile(path, settings)
    const text = await fs.readFile(path, 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(settings)
    expect((await loadSettingsFile(path)).settings).toEqual(settings)
    if (posix) {
      expect((await fs.stat(path)).mode & 0o777).toBe(0o600)
      expect((await fs.stat(join(dir, 'nested', 'conf'))).mode & 0o777).toBe(0o700)
    }
    expect(await fs.readdir(join(dir, 'nested', 'conf'))).toEqual(['settings.json'])
  })

  it('replaces an existing file and leaves no temp files', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, 'old')
    await saveSettingsFile(path, defaultSettings())
    expect(JSON.parse(await fs.readFile(path, 'utf8'))).toEqual(defaultSettings())
    expect(await fs.readdir(dir)).toEqual(['settings.json'])
  })

  it('refuses invalid settings and leaves the existing file untouched', async () => {
    const path = join(dir, 'settings.json')
    await fs.writeFile(path, 'keep me')
    const bad = defaultSettings()
    bad.server.port = 70000
    await expect(saveSettingsFile(path, bad)).rejects.toThrowError(ConfigError)
    await expect(saveSettingsFile(path, bad)).rejects.toThrowError(
      /server\.port: expected integer ≤ 65535/,
    )
    expect(await fs.readFile(path, 'utf8')).toBe('keep me')
    expect(await fs.readdir(dir)).toEqual(['settings.json'])
  })

  it('cleans up its temp file when the final rename fails', async () => {
    const path = join(dir, 'settings.json')
    await fs.mkdir(path)
    await fs.writeFile(join(path, 'occupant'), 'x')
    await expect(saveSettingsFile(path, defaultSettings())).rejects.toThrow()
    expect(await fs.readdir(dir)).toEqual(['settings.json'])
    expect(await fs.readdir(path)).toEqual(['occupant'])
  })
})

describe('defaultConfigDir', () => {
  const home = '/home/u'
  it('prefers SWITCHBOARD_HOME, then XDG_CONFIG_HOME', () => {
    expect(
      defaultConfigDir({ SWITCHBOARD_HOME: '/x/sb', XDG_CONFIG_HOME: '/x/xdg' }, 'linux', home),
    ).toBe('/x/sb')
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/x/xdg' }, 'darwin', home)).toBe(
      join('/x/xdg', 'switchboard'),
    )
  })
  it('uses each platform’s usual place', () => {
    expect(defaultConfigDir({}, 'linux', home)).toBe(join(home, '.config', 'switchboard'))
    expect(defaultConfigDir({}, 'darwin', home)).toBe(
      join(home, 'Library', 'Application Support', 'Switchboard'),
    )
    expect(defaultConfigDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', home)).toBe(
      join('C:\\Users\\u\\AppData\\Roaming', 'Switchboard'),
    )
  })
})
