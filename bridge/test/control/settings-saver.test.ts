// The settings saver on its own: validated before written, one save at a time (a slow disk that finishes
// earlier writes last must still end holding the last document), edits never lost between saves.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { ConfigError } from '../../config/errors.js'
import type { Settings } from '../../config/schema.js'
import type { LoadedSettings } from '../../config/settings-file.js'
import type { SettingsStore } from '../../control/host-types.js'
import { SettingsSaver } from '../../control/settings-saver.js'

/** Each write takes longer than the one after it, so unserialised writes land in reverse order. */
class SlowStore implements SettingsStore {
  readonly location = 'slow memory'
  onDisk: Settings | undefined
  writes = 0
  async load(): Promise<LoadedSettings> {
    return { settings: defaultSettings(), warnings: [] }
  }
  async save(settings: Settings): Promise<void> {
    const copy = structuredClone(settings)
    const delay = Math.max(0, 40 - this.writes++)
    await new Promise((resolve) => setTimeout(resolve, delay))
    this.onDisk = copy
  }
}

function saverOver(store: SettingsStore, overlay?: (s: Settings) => Settings): SettingsSaver {
  const saver = new SettingsSaver({ store, ...(overlay ? { overlay } : {}) })
  saver.adopt(defaultSettings())
  return saver
}

describe('settings saver', () => {
  it('30 concurrent saves end with memory and disk holding the last one asked for', async () => {
    const store = new SlowStore()
    const saver = saverOver(store)
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const next = defaultSettings()
        next.log.maxEntries = 100 + i
        return saver.save(next)
      }),
    )
    expect(results.map((r) => r.settings.log.maxEntries)).toEqual(
      Array.from({ length: 30 }, (_, i) => 100 + i),
    )
    expect(store.onDisk?.log.maxEntries).toBe(129)
    expect(saver.stored.log.maxEntries).toBe(129)
  })

  it('concurrent edits each see the previous save: none is lost', async () => {
    const store = new SlowStore()
    const saver = saverOver(store)
    await Promise.all(
      Array.from({ length: 20 }, () =>
        saver.update(async (copy) => {
          copy.log.maxEntries += 1
        }),
      ),
    )
    const start = defaultSettings().log.maxEntries
    expect(store.onDisk?.log.maxEntries).toBe(start + 20)
    expect(saver.stored.log.maxEntries).toBe(start + 20)
  })

  it('writes nothing when the document or the overlay on top refuses it, and the next save still runs', async () => {
    const store = new SlowStore()
    const saver = saverOver(store, (s) => {
      if (s.server.host !== '127.0.0.1')
        throw new ConfigError('Refused', ['server.host: a non-loopback bind needs --allow-remote'])
      return s
    })
    const bad = defaultSettings()
    ;(bad.server as { port: unknown }).port = 'x'
    await expect(saver.save(bad)).rejects.toMatchObject({ code: 'invalid_settings' })
    const remote = defaultSettings()
    remote.server.host = '0.0.0.0'
    await expect(saver.save(remote)).rejects.toMatchObject({
      code: 'invalid_settings',
      field: 'server.host',
    })
    expect(store.writes).toBe(0)
    expect(saver.stored.server.host).toBe('127.0.0.1')

    const good = defaultSettings()
    good.log.maxEntries = 77
    await saver.save(good)
    expect(store.onDisk?.log.maxEntries).toBe(77)
  })
})
