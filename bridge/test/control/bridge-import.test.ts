// The UI's codex-chat-bridge import through the one control dispatcher: a preview of the changes, the import
// (validated before it is saved), and the old conf.toml left byte for byte as it was.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runImport } from '../../cli/import-command.js'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import type { BridgeImportOffer } from '../../control/contract/settings-views.js'
import { dispatch } from '../../control/dispatcher.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { MemorySettingsStore, memoryKeys } from './host-helpers.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/legacy/codex-chat-bridge.conf.toml')

/** A throwaway HOME holding codex-chat-bridge's conf.toml where that tool kept it. */
function homeWithConf(text?: string): { home: string; conf: string } {
  const home = mkdtempSync(join(tmpdir(), 'sb-bridge-import-'))
  const dir = join(home, '.config', 'codex-chat-bridge')
  mkdirSync(dir, { recursive: true })
  const conf = join(dir, 'conf.toml')
  if (text === undefined) copyFileSync(FIXTURE, conf)
  else writeFileSync(conf, text)
  return { home, conf }
}

async function hostWith(settings: Settings, bridgeConf: string | undefined) {
  const settingsStore = new MemorySettingsStore(settings)
  const host = new GatewayHost({
    settingsStore,
    accessKeys: memoryKeys(),
    secrets: new MemorySecretStore(),
    env: {},
    ...(bridgeConf === undefined ? {} : { bridgeConf }),
  })
  await host.init()
  return { host, settingsStore }
}

describe('codex-chat-bridge import through the control dispatcher', () => {
  it('previews the changes on first run, imports on request, and never touches the file', async () => {
    const { conf } = homeWithConf()
    const before = { bytes: readFileSync(conf), mtime: statSync(conf).mtimeMs }
    const { host, settingsStore } = await hostWith(defaultSettings(), conf)

    const offered = await dispatch(host, 'bridgeImportOffer', undefined)
    expect(offered.ok).toBe(true)
    const offer = (offered.ok ? offered.value : null) as BridgeImportOffer
    expect(offer).toMatchObject({ source: conf, firstRun: true })
    expect(offer.changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^add provider "cli": openai-chat at http:\/\/127\.0\.0\.1:9\/v1; API key from \$LEGACY_UPSTREAM_KEY; headers /,
        ),
        'default provider: chatgpt → cli',
        'server.httpShutdown: false → true',
        'filters.dropToolTypes: [] → ["web_search","web_search_preview"]',
      ]),
    )
    expect(offer.notes.join('\n')).toMatch(/verbose_logging/)
    expect(settingsStore.saved).toEqual([])

    const imported = await dispatch(host, 'importBridgeSettings', undefined)
    expect(imported.ok).toBe(true)
    expect(settingsStore.saved).toHaveLength(1)
    const saved = settingsStore.saved[0]
    expect(saved?.defaultProvider).toBe('cli')
    expect(saved?.providers.find((p) => p.id === 'cli')).toMatchObject({
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeyEnv: 'LEGACY_UPSTREAM_KEY',
    })
    expect((await host.getSettings()).defaultProvider).toBe('cli')

    // Imported: no longer the first run, and nothing left to change.
    const again = await dispatch(host, 'bridgeImportOffer', {})
    expect(again).toMatchObject({ ok: true, value: { firstRun: false, changes: [] } })
    expect(readFileSync(conf)).toEqual(before.bytes)
    expect(statSync(conf).mtimeMs).toBe(before.mtime)
  })

  it('offers the import on a changed configuration too, but not as the first run', async () => {
    const { conf } = homeWithConf()
    const settings = defaultSettings()
    settings.server.port = 9999
    const { host } = await hostWith(settings, conf)
    const offered = await dispatch(host, 'bridgeImportOffer', null)
    expect(offered).toMatchObject({ ok: true, value: { firstRun: false } })
  })

  it('refuses a file whose settings would not validate, saving nothing', async () => {
    // A non-loopback bind needs an explicit setting: the settings it gives are refused before any save.
    const { conf } = homeWithConf('host = "0.0.0.0"\nport = 9000\n')
    const { host, settingsStore } = await hostWith(defaultSettings(), conf)
    const offered = await dispatch(host, 'bridgeImportOffer', undefined)
    expect(offered).toMatchObject({
      ok: true,
      value: { changes: [], problem: expect.stringMatching(/0\.0\.0\.0/) },
    })
    const imported = await dispatch(host, 'importBridgeSettings', undefined)
    expect(imported.ok).toBe(false)
    if (!imported.ok) expect(imported.error.message).toMatch(/0\.0\.0\.0/)
    expect(settingsStore.saved).toEqual([])
  })

  it('names the file and the field of a conf.toml that does not parse', async () => {
    const { conf } = homeWithConf('upstream_url = "ftp://x/v1"\n')
    const { host } = await hostWith(defaultSettings(), conf)
    const offered = await dispatch(host, 'bridgeImportOffer', undefined)
    expect(offered).toMatchObject({
      ok: true,
      value: { problem: expect.stringMatching(/conf\.toml: upstream_url must use http or https/) },
    })
  })

  it('has nothing to offer without the file, and says so on an import', async () => {
    const { host } = await hostWith(defaultSettings(), undefined)
    expect(await dispatch(host, 'bridgeImportOffer', undefined)).toEqual({ ok: true, value: null })
    const { host: missing } = await hostWith(defaultSettings(), '/nonexistent/conf.toml')
    expect(await dispatch(missing, 'bridgeImportOffer', undefined)).toEqual({
      ok: true,
      value: null,
    })
    const imported = await dispatch(missing, 'importBridgeSettings', undefined)
    expect(imported).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('takes no argument', async () => {
    const { conf } = homeWithConf()
    const { host, settingsStore } = await hostWith(defaultSettings(), conf)
    const result = await dispatch(host, 'importBridgeSettings', { source: '/etc/passwd' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(settingsStore.saved).toEqual([])
  })
})

describe('switchboard import', () => {
  it('copies the HOME default conf.toml into the settings file, the old file unchanged', async () => {
    const { home, conf } = homeWithConf()
    const before = readFileSync(conf)
    const target = join(home, 'settings.json')
    const out = vi.spyOn(process.stdout, 'write').mockReturnValue(true)
    try {
      expect(await runImport(['--config', target], { HOME: home })).toBe(0)
    } finally {
      out.mockRestore()
    }
    const saved = JSON.parse(readFileSync(target, 'utf8')) as Settings
    expect(saved.defaultProvider).toBe('cli')
    expect(saved.server.httpShutdown).toBe(true)
    expect(readFileSync(conf)).toEqual(before)
  })
})
