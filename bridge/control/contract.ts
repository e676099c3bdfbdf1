// The one typed contract between the UI and the gateway host: served over IPC in Electron and over HTTP by
// the headless gateway. Pure types and constants only — the renderer imports this file.
import type { Settings } from '../config/schema.js'

export type DialectId = 'anthropic-messages' | 'openai-responses' | 'openai-chat'

export interface UsageNumbers {
  inputTokens: number
  cachedInputTokens: number
  cacheWriteTokens: number
  outputTokens: number
  reasoningTokens: number
}

export interface LoggedFrame {
  /** Milliseconds since the exchange started. */
  t: number
  side: 'upstream' | 'client'
  /** The frame's event type (`message_start`, `response.output_text.delta`, `chat.completion.chunk`), when it has one. */
  event?: string
  /** Size of the frame's text. */
  bytes: number
  /** The frame's text; absent when body capture is off (then only the metadata above is kept). */
  data?: string
}

/** When each step of an exchange happened, in milliseconds since the request was received. */
export interface ExchangeTiming {
  /** The upstream request went out (on a fresh or reused connection). */
  upstreamSentMs?: number
  /** The connection to the upstream was open (at once for a reused keep-alive connection). */
  upstreamConnectedMs?: number
  /** The upstream's response headers arrived. */
  upstreamHeadersMs?: number
  upstreamFirstByteMs?: number
  clientFirstByteMs?: number
  /** The last frame either way. */
  lastByteMs?: number
}

/** A provider the request went past: every account limited, or its spending cap reached. */
export interface SkippedProvider {
  provider: string
  reason: 'usage_limit' | 'spend_cap'
  message: string
  /** Accounts tried on that provider, when it has several. */
  tried?: string[]
}

/** One request through the gateway, as the live log shows it. Bodies and frames are redacted. */
export interface ExchangeEntry {
  id: string
  startedAt: number
  method: string
  path: string
  clientDialect?: DialectId
  requestedModel?: string
  routedModel?: string
  /** The provider that served (after any fallback). */
  provider?: string
  /** The upstream account that served the request (the ChatGPT account's email, else its id), when the provider has accounts. */
  account?: string
  /** The accounts tried before one served (or all of them, when none could), emails where known. */
  accountsTried?: string[]
  /** Providers skipped before `provider` served (or before the request failed), in order. */
  fallback?: SkippedProvider[]
  upstreamDialect?: DialectId
  upstreamUrl?: string
  route?: string
  stream: boolean
  passthrough?: boolean
  /** The answer called a tool (seen in the upstream frames). */
  toolCall?: boolean
  status?: number
  ttfbMs?: number
  durationMs?: number
  usage?: UsageNumbers
  notes: string[]
  error?: string
  state: 'active' | 'done' | 'error'
  requestHeaders?: Record<string, string>
  /** Headers sent to the upstream (credentials redacted). */
  upstreamRequestHeaders?: Record<string, string>
  /** Headers the upstream answered with (rate limits, retry-after, request ids). */
  upstreamResponseHeaders?: Record<string, string>
  timing?: ExchangeTiming
  clientRequest?: string
  upstreamRequest?: string
  clientResponse?: string
  frames: LoggedFrame[]
  frameBytes: number
  framesDropped: number
}

/** The log list row: everything but frames and bodies, so snapshots stay small. */
export type ExchangeSummary = Omit<
  ExchangeEntry,
  | 'frames'
  | 'clientRequest'
  | 'upstreamRequest'
  | 'clientResponse'
  | 'requestHeaders'
  | 'upstreamRequestHeaders'
  | 'upstreamResponseHeaders'
> & {
  frameCount: number
}

/**
 * Something the user must hear about from the start of the host: a settings file that could not be used (and
 * where it was kept), a migration, a keychain that is missing. Printed by `serve`, a notification in the tray,
 * a banner in the UI.
 */
export interface HostNotice {
  level: 'info' | 'warning'
  code:
    | 'settings-reset'
    | 'settings-migrated'
    | 'settings-warning'
    | 'secrets-unavailable'
    | 'secrets-in-file'
    | 'overlay'
    | 'import-offer'
    | 'response-store'
    | 'usage-history'
  message: string
  /** The settings fields concerned, as `server.port` or `providers[0].headers`. */
  fields?: string[]
  /** Where the broken or migrated settings document was kept. */
  keptAs?: string
}

/** codex-chat-bridge's conf.toml, found where that tool kept it, and what importing it would change. */
export interface BridgeImportOffer {
  /** The file (only ever read). */
  source: string
  /** The settings are still Switchboard's defaults: the offer is shown first. */
  firstRun: boolean
  /** Each change to the saved settings, in words. */
  changes: string[]
  /** What the file says that Switchboard reads differently or not at all. */
  notes: string[]
  /** Why the file cannot be imported (it does not parse, a field is wrong); nothing to import then. */
  problem?: string
}

/** chatgpt-codex-proxy's tokens.json (plain text), found where that tool kept it, offered for import. */
export interface ProxyTokensOffer {
  /** The file. */
  path: string
  /** Whose sign-in it holds, when the tokens say. */
  email?: string
  accountId?: string
  /** Why it cannot be imported (unreadable, not JSON, no tokens). */
  problem?: string
}

export interface GatewayStatus {
  state: 'running' | 'stopped' | 'starting' | 'error'
  url?: string
  host: string
  port: number
  error?: string
  version: string
  /** The access key, for snippets and the copy button; the UI shows it masked. */
  accessKey: string
  /** What the host found when it started (see HostNotice); the same list for the whole run. */
  notices: HostNotice[]
  /** Set while requests go past a provider that cannot serve; cleared when it serves again. */
  fallback?: FallbackState
}

/** A provider that could not serve the last request meant for it, and who served instead. */
export interface FallbackState {
  provider: string
  reason: SkippedProvider['reason']
  message: string
  /** The provider that answered instead; absent when no fallback could serve either. */
  servedBy?: string
  /** ISO time of the first request that went past it. */
  since: string
}

export interface UsageWindow {
  usedPercent: number
  windowMinutes?: number
  resetsAt?: string
}

/** ChatGPT usage: `primary` is the 5-hour window, `secondary` the weekly one. */
export interface UsageWindows {
  primary?: UsageWindow
  secondary?: UsageWindow
  updatedAt?: string
}

/** One window of an account's usage, with the burn-rate forecast once there are readings to go by. */
export interface AccountUsageWindow {
  usedPercent: number
  windowMinutes?: number
  resetsAt?: string
  /** At the recent rate the window reaches 100% at this time (before its reset); absent when it lasts. */
  runsOutAt?: string
  /** Percentage points used per hour recently. */
  percentPerHour?: number
}

/** One ChatGPT account of the pool, as `switchboard accounts --json`, the UI and the tray show it. */
export interface AccountView {
  /** The ChatGPT account id. */
  id: string
  email: string | null
  plan: string | null
  state: 'ready' | 'limited' | 'needs sign-in'
  /** When a limited account serves again. */
  limitedUntil?: string
  /** `own` sign-in or the shared Codex CLI login. */
  mode?: string
  /** `primary` is the 5-hour window, `secondary` the weekly one; present once a response reported them. */
  usage?: { primary?: AccountUsageWindow; secondary?: AccountUsageWindow; updatedAt?: string }
  /** Why it needs sign-in, or how it is kept. */
  message?: string
}

export interface AuthStatus {
  signedIn: boolean
  state: string
  email?: string
  plan?: string
  accountId?: string
  expiresAt?: string
  /** How an imported Codex CLI login is kept, when one was imported. */
  mode?: string
  message?: string
  usage?: UsageWindows
  /** Every signed-in account in serving order (the fields above describe the first). */
  accounts?: AccountView[]
}

export type SignInStart =
  | { method: 'browser'; authorizeUrl: string }
  | { method: 'device'; verificationUrl: string; userCode: string; expiresAt: string }

export interface RouteExplanationView {
  model: string
  ok: boolean
  providerId?: string
  upstreamModel?: string
  effort?: string
  matched?: string
  message?: string
  rules: {
    index: number
    match: string
    provider: string
    model?: string
    status: 'matched' | 'no-match' | 'not-reached'
  }[]
}

/** One row of the usage history: a day × upstream model × provider × account; input includes cached input. */
export interface UsageRow {
  day: string
  model: string
  provider: string
  account: string
  inputTokens: number
  cachedInputTokens: number
  outputTokens: number
  reasoningTokens: number
}

/** What a provider has cost today and this month (from the history and its prices), against its caps. */
export interface ProviderSpend {
  provider: string
  todayUsd: number
  monthUsd: number
  dailyCapUsd?: number
  monthlyCapUsd?: number
  /** Models whose tokens had no price (counted as free). */
  unpriced: string[]
}

export interface UsageHistory {
  /** False when no history is kept (no config directory, or the database could not be opened). */
  available: boolean
  rows: UsageRow[]
  spend: ProviderSpend[]
}

export interface ProviderTestResult {
  ok: boolean
  status?: number
  latencyMs: number
  message: string
}

export type SnippetId =
  'claude' | 'codex' | 'openai' | 'roo' | 'cline' | 'continue' | 'openai-sdk' | 'anthropic-sdk'

export type SnippetLanguage = 'sh' | 'toml' | 'json' | 'yaml' | 'js' | 'text'

export interface Snippet {
  id: SnippetId
  title: string
  language: SnippetLanguage
  /** Everything, as `switchboard snippet` prints it. */
  text: string
  /** When the setup goes to more than one place (a file and the shell): one block per destination, copied alone. */
  blocks?: { title: string; language: SnippetLanguage; text: string }[]
}

export type ControlEvent =
  | { type: 'log:appended'; entry: ExchangeSummary }
  | { type: 'log:updated'; entry: ExchangeSummary }
  | { type: 'log:frame'; id: string; frame: LoggedFrame }
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

/**
 * Why a control call failed, the same on both transports. HTTP maps each code to a status
 * (CONTROL_ERROR_STATUS); IPC carries it in the result envelope.
 */
export type ControlErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported_media_type'
  | 'unknown_method'
  | 'invalid_argument'
  | 'invalid_settings'
  | 'not_found'
  | 'unavailable'
  | 'internal'

export interface ControlErrorBody {
  code: ControlErrorCode
  message: string
  /** The first field at fault (`server.host`, `key`); `details` lists every problem. */
  field?: string
  details?: string[]
}

/** Every control call answers with one of these (the HTTP body is the value, or `{ error }` with a status). */
export type ControlResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: ControlErrorBody }

export const CONTROL_ERROR_STATUS: Record<ControlErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  unsupported_media_type: 415,
  unknown_method: 404,
  invalid_argument: 400,
  invalid_settings: 400,
  not_found: 404,
  unavailable: 409,
  internal: 500,
}

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

/**
 * HTTP transport: POST {CONTROL_PREFIX}/{method} with an application/json body; events at GET
 * {CONTROL_PREFIX}/events (SSE, each message a JSON array of events). Every call carries the control token in
 * CONTROL_TOKEN_HEADER; the browser UI receives it once in the link's fragment (#token=…) and keeps it in
 * sessionStorage, which is scoped to the gateway's own origin (cookies are not scoped by port).
 */
export const CONTROL_PREFIX = '/control/api'
export const CONTROL_TOKEN_HEADER = 'x-switchboard-control'
/** The UI link: /ui/#token=… (a fragment never reaches a server, a log or a Referer). */
export const CONTROL_UI_TOKEN_PARAM = 'token'
/** IPC transport: ipcRenderer.invoke(`${IPC_PREFIX}${method}`, arg); events on IPC_EVENT_CHANNEL. */
export const IPC_PREFIX = 'control:'
export const IPC_EVENT_CHANNEL = 'control:event'
