// Shared set-up for the account-pool e2e tests: accounts signed in against the fake issuer, the fake Codex
// backend serving each with its own usage, and a gateway host whose chatgpt provider uses that pool.
import type { AccountPool } from '../../auth/account-pool.js'
import { tokensFromResponse } from '../../auth/token-set.js'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { ChatgptRuntime } from '../../upstream/chatgpt/runtime.js'
import { createProviderRegistry, type ProviderRegistry } from '../../upstream/registry.js'
import { authHarness, type AuthHarness } from '../auth/auth-harness.js'
import { MemorySettingsStore, memoryKeys } from '../control/host-helpers.js'
import type { FakeUsage } from '../fakes/fake-codex-catalog.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'

export interface PoolAccount {
  email: string
  accountId: string
}

export type AccountSettings = NonNullable<Settings['providers'][number]['accounts']>

/** A plus account's two windows: the 5-hour one at `primary` %, the weekly one at `secondary` %. */
export const fakeUsage = (
  primary: number,
  secondary = 10,
  resetAfterSeconds = 3600,
): FakeUsage => ({
  planType: 'plus',
  primary: { usedPercent: primary, windowMinutes: 300, resetAfterSeconds },
  secondary: { usedPercent: secondary, windowMinutes: 10080, resetAfterSeconds: 400_000 },
})

/** Signs `who` in as a finished login would (added to the pool) and returns its access token. */
export async function signIn(auth: AuthHarness, who: PoolAccount): Promise<string> {
  const minted = await auth.issuer.mint(who)
  const tokens = tokensFromResponse(
    { ...minted, expires_in: 24 * 3600 },
    { ...minted, account_id: null, mode: 'own' },
    Date.now(),
  )
  await auth.pool.add(tokens)
  return minted.access_token
}

/**
 * The fake issuer with `accounts` signed in, in this order, and the fake Codex backend serving each of them (the
 * first as its own account).
 */
export async function startPoolBackend(
  accounts: readonly [PoolAccount, ...PoolAccount[]],
): Promise<{ auth: AuthHarness; backend: FakeCodexBackend }> {
  const auth = await authHarness()
  const [first, ...rest] = accounts
  const backend = await startFakeCodexBackend({
    accountId: first.accountId,
    validToken: await signIn(auth, first),
  })
  for (const who of rest)
    backend.addAccount({ accountId: who.accountId, token: await signIn(auth, who) })
  return { auth, backend }
}

/** Default settings with the chatgpt provider on the fake backend, as the default route. */
export function poolSettings(backend: FakeCodexBackend, accounts?: AccountSettings): Settings {
  const s = defaultSettings()
  s.server.port = 0
  const chatgpt = s.providers.find((p) => p.kind === 'chatgpt')
  if (!chatgpt) throw new Error('no chatgpt provider in the defaults')
  chatgpt.baseUrl = backend.baseUrl
  if (accounts) chatgpt.accounts = accounts
  s.defaultProvider = chatgpt.id
  return s
}

export interface PoolHost {
  host: GatewayHost
  runtime: ChatgptRuntime
  providers: ProviderRegistry
  /** The gateway's origin (http://127.0.0.1:port). */
  url: string
  /** The access key model requests carry. */
  key: string
}

/** A started gateway as after a restart: no usage seen, no conversation known. */
export async function startPoolHost(
  auth: AuthHarness,
  backend: FakeCodexBackend,
  accounts?: AccountSettings,
  pool: AccountPool = auth.pool,
  spy?: (providers: ProviderRegistry) => void,
): Promise<PoolHost> {
  const runtime = new ChatgptRuntime(pool, {})
  const keys = memoryKeys()
  const providers = createProviderRegistry({ chatgpt: runtime })
  spy?.(providers)
  const host = new GatewayHost({
    settingsStore: new MemorySettingsStore(poolSettings(backend, accounts)),
    accessKeys: keys,
    secrets: auth.store,
    env: {},
    providers,
  })
  await host.init()
  const url = (await host.startGateway()).url ?? ''
  return { host, runtime, providers, url, key: keys.key }
}
