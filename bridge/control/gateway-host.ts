// The gateway host: owns the settings, the access key, the request log and the running gateway, and
// implements the control contract once for both the tray app (IPC) and the headless gateway (HTTP).
import type { FastifyInstance } from 'fastify'
import type { Settings } from '../config/schema.js'
import type { LoadedSettings } from '../config/settings-file.js'
import { RequestLog } from '../log/request-log.js'
import { Redactor } from '../log/redact.js'
import { explainRoute } from '../routing/route-model.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { buildServer, VERSION, type Gateway } from '../server.js'
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
import { ControlFailure } from './control-failure.js'
import { bridgeImportOffer, importBridgeSettings } from './bridge-import-offer.js'
import { importProxyTokens, proxyTokensOffer } from '../host/proxy-tokens-offer.js'
import { allSnippets } from './extra-snippets.js'
import type { AccessKeyStore, AuthController, SettingsStore } from './host-types.js'
import { fallbackState, summarize, toControlEvent } from './log-view.js'
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
  /** codex-chat-bridge's conf.toml (under the user's HOME), offered for import; no offer when omitted. */
  bridgeConf?: string
  /** chatgpt-codex-proxy's tokens.json (under the user's HOME), offered for import; no offer when omitted. */
  proxyTokens?: string
}

export class GatewayHost implements ControlApi {
  private key = ''
  private gateway: Gateway | undefined
  private listeners = new Set<(e: ControlEvent) => void>()
  private status: GatewayStatus = {
    state: 'stopped',
    host: '127.0.0.1',
    port: 0,
    version: VERSION,
    accessKey: '',
    notices: [],
  }
  private readonly saver: SettingsSaver
  readonly log: RequestLog
  /** Stored Responses answers; here, not in the gateway, so that stopping and starting keeps them. */
  readonly responses: ResponseStore
  private readonly journal: JournalSwitch
  readonly redactor = new Redactor()
  readonly providers: ProviderRegistry
  private usage: OpenedLedger = {}

  constructor(private readonly opts: HostOptions) {
    this.providers = opts.providers ?? createProviderRegistry()
    this.saver = new SettingsSaver({
      store: opts.settingsStore,
      ...(opts.overlay ? { overlay: opts.overlay } : {}),
      afterSave: (before, after) => this.applySaved(before, after),
    })
    this.log = new RequestLog(() => this.effective.log, this.redactor)
    this.responses = new ResponseStore(() => this.effective.responseStore)
    this.journal = new JournalSwitch(this.responses, (message) =>
      this.status.notices.push({ level: 'warning', code: 'response-store', message }),
    )
    // Summaries are built only when someone (a window, the web UI) is listening.
    this.log.subscribe((e) => {
      if (e.type === 'updated' && e.entry.state !== 'active') this.trackFallback(e.entry)
      if (this.listeners.size > 0) this.emit(toControlEvent(e))
    })
    opts.auth?.onChange((status) => this.emit({ type: 'auth:status', status }))
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
        (notice) => this.status.notices.push(notice),
        this.opts.now,
        this.opts.sqliteBinding,
      )
    this.key = await this.opts.accessKeys.get()
    this.redactor.add(this.key)
    const notices = [...(start.notices ?? []), ...this.status.notices]
    this.status = {
      ...this.status,
      host: this.effective.server.host,
      port: this.effective.server.port,
      accessKey: this.key,
      notices,
    }
  }

  /** What the host found at start-up (broken settings kept aside, no keychain, …). */
  get notices(): HostNotice[] {
    return this.status.notices
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
    return this.status.state === 'running'
  }

  subscribe(listener: (e: ControlEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: ControlEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // A broken subscriber must not stop the others.
      }
    }
  }

  private setStatus(next: Partial<GatewayStatus>): GatewayStatus {
    this.status = { ...this.status, ...next, accessKey: this.key, version: VERSION }
    if (next.state !== 'error') delete this.status.error
    if (next.error) this.status.error = next.error
    this.emit({ type: 'gateway:status', status: this.status })
    return this.status
  }

  /** Keeps `status.fallback` in step with finished exchanges, so the tray and the UI can say so. */
  private trackFallback(entry: ExchangeEntry): void {
    const next = fallbackState(this.status.fallback, entry)
    if (next === this.status.fallback) return
    const { fallback: _old, ...rest } = this.status
    this.status = next ? { ...rest, fallback: next } : rest
    this.emit({ type: 'gateway:status', status: this.status })
  }

  async gatewayStatus(): Promise<GatewayStatus> {
    return this.status
  }

  async startGateway(): Promise<GatewayStatus> {
    if (this.gateway) return this.setStatus({ state: 'running' })
    this.setStatus({ state: 'starting' })
    const gateway = buildServer({
      settings: () => this.effective,
      accessKey: () => this.key,
      env: this.opts.env ?? process.env,
      secrets: this.opts.secrets,
      log: this.log,
      responses: this.responses,
      serving: () => this.serving,
      ...(this.opts.onShutdown ? { onShutdown: this.opts.onShutdown } : {}),
      providers: this.providers,
      ...(this.usage.ledger ? { usage: this.usage.ledger } : {}),
    })
    this.opts.extendServer?.(gateway.app, this)
    const { host, port } = this.effective.server
    try {
      await gateway.app.listen({ host, port })
    } catch (err) {
      await gateway.app.close().catch(() => undefined)
      const code = (err as { code?: string }).code
      const error =
        code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is already in use. Choose another port in Settings (0 picks a free one).`
          : `Could not start the gateway: ${(err as Error).message}`
      return this.setStatus({ state: 'error', error })
    }
    this.gateway = gateway
    const address = gateway.app.server.address()
    const actualPort = typeof address === 'object' && address ? address.port : port
    const shownHost =
      host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
    return this.setStatus({
      state: 'running',
      host,
      port: actualPort,
      url: `http://${shownHost}:${actualPort}`,
    })
  }

  async stopGateway(): Promise<GatewayStatus> {
    if (this.opts.keepListening) return this.setStatus({ state: 'stopped' })
    const gateway = this.gateway
    this.gateway = undefined
    await gateway?.app.close()
    return this.setStatus({ state: 'stopped' })
  }

  private syncPersistence(): Promise<void> {
    return this.journal.sync(this.opts.dataDir, this.effective.responseStore.persist)
  }

  /** Closes the server whatever the mode (process exit). */
  async close(): Promise<void> {
    await this.journal.close()
    this.usage.db?.close()
    this.usage = {}
    await this.providers.dispose()
    const gateway = this.gateway
    this.gateway = undefined
    await gateway?.app.close()
    this.status = { ...this.status, state: 'stopped' }
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

  async proxyTokensOffer(): Promise<ProxyTokensOffer | null> {
    return proxyTokensOffer(this.opts.proxyTokens)
  }

  async importProxyTokens(args: { deleteFile: boolean }): Promise<AuthStatus> {
    return importProxyTokens(this.opts.proxyTokens, this.requireAuth(), args.deleteFile)
  }

  /** Puts a saved document to work; runs inside the saver's lock, so rebinds never interleave. */
  private async applySaved(before: Settings, after: Settings): Promise<string[]> {
    await this.syncPersistence()
    this.emit({ type: 'settings:changed', settings: structuredClone(this.saver.stored) })
    const rebind =
      before.server.host !== after.server.host ||
      before.server.port !== after.server.port ||
      before.server.bodyLimitMb !== after.server.bodyLimitMb
    if (rebind && this.gateway && !this.opts.keepListening) {
      await this.stopGateway()
      await this.startGateway()
    } else if (rebind && this.opts.keepListening) {
      return ['Host, port and body limit changes take effect when the gateway is restarted.']
    }
    return []
  }

  async regenerateAccessKey(): Promise<GatewayStatus> {
    return this.saver.serial(async () => {
      this.key = await this.opts.accessKeys.regenerate()
      this.redactor.add(this.key)
      return this.setStatus({})
    })
  }

  private requireAuth(): AuthController {
    if (!this.opts.auth)
      throw new ControlFailure('unavailable', 'ChatGPT sign-in is not available in this build.')
    return this.opts.auth
  }

  async authStatus(): Promise<AuthStatus> {
    return this.opts.auth
      ? this.opts.auth.status()
      : {
          signedIn: false,
          state: 'unavailable',
          message: 'ChatGPT sign-in is not available in this build.',
        }
  }

  async signIn(args: { method: 'browser' | 'device' }): Promise<SignInStart> {
    const open = this.opts.openExternal ?? (async () => undefined)
    return this.requireAuth().signIn(args.method, open)
  }

  async cancelSignIn(): Promise<void> {
    await this.opts.auth?.cancelSignIn()
  }

  /** One account (by email or id), or every account when none is named. */
  async signOut(args?: { account?: string }): Promise<AuthStatus> {
    return this.requireAuth().signOut(args?.account)
  }

  async importCodexLogin(): Promise<AuthStatus> {
    return this.requireAuth().importCodexLogin()
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
    return structuredClone(this.log.snapshot())
  }

  async clearLog(): Promise<void> {
    this.log.clear()
  }

  async snippets(): Promise<Snippet[]> {
    const root = this.status.url ?? `http://127.0.0.1:${this.effective.server.port}`
    return allSnippets(root, this.key)
  }

  async explainRoute(args: { model: string }): Promise<RouteExplanationView> {
    // The same routing and model mapping as a request, so the tester shows the model a request really gets.
    const x = explainRoute(this.effective, args.model, this.providers.mapModel)
    const base = { model: x.model, rules: x.rules }
    if (!x.route.ok) return { ...base, ok: false, message: x.route.message }
    const r = x.route
    return {
      ...base,
      ok: true,
      providerId: r.providerId,
      upstreamModel: r.upstreamModel,
      matched: r.matched,
      ...(r.effort ? { effort: r.effort } : {}),
    }
  }

  async testProvider(args: { id: string }): Promise<ProviderTestResult> {
    const provider = this.effective.providers.find((p) => p.id === args.id)
    if (!provider) return { ok: false, latencyMs: 0, message: `No provider named "${args.id}".` }
    return this.providers.for(provider.kind).testConnection(provider, this.effective, {
      env: this.opts.env ?? process.env,
      secrets: this.opts.secrets,
    })
  }

  async setProviderKey(args: { id: string; key: string }): Promise<{ secretName: string }> {
    if (!args.key.trim())
      throw new ControlFailure('invalid_argument', 'The API key is empty.', { field: 'key' })
    const secretName = `provider:${args.id}`
    await this.saver.update(async (next) => {
      const provider = next.providers.find((p) => p.id === args.id)
      if (!provider)
        throw new ControlFailure('not_found', `No provider named "${args.id}".`, { field: 'id' })
      await this.opts.secrets.set(secretName, args.key.trim())
      this.redactor.add(args.key.trim())
      provider.apiKeySecret = secretName
    })
    return { secretName }
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
