// The gateway host: composes the settings, the access key, the request log, the stores and the running
// gateway, and implements the control contract once for both the tray app (IPC) and the headless gateway
// (HTTP); sign-in, the provider tools and the server's lifecycle live in parts of their own.
import type { FastifyInstance } from 'fastify'
import type { Settings } from '../config/schema.js'
import type { LoadedSettings } from '../config/settings-file.js'
import { RequestLog } from '../log/request-log.js'
import { Redactor } from '../log/redact.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { buildServer } from '../server.js'
import { ResponseStore } from '../store/response-store.js'
import { JournalSwitch } from '../store/journal-switch.js'
import type { ControlApi, ControlEvent } from './contract.js'
import type { AuthStatus, ProxyTokensOffer, SignInStart } from './contract/accounts.js'
import type { ExchangeEntry, ExchangeSummary } from './contract/exchange.js'
import type { GatewayStatus, HostNotice } from './contract/gateway-status.js'
import type {
  BridgeImportOffer,
  ProviderTestResult,
  RouteExplanationView,
  Snippet,
} from './contract/settings-views.js'
import type { UsageHistory } from './contract/usage-history.js'
import { bridgeImportOffer, importBridgeSettings } from './bridge-import-offer.js'
import { ControlEvents, type WatchedEvent } from './control-events.js'
import { allSnippets } from './extra-snippets.js'
import { GatewayLifecycle } from './gateway-lifecycle.js'
import { HostAccounts } from './host-accounts.js'
import { HostProviders } from './host-providers.js'
import type { AccessKeyStore, AuthController, SettingsStore } from './host-types.js'
import { summarize, toControlEvent } from './log-view.js'
import { SettingsSaver, type SavedSettings } from './settings-saver.js'
import { createProviderRegistry, type ProviderRegistry } from '../upstream/registry.js'
import { openUsageLedger, type OpenedLedger } from '../usage/open-ledger.js'

export interface HostOptions {
  settingsStore: SettingsStore
  accessKeys: AccessKeyStore
  secrets: SecretStore
  env?: NodeJS.ProcessEnv
  auth?: AuthController
  openExternal?: (url: string) => Promise<void>
  /** Flags and environment applied on top of the stored document; never saved. Throws ConfigError. */
  overlay?: (stored: Settings) => Settings
  /** Extra routes on the same server (the headless UI and control API). */
  extendServer?: (app: FastifyInstance, host: GatewayHost) => void
  /** Headless: `stopGateway` only pauses the model endpoints so that the UI stays reachable. */
  keepListening?: boolean
  /** Called by GET /shutdown when `server.httpShutdown` is on. */
  onShutdown?: () => void
  /** The provider for each kind (ChatGPT and the Codex CLI need their runtimes); the plain HTTP kinds when omitted. */
  providers?: ProviderRegistry
  /** The configuration directory: the response store (when responseStore.persist is on) and the usage history. */
  dataDir?: string
  /** The clock of the usage history and spending caps (tests move it). */
  now?: () => number
  /** SQLite's native binding built for this runtime, when it is not the package's own (the tray under Electron). */
  sqliteBinding?: string
  /**
   * Writes of the front end still landing on disk (the ChatGPT usage file): close awaits them last, after the
   * gateway stopped, so the figures of the last requests survive a quit.
   */
  pendingWrites?: () => Promise<void>
  /** codex-chat-bridge's conf.toml (under the user's HOME), offered for import; no offer when omitted. */
  bridgeConf?: string
  /** chatgpt-codex-proxy's tokens.json (under the user's HOME), offered for import; no offer when omitted. */
  proxyTokens?: string
}

export class GatewayHost implements ControlApi {
  private key = ''
  private readonly events = new ControlEvents()
  private readonly lifecycle: GatewayLifecycle
  private readonly saver: SettingsSaver
  private readonly chatgpt: HostAccounts
  private readonly tools: HostProviders
  readonly log: RequestLog
  /** Stored Responses answers; here, not in the gateway, so that stopping and starting keeps them. */
  readonly responses: ResponseStore
  private readonly journal: JournalSwitch
  readonly redactor = new Redactor()
  readonly providers: ProviderRegistry
  private usage: OpenedLedger = {}

  constructor(private readonly opts: HostOptions) {
    const env = opts.env ?? process.env
    this.providers = opts.providers ?? createProviderRegistry()
    this.saver = new SettingsSaver({
      store: opts.settingsStore,
      ...(opts.overlay ? { overlay: opts.overlay } : {}),
      afterSave: (before, after) => this.applySaved(before, after),
    })
    this.log = new RequestLog(() => this.effective.log, this.redactor)
    this.responses = new ResponseStore(() => this.effective.responseStore)
    this.lifecycle = new GatewayLifecycle({
      events: this.events,
      build: () => this.buildGateway(env),
      settings: () => this.effective,
      accessKey: () => this.key,
      keepListening: opts.keepListening ?? false,
    })
    this.journal = new JournalSwitch(this.responses, (message) =>
      this.lifecycle.notice({ level: 'warning', code: 'response-store', message }),
    )
    this.chatgpt = new HostAccounts({
      ...(opts.auth ? { auth: opts.auth } : {}),
      ...(opts.openExternal ? { openExternal: opts.openExternal } : {}),
      ...(opts.proxyTokens !== undefined ? { proxyTokens: opts.proxyTokens } : {}),
    })
    this.tools = new HostProviders({
      providers: this.providers,
      saver: this.saver,
      secrets: opts.secrets,
      redactor: this.redactor,
      env,
    })
    // Summaries are built only when someone (a window, the web UI) is listening.
    this.log.subscribe((e) => {
      if (e.type === 'updated' && e.entry.state !== 'active') this.lifecycle.trackFallback(e.entry)
      if (this.events.heard) this.events.emit(toControlEvent(e))
    })
    opts.auth?.onChange((status) => this.events.emit({ type: 'auth:status', status }))
  }

  /**
   * Takes the settings the composition root loaded (loading them here only when none are given, as in tests),
   * and the notices to show for the whole run.
   */
  async init(start: { loaded?: LoadedSettings; notices?: HostNotice[] } = {}): Promise<void> {
    const loaded = start.loaded ?? (await this.opts.settingsStore.load())
    this.saver.adopt(loaded.settings)
    await this.syncPersistence()
    if (this.opts.dataDir !== undefined && !this.usage.db)
      this.usage = openUsageLedger(
        this.opts.dataDir,
        (notice) => this.lifecycle.notice(notice),
        this.opts.now,
        this.opts.sqliteBinding,
      )
    this.key = await this.opts.accessKeys.get()
    this.redactor.add(this.key)
    this.lifecycle.adopt({ notices: [...(start.notices ?? []), ...this.lifecycle.current.notices] })
  }

  /** What the host found at start-up (broken settings kept aside, no keychain, …). */
  get notices(): HostNotice[] {
    return this.lifecycle.current.notices
  }

  get settings(): Settings {
    return this.saver.effective
  }

  private get effective(): Settings {
    return this.saver.effective
  }

  get accessKey(): string {
    return this.key
  }

  /** Model endpoints answer only while this is true (headless stop keeps the UI up). */
  get serving(): boolean {
    return this.lifecycle.serving
  }

  subscribe(listener: (e: ControlEvent) => void): () => void {
    return this.events.subscribe(listener)
  }

  /** For host-side observers (the tray, the CLI) that need a few kinds of event and never the log's. */
  watch(types: readonly WatchedEvent[], listener: (e: ControlEvent) => void): () => void {
    return this.events.watch(types, listener)
  }

  private buildGateway(env: NodeJS.ProcessEnv): ReturnType<typeof buildServer> {
    const gateway = buildServer({
      settings: () => this.effective,
      accessKey: () => this.key,
      env,
      secrets: this.opts.secrets,
      log: this.log,
      responses: this.responses,
      serving: () => this.serving,
      ...(this.opts.onShutdown ? { onShutdown: this.opts.onShutdown } : {}),
      providers: this.providers,
      ...(this.usage.ledger ? { usage: this.usage.ledger } : {}),
    })
    this.opts.extendServer?.(gateway.app, this)
    return gateway
  }

  async gatewayStatus(): Promise<GatewayStatus> {
    return this.lifecycle.current
  }

  async startGateway(): Promise<GatewayStatus> {
    return this.lifecycle.start()
  }

  async stopGateway(): Promise<GatewayStatus> {
    return this.lifecycle.stop()
  }

  private syncPersistence(): Promise<void> {
    return this.journal.sync(this.opts.dataDir, this.effective.responseStore.persist)
  }

  /** Closes the server whatever the mode (process exit). */
  /**
   * Stops the gateway, then closes what its last requests still write to (the response journal, the usage
   * history) and waits for the front end's pending writes: nothing a finished request recorded is lost.
   */
  async close(): Promise<void> {
    await this.providers.dispose()
    await this.lifecycle.close()
    await this.journal.close()
    this.usage.db?.close()
    this.usage = {}
    await this.opts.pendingWrites?.()
  }

  async getSettings(): Promise<Settings> {
    return structuredClone(this.saver.stored)
  }

  async updateSettings(settings: Settings): Promise<SavedSettings> {
    return this.saver.save(settings)
  }

  async bridgeImportOffer(): Promise<BridgeImportOffer | null> {
    return bridgeImportOffer(this.opts.bridgeConf, this.saver)
  }

  async importBridgeSettings(): Promise<SavedSettings> {
    return importBridgeSettings(this.opts.bridgeConf, this.saver)
  }

  /** Puts a saved document to work; runs inside the saver's lock, so rebinds never interleave. */
  private async applySaved(before: Settings, after: Settings): Promise<string[]> {
    await this.syncPersistence()
    this.events.emit({ type: 'settings:changed', settings: structuredClone(this.saver.stored) })
    return this.lifecycle.rebind(before, after)
  }

  async regenerateAccessKey(): Promise<GatewayStatus> {
    return this.saver.serial(async () => {
      this.key = await this.opts.accessKeys.regenerate()
      this.redactor.add(this.key)
      return this.lifecycle.set({})
    })
  }

  async authStatus(): Promise<AuthStatus> {
    return this.chatgpt.authStatus()
  }

  async signIn(args: { method: 'browser' | 'device' }): Promise<SignInStart> {
    return this.chatgpt.signIn(args)
  }

  async cancelSignIn(): Promise<void> {
    return this.chatgpt.cancelSignIn()
  }

  /** One account (by email or id), or every account when none is named. */
  async signOut(args?: { account?: string }): Promise<AuthStatus> {
    return this.chatgpt.signOut(args)
  }

  async importCodexLogin(): Promise<AuthStatus> {
    return this.chatgpt.importCodexLogin()
  }

  async proxyTokensOffer(): Promise<ProxyTokensOffer | null> {
    return this.chatgpt.proxyTokensOffer()
  }

  async importProxyTokens(args: { deleteFile: boolean }): Promise<AuthStatus> {
    return this.chatgpt.importProxyTokens(args)
  }

  async logSnapshot(): Promise<ExchangeSummary[]> {
    return this.log.snapshot().map(summarize)
  }

  async logEntry(args: { id: string }): Promise<ExchangeEntry | null> {
    const entry = this.log.get(args.id)
    return entry ? structuredClone(entry) : null
  }

  async logSearch(args: { text: string }): Promise<string[]> {
    return this.log.search(args.text)
  }

  async logExport(): Promise<ExchangeEntry[]> {
    return structuredClone(this.log.export())
  }

  async clearLog(): Promise<void> {
    this.log.clear()
  }

  async snippets(): Promise<Snippet[]> {
    const root = this.lifecycle.current.url ?? `http://127.0.0.1:${this.effective.server.port}`
    return allSnippets(root, this.key)
  }

  async explainRoute(args: { model: string }): Promise<RouteExplanationView> {
    return this.tools.explainRoute(args)
  }

  async testProvider(args: { id: string }): Promise<ProviderTestResult> {
    return this.tools.testProvider(args)
  }

  async setProviderKey(args: { id: string; key: string }): Promise<{ secretName: string }> {
    return this.tools.setProviderKey(args)
  }

  async usageHistory(args?: { days?: number }): Promise<UsageHistory> {
    const { db, ledger } = this.usage
    if (!db || !ledger) return { available: false, rows: [], spend: [] }
    return {
      available: true,
      rows: db.rows(args?.days ?? 30, (this.opts.now ?? Date.now)()),
      spend: this.effective.providers.map((p) => ledger.spend(p)),
    }
  }
}
