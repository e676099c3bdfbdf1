// The control contract's method table: every call the UI can make of the gateway host, the live events it
// hears, and the client the renderer programs against (served over IPC in Electron and over HTTP headless).
// Pure types and constants only, like the views it names in contract/ — the renderer imports these files.
import type { Settings } from '../config/schema.js'
import type { AuthStatus, ProxyTokensOffer, SignInStart } from './contract/accounts.js'
import type { ExchangeEntry, ExchangeSummary, LoggedFrame } from './contract/exchange.js'
import type { GatewayStatus } from './contract/gateway-status.js'
import type {
  BridgeImportOffer,
  ProviderTestResult,
  RouteExplanationView,
  Snippet,
} from './contract/settings-views.js'
import type { UsageHistory } from './contract/usage-history.js'

export type ControlEvent =
  | { type: 'log:appended'; entry: ExchangeSummary }
  | { type: 'log:updated'; entry: ExchangeSummary }
  /** Frames recorded together (one upstream read, one client write), in order. */
  | { type: 'log:frames'; id: string; frames: LoggedFrame[] }
  | { type: 'log:cleared' }
  | { type: 'gateway:status'; status: GatewayStatus }
  | { type: 'auth:status'; status: AuthStatus }
  | { type: 'settings:changed'; settings: Settings }

/** Every call the UI can make. Each takes one JSON argument (or none) and returns JSON. */
export interface ControlApi {
  getSettings(): Promise<Settings>
  /** Replaces the settings document; validated, saved atomically, applied without a restart. */
  updateSettings(settings: Settings): Promise<{ settings: Settings; warnings: string[] }>
  gatewayStatus(): Promise<GatewayStatus>
  startGateway(): Promise<GatewayStatus>
  stopGateway(): Promise<GatewayStatus>
  regenerateAccessKey(): Promise<GatewayStatus>
  authStatus(): Promise<AuthStatus>
  signIn(args: { method: 'browser' | 'device' }): Promise<SignInStart>
  cancelSignIn(): Promise<void>
  /** Signs one ChatGPT account out (by email or id), or every account without `account`. */
  signOut(args?: { account?: string }): Promise<AuthStatus>
  importCodexLogin(): Promise<AuthStatus>
  logSnapshot(): Promise<ExchangeSummary[]>
  logEntry(args: { id: string }): Promise<ExchangeEntry | null>
  /** Ids of the exchanges whose bodies, frames, headers, notes or error contain `text` (case-insensitive), newest last. */
  logSearch(args: { text: string }): Promise<string[]>
  /** Every exchange with its bodies, frames and headers (redacted), for Export. */
  logExport(): Promise<ExchangeEntry[]>
  clearLog(): Promise<void>
  snippets(): Promise<Snippet[]>
  explainRoute(args: { model: string }): Promise<RouteExplanationView>
  testProvider(args: { id: string }): Promise<ProviderTestResult>
  /** Stores an upstream API key in the keychain under the provider; the key never comes back. */
  setProviderKey(args: { id: string; key: string }): Promise<{ secretName: string }>
  /** Token history of the last `days` days (default 30) and each provider's spend against its caps. */
  usageHistory(args?: { days?: number }): Promise<UsageHistory>
  /** null when there is no codex-chat-bridge conf.toml to offer. */
  bridgeImportOffer(): Promise<BridgeImportOffer | null>
  /** Imports that file into the saved settings, validated like every save; the file is not changed. */
  importBridgeSettings(): Promise<{ settings: Settings; warnings: string[] }>
  /** null when there is no chatgpt-codex-proxy tokens.json to offer. */
  proxyTokensOffer(): Promise<ProxyTokensOffer | null>
  /** Adds its sign-in to the account pool (keychain); deletes the plain file only with `deleteFile`. */
  importProxyTokens(args: { deleteFile: boolean }): Promise<AuthStatus>
}

export type ControlMethod = keyof ControlApi

export const CONTROL_METHODS: readonly ControlMethod[] = [
  'getSettings',
  'updateSettings',
  'gatewayStatus',
  'startGateway',
  'stopGateway',
  'regenerateAccessKey',
  'authStatus',
  'signIn',
  'cancelSignIn',
  'signOut',
  'importCodexLogin',
  'logSnapshot',
  'logEntry',
  'logSearch',
  'logExport',
  'clearLog',
  'snippets',
  'explainRoute',
  'testProvider',
  'setProviderKey',
  'usageHistory',
  'bridgeImportOffer',
  'importBridgeSettings',
  'proxyTokensOffer',
  'importProxyTokens',
]

/** The client side of the contract plus the live event stream: what the renderer programs against. */
export interface ControlClient extends ControlApi {
  /**
   * `onOpen` runs each time the event stream is (re)connected: state read from then on cannot miss an event,
   * so views load their snapshot there (and again after a reconnect, for what happened while it was down).
   */
  subscribe(listener: (event: ControlEvent) => void, onOpen?: () => void): () => void
}
