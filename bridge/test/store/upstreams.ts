// The four upstream wires a Responses client can reach, each started behind a real gateway for the store tests:
// the chat, responses and anthropic fakes, and the fake ChatGPT backend with a signed-in token.
import { AccountPool, resolveAuthConfig } from '../../auth/index.js'
import { serializeTokens, TOKENS_SECRET } from '../../auth/token-set.js'
import type { ProviderSettings } from '../../config/schema.js'
import { defaultSettings } from '../../config/defaults.js'
import { MemorySecretStore } from '../../secrets/secret-store.js'
import { buildServer } from '../../server.js'
import { ChatgptRuntime } from '../../upstream/chatgpt/runtime.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import {
  DEFAULT_CODEX_ACCOUNT,
  startFakeCodexBackend,
  type FakeCodexBackend,
} from '../fakes/fake-codex-backend.js'
import {
  startFakeAnthropic,
  startFakeChat,
  startFakeResponses,
  type FakeServer,
} from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

export type Wire = 'chat' | 'responses' | 'anthropic' | 'chatgpt'
export const WIRES: readonly Wire[] = ['chat', 'responses', 'anthropic', 'chatgpt']

export interface WireSetup {
  gateway: RunningGateway
  /** What the upstream received, oldest first. */
  upstreamBodies(): unknown[]
  close(): Promise<void>
}

const KINDS: Record<Exclude<Wire, 'chatgpt'>, ProviderSettings['kind']> = {
  chat: 'openai-chat',
  responses: 'openai-responses',
  anthropic: 'anthropic',
}

async function startChatgpt(): Promise<WireSetup> {
  const backend: FakeCodexBackend = await startFakeCodexBackend()
  const settings = defaultSettings()
  const provider = settings.providers.find((p) => p.kind === 'chatgpt')
  if (!provider) throw new Error('no chatgpt provider in the defaults')
  provider.baseUrl = backend.baseUrl
  const secrets = new MemorySecretStore()
  const now = Date.now()
  await secrets.set(
    TOKENS_SECRET,
    serializeTokens({
      id_token: 'id',
      access_token: backend.validToken,
      refresh_token: 'refresh',
      account_id: DEFAULT_CODEX_ACCOUNT,
      expires_at: now + 3_600_000,
      last_refresh: now,
      mode: 'own',
    }),
  )
  const credentials = new AccountPool({ store: secrets, config: resolveAuthConfig({}, {}) })
  const gateway = buildServer({
    settings: () => settings,
    accessKey: () => ACCESS_KEY,
    env: {},
    secrets,
    providers: createProviderRegistry({ chatgpt: new ChatgptRuntime(credentials, {}) }),
  })
  await gateway.app.listen({ host: '127.0.0.1', port: 0 })
  const address = gateway.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const running: RunningGateway = {
    ...gateway,
    settings,
    url: `http://127.0.0.1:${port}`,
    close: () => gateway.app.close(),
  }
  return {
    gateway: running,
    upstreamBodies: () => backend.responseRequests().map((r) => r.body),
    close: async () => {
      await running.close()
      await backend.close()
    },
  }
}

export async function startWire(wire: Wire): Promise<WireSetup> {
  if (wire === 'chatgpt') return startChatgpt()
  const start = {
    chat: startFakeChat,
    responses: startFakeResponses,
    anthropic: startFakeAnthropic,
  }[wire]
  const fake: FakeServer = await start()
  const gateway = await startGateway(settingsFor(KINDS[wire], fake))
  return {
    gateway,
    upstreamBodies: () => fake.requests.map((r) => r.body),
    close: async () => {
      await gateway.close()
      await fake.close()
    },
  }
}
