// A GatewayHost over in-memory stores, for control tests.
import type { Settings } from '../../config/schema.js'
import type { LoadedSettings } from '../../config/settings-file.js'
import { GatewayHost, type HostOptions } from '../../control/gateway-host.js'
import type { AccessKeyStore, SettingsStore } from '../../control/host-types.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'

export class MemorySettingsStore implements SettingsStore {
  readonly location = 'memory'
  saved: Settings[] = []
  constructor(private current: Settings) {}
  async load(): Promise<LoadedSettings> {
    return { settings: structuredClone(this.current), warnings: [] }
  }
  async save(settings: Settings) {
    this.current = structuredClone(settings)
    this.saved.push(structuredClone(settings))
  }
}

export function memoryKeys(initial = 'sb-control-test-key-0001'): AccessKeyStore & { key: string } {
  const store = {
    key: initial,
    async get() {
      return store.key
    },
    async regenerate() {
      store.key = `sb-regenerated-${Date.now()}`
      return store.key
    },
  }
  return store
}

/** Listens on a free port unless the settings name one (never the default 8787, which may be taken). */
export async function startHost(settings: Settings, extra: Partial<HostOptions> = {}) {
  if (settings.server.port === 8787) settings.server.port = 0
  const settingsStore = new MemorySettingsStore(settings)
  const keys = memoryKeys()
  const secrets = new MemorySecretStore()
  const host = new GatewayHost({
    settingsStore,
    accessKeys: keys,
    secrets,
    env: { FAKE_UPSTREAM_KEY: 'sk-fake-upstream-key' },
    ...extra,
  })
  await host.init()
  const status = await host.startGateway()
  if (status.state !== 'running' || !status.url)
    throw new Error(`host did not start: ${status.error}`)
  return { host, url: status.url, settingsStore, keys, secrets }
}
