// The one composition root as each front end uses it: settings loaded once with every warning reported,
// the environment overlay and the usage file for every front end, no keychain, validate-before-save and
// serialised saves against a real settings file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { ConfigError } from '../../config/errors.js'
import type { Settings } from '../../config/schema.js'
import { ControlFailure } from '../../control/control-failure.js'
import { fileSettingsStore } from '../../control/file-stores.js'
import { createHost, type BuiltHost, type CreateHostOptions } from '../../host/create-host.js'
import { readUsage, USAGE_FILE } from '../../host/usage-file.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'

let dir = ''
let built: BuiltHost | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-host-'))
})
afterEach(async () => {
  await built?.host.close()
  built = undefined
  await rm(dir, { recursive: true, force: true })
})

const path = (): string => join(dir, 'settings.json')

async function start(
  extra: Partial<CreateHostOptions> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<BuiltHost> {
  built = await createHost({
    env,
    configDir: dir,
    settingsStore: fileSettingsStore(path()),
    openSecrets: async () => new MemorySecretStore(),
    ...extra,
  })
  return built
}

async function onDisk(): Promise<Settings> {
  return JSON.parse(await readFile(path(), 'utf8')) as Settings
}

describe('settings are loaded once', () => {
  it('a broken file is kept aside and the warning names the field and where it was kept', async () => {
    await writeFile(path(), JSON.stringify({ server: { port: 'x' } }))
    const store = fileSettingsStore(path())
    const load = vi.spyOn(store, 'load')
    const { host, notices } = await start({ settingsStore: store })
    expect(load).toHaveBeenCalledTimes(1)
    const kept = (await readdir(dir)).find((n) => n.startsWith('settings.json.broken-'))
    expect(kept).toBeDefined()
    const reset = notices.find((n) => n.code === 'settings-reset')
    expect(reset).toMatchObject({
      level: 'warning',
      fields: ['server.port'],
      keptAs: join(dir, kept ?? ''),
    })
    expect(reset?.message).toContain('server.port')
    expect(reset?.message).toContain(join(dir, kept ?? ''))
    // The UI reads the same notice from the status.
    expect((await host.gatewayStatus()).notices).toContainEqual(reset)
    expect(host.settings.server.port).toBe(defaultSettings().server.port)
  })

  it('a good file gives no notices', async () => {
    await writeFile(path(), JSON.stringify(defaultSettings()))
    const { notices } = await start()
    expect(notices.filter((n) => n.level === 'warning')).toEqual([])
  })
})

describe('the environment overlay applies to every front end', () => {
  it('ANTHROPIC_DEFAULT_*_MODEL, PASSTHROUGH_MODE and PROXY_API_KEY without any flags', async () => {
    const { host, notices } = await start(
      {},
      {
        ANTHROPIC_DEFAULT_HAIKU_MODEL: 'gpt-5.6-mini',
        PASSTHROUGH_MODE: 'false',
        PROXY_API_KEY: 'sb-from-env-0001',
      },
    )
    expect(host.settings.routing.families.haiku).toBe('gpt-5.6-mini')
    expect(host.settings.routing.passthrough).toBe(false)
    expect(host.accessKey).toBe('sb-from-env-0001')
    expect(
      notices.some(
        (n) => n.code === 'overlay' && n.message.includes('ANTHROPIC_DEFAULT_HAIKU_MODEL'),
      ),
    ).toBe(true)
    // The overlay is never saved.
    await host.updateSettings(await host.getSettings())
    expect((await onDisk()).routing.families.haiku).toBeUndefined()
  })

  it('leaves PORT and HOST to serve: a desktop session exporting HOST=<machine name> still starts the tray', async () => {
    const tray = await start({}, { HOST: 'workstation', PORT: '1' })
    expect(tray.host.settings.server.host).toBe('127.0.0.1')
    expect(tray.host.settings.server.port).toBe(defaultSettings().server.port)
    await tray.host.close()
    const serve = await start({ flags: { upstreamHeaders: {} } }, { PORT: '18401' })
    expect(serve.host.settings.server.port).toBe(18401)
  })
})

describe('the usage file', () => {
  it('is written beside the settings whichever front end runs', async () => {
    const { chatgpt } = await start()
    const at = new Date('2026-12-01T00:00:00Z')
    chatgpt.usage.record(
      {
        primary: { label: '5h', usedPercent: 42, windowMinutes: 300, resetsAt: at },
        updatedAt: at,
      },
      'acc-1',
    )
    chatgpt.usage.markLimited('acc-2', at.getTime())
    await vi.waitFor(async () =>
      expect(JSON.parse(await readFile(join(dir, USAGE_FILE), 'utf8'))).toMatchObject({
        version: 2,
        accounts: {
          'acc-1': { primary: { usedPercent: 42, resetsAt: at.getTime() } },
          'acc-2': { limitedUntil: at.getTime() },
        },
      }),
    )
    await built?.host.close()
    // A restarted gateway still knows each account's usage and how long one is limited.
    const again = await start()
    expect(again.chatgpt.usage.latest('acc-1')?.fiveHour?.usedPercent).toBe(42)
    expect(again.chatgpt.usage.limitedUntil('acc-2')).toBe(at.getTime())
  })

  it('holds the figures recorded right before close once close resolves', async () => {
    const { chatgpt, host } = await start()
    const at = new Date('2026-12-01T00:00:00Z')
    // Two updates: the second waits behind the first write, as on a busy gateway quitting.
    chatgpt.usage.markLimited('acc-1', at.getTime())
    chatgpt.usage.record(
      {
        primary: { label: '5h', usedPercent: 77, windowMinutes: 300, resetsAt: at },
        updatedAt: at,
      },
      'acc-2',
    )
    await host.close()
    built = undefined
    expect(await readUsage(dir)).toMatchObject({
      'acc-1': { limitedUntil: at.getTime() },
      'acc-2': { primary: { usedPercent: 77 } },
    })
  })

  it('from before the account pool is still read', async () => {
    await writeFile(
      join(dir, USAGE_FILE),
      JSON.stringify({
        primary: { usedPercent: 7, windowMinutes: 300, resetsAt: '2026-12-01T00:00:00.000Z' },
        updatedAt: '2026-11-30T23:00:00.000Z',
      }),
    )
    expect(await readUsage(dir)).toMatchObject({
      '': { primary: { usedPercent: 7, resetsAt: Date.parse('2026-12-01T00:00:00Z') } },
    })
  })
})

describe('no keychain', () => {
  it('runs with secrets in memory and says so', async () => {
    const { notices } = await start({
      openSecrets: async () => {
        throw new ConfigError('No keychain is available (no D-Bus). Run with --secret-store file')
      },
    })
    expect(notices).toContainEqual(
      expect.objectContaining({ level: 'warning', code: 'secrets-unavailable' }),
    )
  })
})

describe('validate before saving', () => {
  it('refuses server.host 0.0.0.0 without allowNonLoopback and writes nothing', async () => {
    await writeFile(path(), JSON.stringify(defaultSettings()))
    const { host } = await start()
    const before = await readFile(path(), 'utf8')
    const next = await host.getSettings()
    next.server.host = '0.0.0.0'
    const error = (await host.updateSettings(next).catch((e: unknown) => e)) as ControlFailure
    expect(error).toBeInstanceOf(ControlFailure)
    expect(error.code).toBe('invalid_settings')
    expect(error.field).toBe('server.host')
    expect(await readFile(path(), 'utf8')).toBe(before)
    expect((await host.getSettings()).server.host).toBe('127.0.0.1')
  })

  it('refuses a header name with a space, naming the header', async () => {
    await writeFile(path(), JSON.stringify(defaultSettings()))
    const { host } = await start()
    const before = await readFile(path(), 'utf8')
    const next = await host.getSettings()
    next.providers.push({
      id: 'up',
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:1/v1',
      headers: { 'X Bad': 'v' },
    })
    const error = (await host.updateSettings(next).catch((e: unknown) => e)) as ControlFailure
    expect(error.code).toBe('invalid_settings')
    expect(error.field).toBe('providers[1].headers["X Bad"]')
    next.providers[1] = {
      id: 'up',
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:1/v1',
      headers: { 'X-Ok': 'line\r\nX-Injected: 1' },
    }
    expect(
      ((await host.updateSettings(next).catch((e: unknown) => e)) as ControlFailure).code,
    ).toBe('invalid_settings')
    expect(await readFile(path(), 'utf8')).toBe(before)
  })
})

describe('saves are serialised', () => {
  it('30 concurrent updates leave memory and disk holding the same document, in call order', async () => {
    const { host } = await start()
    for (let round = 0; round < 5; round++) {
      const base = await host.getSettings()
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const next = structuredClone(base)
          next.log.maxEntries = 100 + round * 100 + i
          return host.updateSettings(next)
        }),
      )
      expect(results.at(-1)?.settings.log.maxEntries).toBe(129 + round * 100)
      expect((await onDisk()).log.maxEntries).toBe(129 + round * 100)
      expect((await host.getSettings()).log.maxEntries).toBe(129 + round * 100)
    }
  })
})
