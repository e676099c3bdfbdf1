// A GatewayHost stand-in for IPC and tray tests: every contract method is a vi.fn, events are emitted by hand.
import { vi, type Mock } from 'vitest'
import { defaultSettings } from '../../bridge/config/defaults.js'
import type { Settings } from '../../bridge/config/schema.js'
import type { ControlApi, ControlEvent } from '../../bridge/control/contract.js'
import type { WatchedEvent } from '../../bridge/control/control-events.js'
import type { AuthStatus } from '../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import type { Snippet } from '../../bridge/control/contract/settings-views.js'

type Mocked<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : T[K]
}

export const STOPPED: GatewayStatus = {
  state: 'stopped',
  host: '127.0.0.1',
  port: 8787,
  version: '0.1.0',
  accessKey: 'sb-key',
  notices: [],
}
export const RUNNING: GatewayStatus = { ...STOPPED, state: 'running', url: 'http://127.0.0.1:8787' }
export const SIGNED_OUT: AuthStatus = { signedIn: false, state: 'signed-out' }

export type FakeHost = Mocked<ControlApi> & {
  settings: Settings
  subscribe(listener: (event: ControlEvent) => void): () => void
  watch(types: readonly WatchedEvent[], listener: (event: ControlEvent) => void): () => void
  emit(event: ControlEvent): void
  listenerCount(): number
}

export function fakeHost(): FakeHost {
  const listeners = new Set<(event: ControlEvent) => void>()
  const snippets: Snippet[] = [
    {
      id: 'claude',
      title: 'Claude Code',
      language: 'sh',
      text: 'export ANTHROPIC_BASE_URL=http://127.0.0.1:8787',
    },
    { id: 'codex', title: 'Codex CLI', language: 'toml', text: 'model_provider = "switchboard"' },
    {
      id: 'openai',
      title: 'OpenAI-compatible tools',
      language: 'sh',
      text: 'export OPENAI_BASE_URL=http://127.0.0.1:8787/v1',
    },
  ]
  const api: Mocked<ControlApi> = {
    getSettings: vi.fn(async () => defaultSettings()),
    updateSettings: vi.fn(async (settings: Settings) => ({ settings, warnings: [] })),
    gatewayStatus: vi.fn(async () => STOPPED),
    startGateway: vi.fn(async () => RUNNING),
    stopGateway: vi.fn(async () => STOPPED),
    regenerateAccessKey: vi.fn(async () => STOPPED),
    authStatus: vi.fn(async () => SIGNED_OUT),
    signIn: vi.fn(async () => ({
      method: 'browser' as const,
      authorizeUrl: 'https://auth.example/authorize',
    })),
    cancelSignIn: vi.fn(async () => undefined),
    signOut: vi.fn(async () => SIGNED_OUT),
    importCodexLogin: vi.fn(async () => SIGNED_OUT),
    logSnapshot: vi.fn(async () => []),
    logEntry: vi.fn(async () => null),
    logSearch: vi.fn(async () => []),
    logExport: vi.fn(async () => []),
    clearLog: vi.fn(async () => undefined),
    snippets: vi.fn(async () => snippets),
    explainRoute: vi.fn(async ({ model }: { model: string }) => ({ model, ok: false, rules: [] })),
    testProvider: vi.fn(async () => ({ ok: true, latencyMs: 1, message: 'ok' })),
    setProviderKey: vi.fn(async ({ id }: { id: string; key: string }) => ({
      secretName: `provider:${id}`,
    })),
    usageHistory: vi.fn(async () => ({ available: false, rows: [], spend: [] })),
    bridgeImportOffer: vi.fn(async () => null),
    importBridgeSettings: vi.fn(async () => ({ settings: defaultSettings(), warnings: [] })),
    proxyTokensOffer: vi.fn(async () => null),
    importProxyTokens: vi.fn(async () => SIGNED_OUT),
  }
  return {
    ...api,
    settings: defaultSettings(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    watch(types, listener) {
      const filtered = (event: ControlEvent): void => {
        if ((types as readonly string[]).includes(event.type)) listener(event)
      }
      listeners.add(filtered)
      return () => listeners.delete(filtered)
    },
    emit(event) {
      for (const l of listeners) l(event)
    },
    listenerCount: () => listeners.size,
  }
}
