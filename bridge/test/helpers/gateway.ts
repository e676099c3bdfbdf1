// Starts a real gateway on 127.0.0.1:0 in front of one fake upstream, for end-to-end tests.
import type { ProviderSettings, Settings } from '../../config/schema.js'
import { defaultSettings } from '../../config/defaults.js'
import { buildServer, type Gateway } from '../../server.js'
import type { ProviderRegistry } from '../../upstream/registry.js'
import type { FakeServer } from '../fakes/index.js'

export const ACCESS_KEY = 'sb-test-access-key-0123456789'

export interface RunningGateway extends Gateway {
  url: string
  settings: Settings
  close(): Promise<void>
}

export function settingsFor(
  kind: ProviderSettings['kind'],
  fake: FakeServer,
  patch: (s: Settings) => void = () => {},
): Settings {
  const settings = defaultSettings()
  settings.providers.push({ id: 'up', kind, baseUrl: fake.url, apiKeyEnv: 'FAKE_UPSTREAM_KEY' })
  settings.defaultProvider = 'up'
  patch(settings)
  return settings
}

/** `providers` when the test brings a provider's runtime (the Codex CLI's, ChatGPT's); the plain HTTP kinds else. */
export async function startGateway(
  settings: Settings,
  env: NodeJS.ProcessEnv = {},
  providers?: ProviderRegistry,
): Promise<RunningGateway> {
  const gateway = buildServer({
    settings: () => settings,
    accessKey: () => ACCESS_KEY,
    env: { FAKE_UPSTREAM_KEY: 'sk-fake-upstream-key', ...env },
    ...(providers ? { providers } : {}),
  })
  await gateway.app.listen({ host: '127.0.0.1', port: 0 })
  const address = gateway.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { ...gateway, settings, url: `http://127.0.0.1:${port}`, close: () => gateway.app.close() }
}
