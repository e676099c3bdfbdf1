// The electron-store settings adapter: the gateway's migrations and schema, broken documents kept, saves checked twice.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// electron-store imports the real `electron` package, whose index throws without the binary unless it is pointed somewhere.
vi.hoisted(() => {
  process.env['ELECTRON_OVERRIDE_DIST_PATH'] ??= '/nonexistent'
})

import { defaultSettings } from '../../bridge/config/defaults.js'
import { electronSettingsStore } from '../main/settings-store.js'

let dir = ''
const NOW = new Date('2026-01-02T03:04:05.000Z')
const file = () => join(dir, 'settings.json')
const readJson = async (path: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
const open = () => electronSettingsStore({ cwd: dir, now: () => NOW })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-estore-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('electronSettingsStore', () => {
  it('starts from the defaults and saves a private, current-version document', async () => {
    const store = open()
    expect(store.location).toBe(file())
    expect(await store.load()).toEqual({ settings: defaultSettings(), warnings: [] })
    const next = defaultSettings()
    next.server.port = 9100
    await store.save(next)
    expect(await readJson(file())).toEqual(next)
    expect((await stat(file())).mode & 0o777).toBe(0o600)
    expect((await open().load()).settings.server.port).toBe(9100)
  })

  it('migrates a version-0 document and keeps the original next to it', async () => {
    const v0 = {
      port: 9001,
      upstreamUrl: 'https://api.openai.com/v1/chat/completions',
      apiKeyEnv: 'OPENAI_API_KEY',
      modelMap: { 'claude-sonnet-4-5': 'gpt-5.5' },
    }
    await writeFile(file(), JSON.stringify(v0))
    const loaded = await open().load()
    expect(loaded.settings.version).toBe(1)
    expect(loaded.settings.server.port).toBe(9001)
    expect(loaded.settings.defaultProvider).toBe('upstream')
    expect(loaded.settings.providers.find((p) => p.id === 'upstream')).toMatchObject({
      kind: 'openai-chat',
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
    })
    expect(loaded.settings.routing.rules).toEqual([
      { match: 'claude-sonnet-4-5', provider: 'upstream', model: 'gpt-5.5' },
    ])
    expect(loaded.warnings[0]).toMatch(
      /^settings migrated from version 0; the original was kept as .*settings\.json\.v0-2026-01-02T03-04-05-000Z$/,
    )
    expect(await readJson(`${file()}.v0-2026-01-02T03-04-05-000Z`)).toEqual(v0)
    expect(await readJson(file())).toEqual(loaded.settings)
    // A second start finds nothing left to migrate.
    expect((await open().load()).warnings.some((m) => m.includes('migrated'))).toBe(false)
  })

  it('moves unreadable JSON aside, keeps it byte for byte, and uses the defaults', async () => {
    await writeFile(file(), '{"version": 1, "server": ')
    const loaded = await open().load()
    expect(loaded.settings).toEqual(defaultSettings())
    expect(loaded.warnings[0]).toContain('is not valid JSON')
    const kept = `${file()}.broken-2026-01-02T03-04-05-000Z`
    expect(loaded.warnings[0]).toContain(kept)
    expect(await readFile(kept, 'utf8')).toBe('{"version": 1, "server": ')
  })

  it('moves a document that breaks the schema aside rather than losing it', async () => {
    const bad = { ...defaultSettings(), server: { ...defaultSettings().server, port: 'eighty' } }
    await writeFile(file(), JSON.stringify(bad))
    const store = open()
    const loaded = await store.load()
    expect(loaded.settings).toEqual(defaultSettings())
    expect(loaded.warnings[0]).toMatch(
      /could not be used: invalid settings:\n {2}- server\.port: expected integer/,
    )
    expect(await readJson(`${file()}.broken-2026-01-02T03-04-05-000Z`)).toEqual(bad)
    await store.save(defaultSettings())
    expect(await readJson(file())).toEqual(defaultSettings())
  })

  it('never overwrites an earlier broken copy', async () => {
    await writeFile(file(), 'first')
    await open().load()
    await writeFile(file(), 'second')
    await open().load()
    const names = (await readdir(dir)).filter((n) => n.includes('.broken-')).sort()
    expect(names).toEqual([
      'settings.json.broken-2026-01-02T03-04-05-000Z',
      'settings.json.broken-2026-01-02T03-04-05-000Z-1',
    ])
    expect(await readFile(join(dir, names[1] ?? ''), 'utf8')).toBe('second')
  })

  it('completes a partial hand-edited document so the schema-checked store can open it', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, server: { port: 9300 } }))
    const store = open()
    const loaded = await store.load()
    expect(loaded.settings.server).toEqual({ ...defaultSettings().server, port: 9300 })
    expect(store.store?.get('server').port).toBe(9300)
    expect(await readJson(file())).toEqual(loaded.settings)
  })

  it('refuses to save an invalid document and leaves the file alone', async () => {
    const store = open()
    await store.load()
    await store.save(defaultSettings())
    const before = await readFile(file(), 'utf8')
    const bad = defaultSettings()
    bad.defaultProvider = 'nowhere'
    await expect(store.save(bad)).rejects.toThrow(/defaultProvider: no provider with id 'nowhere'/)
    expect(await readFile(file(), 'utf8')).toBe(before)
  })

  it('has electron-store enforce the same JSON Schema on writes', async () => {
    const store = open()
    await store.load()
    expect(() =>
      store.store?.set('server', { ...defaultSettings().server, port: 'x' } as never),
    ).toThrow(/Config schema violation: `server\/port` must be integer/)
  })
})
