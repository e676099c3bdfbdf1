// The codex-cli runtime: what every Codex turn shares — the binary's version, the sign-in check, admission,
// the live processes and the thread history — and the entry points the provider and its routes call.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ProviderSettings } from '../../config/schema.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { codexVersion } from './binary.js'
import { Admission } from './limits.js'
import { configuredModel, reportedModels } from './models.js'
import { spawnCodex } from './process.js'
import type { CodexProcess } from './process.js'
import {
  assertLocalProvider,
  codexHomeOf,
  loginStatus,
  modelProvider,
  notSignedIn,
} from './preflight.js'
import { configArgs, resolveSettings, validateSettings } from './settings.js'
import type { ResolvedCodexSettings } from './settings.js'
import { THREADS_FILE, ThreadStore } from './threads.js'
import type { ThreadDetail, ThreadSummary } from './threads.js'
import { runTurn } from './turn.js'
import type { CodexRunOptions, TurnDeps } from './turn.js'

export type { ThreadDetail, ThreadSummary, ThreadTurn } from './threads.js'
export type { CodexRunOptions } from './turn.js'

export interface CodexRuntimeOptions {
  /** Extra environment for every Codex process (API keys named by env_key, HOME in tests). */
  env?: NodeJS.ProcessEnv
  /** Where the thread history is kept across restarts (the configuration directory); omitted = memory only. */
  stateDir?: string
}

export interface CodexStatus {
  available: boolean
  version?: string
  /** undefined when Codex's model provider needs no sign-in. */
  signedIn?: boolean
  message?: string
}

const LOGIN_CACHE_MS = 60_000
const MODELS_TTL_MS = 5 * 60_000

export class CodexCliRuntime {
  private readonly store: ThreadStore
  private readonly admission = new Admission()
  private readonly versions = new Map<string, Promise<string>>()
  private readonly modelCache = new Map<string, { at: number; models: string[] }>()
  private readonly live = new Set<CodexProcess>()
  private serial = 0
  private readonly signedIn = new Map<string, number>()
  private readonly turnDeps: TurnDeps

  constructor(private readonly options: CodexRuntimeOptions = {}) {
    this.store = new ThreadStore(
      Date.now,
      options.stateDir === undefined ? undefined : join(options.stateDir, THREADS_FILE),
    )
    this.turnDeps = {
      preflight: (provider) => this.preflight(provider),
      admit: (id, max, rate) => this.admission.admit(id, max, rate),
      spawn: (s, args) => this.spawn(s, args),
      threads: this.store,
      answerId: () => `msg_codex_${Date.now().toString(36)}${(++this.serial).toString(36)}`,
    }
  }

  /**
   * What must hold before a turn may start, each check quick: settings, the binary, local-only, and the
   * sign-in when Codex's model provider needs one. Throws a BridgeError in words the user can act on.
   */
  async preflight(provider: ProviderSettings): Promise<void> {
    const s = resolveSettings(provider)
    validateSettings(provider, s)
    await this.version(provider)
    const env = this.env(s)
    const home = codexHomeOf(s.codexHome, env)
    const info = modelProvider(home, env)
    if (s.localOnly) assertLocalProvider(info, s.providerId)
    if (!info.needsLogin) return
    const key = `${s.binary}\0${home}`
    const seen = this.signedIn.get(key)
    if (seen !== undefined && Date.now() - seen < LOGIN_CACHE_MS) return
    const status = await loginStatus(s.binary, env)
    if (!status.signedIn) {
      this.signedIn.delete(key)
      throw notSignedIn(s.providerId, home, status.message)
    }
    this.signedIn.set(key, Date.now())
  }

  /** For GET /status: is the binary there, which version, and is it signed in where that matters. */
  async status(provider: ProviderSettings): Promise<CodexStatus> {
    let version: string
    try {
      version = await this.version(provider)
    } catch (err) {
      return { available: false, message: (err as Error).message }
    }
    const s = resolveSettings(provider)
    const env = this.env(s)
    const home = codexHomeOf(s.codexHome, env)
    if (!modelProvider(home, env).needsLogin) return { available: true, version }
    const login = await loginStatus(s.binary, env)
    return { available: true, version, signedIn: login.signedIn, message: login.message }
  }

  /** One Codex turn as canonical events (see turn.ts). */
  run(
    provider: ProviderSettings,
    req: CanonicalRequest,
    opts: CodexRunOptions,
  ): AsyncIterable<CanonicalEvent> {
    return runTurn(this.turnDeps, provider, req, opts)
  }

  threads(): ThreadSummary[] {
    return this.store.list()
  }

  thread(id: string): ThreadDetail | undefined {
    return this.store.detail(id)
  }

  /** Processes currently running for a provider (what the cap counts). */
  running(providerId: string): number {
    return this.admission.running(providerId)
  }

  /** `codex --version` of the provider's binary (cached); a 503 BridgeError when it is missing or broken. */
  version(provider: ProviderSettings): Promise<string> {
    const s = resolveSettings(provider)
    const env = this.env(s)
    const key = `${s.binary}\0${env.PATH ?? ''}`
    let v = this.versions.get(key)
    if (!v) {
      v = codexVersion(s.binary, env, s.providerId)
      v.catch(() => this.versions.delete(key))
      this.versions.set(key, v)
    }
    return v
  }

  /** The models the CLI reports (app-server `model/list`), else the model named in its config.toml. */
  async models(provider: ProviderSettings): Promise<string[]> {
    const cached = this.modelCache.get(provider.id)
    if (cached && Date.now() - cached.at < MODELS_TTL_MS) return cached.models
    const s = resolveSettings(provider)
    const reported = await this.version(provider).then(
      () => reportedModels(() => this.spawn(s, ['app-server', ...configArgs(s, '', undefined)])),
      () => [],
    )
    const models =
      reported.length > 0 ? reported : configuredModel(codexHomeOf(s.codexHome, this.env(s)))
    this.modelCache.set(provider.id, { at: Date.now(), models })
    return models
  }

  /** Kills every Codex process still running (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.live].map((p) => p.kill()))
    await this.store.flush()
  }

  private env(s: ResolvedCodexSettings): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.options.env }
    if (s.codexHome !== undefined) env.CODEX_HOME = s.codexHome
    return env
  }

  private spawn(s: ResolvedCodexSettings, args: string[]): CodexProcess {
    if (s.codexHome !== undefined) mkdirSync(s.codexHome, { recursive: true })
    const p = spawnCodex(s.binary, args, this.env(s), s.workingDirectory)
    this.live.add(p)
    void p.exited.then(() => this.live.delete(p))
    return p
  }
}
