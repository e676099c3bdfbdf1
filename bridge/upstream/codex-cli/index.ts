// The codex-cli provider: runs one Codex turn per request (app-server, else exec) and streams it as canonical events.
import { mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ProviderSettings } from '../../config/schema.js'
import { BridgeError, bridgeError } from '../../errors.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest, ReasoningEffort } from '../../protocol/canonical/request.js'
import type { Usage } from '../../protocol/canonical/usage.js'
import { AnswerBuilder } from './answer.js'
import { listModels, runAppServerTurn } from './app-server.js'
import { codexVersion } from './binary.js'
import { EventQueue } from './codex-events.js'
import type { CodexEvent } from './codex-events.js'
import { execArgs, runExecTurn } from './exec.js'
import { Admission } from './limits.js'
import { spawnCodex } from './process.js'
import type { CodexProcess } from './process.js'
import {
  assertLocalProvider,
  codexHomeOf,
  loginStatus,
  modelProvider,
  notSignedIn,
} from './preflight.js'
import { foldedPrompt, lastUserText } from './prompt.js'
import { applyRequestOverrides } from './request-overrides.js'
import { codexEffort, configArgs, resolveSettings, validateSettings } from './settings.js'
import type { ResolvedCodexSettings } from './settings.js'
import { ThreadStore } from './threads.js'
import type { ThreadSummary, ThreadTurn } from './threads.js'

export type { ThreadSummary, ThreadTurn } from './threads.js'
export { lastUserText } from './prompt.js'

export interface CodexRunOptions {
  signal: AbortSignal
  /** Continue this Codex thread; omitted = a new thread. */
  threadId?: string
  /** The model Codex should use (without the `codex-cli/` prefix); '' or 'default' = Codex's configured model. */
  model: string
  effort?: ReasoningEffort
  /** Called with the thread id as soon as Codex reports it, always before the first event is yielded. */
  onThread?: (id: string) => void
  /** Called with the pid of each Codex process started for this run (its process group id). */
  onProcess?: (pid: number) => void
  /** Called with what was done to the request on its way to Codex (history folded), for the request log. */
  onNote?: (note: string) => void
}

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

/** Request model names that mean "whatever this provider runs by default" (Codex-Wrapper listed `codex-cli`). */
const DEFAULT_MODEL_NAMES = new Set(['', 'default', 'codex', 'codex-cli'])
const LOGIN_CACHE_MS = 60_000
export const THREADS_FILE = 'codex-threads.json'

export interface ThreadDetail {
  id: string
  createdAt: number
  updatedAt: number
  turns: ThreadTurn[]
}

type QueueItem =
  | CodexEvent
  | { kind: 'unavailable'; message: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'exited'; how: string }

const THREAD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/
const MODELS_TTL_MS = 5 * 60_000

export class CodexCliRuntime {
  private readonly store: ThreadStore
  private readonly admission = new Admission()
  private readonly versions = new Map<string, Promise<string>>()
  private readonly modelCache = new Map<string, { at: number; models: string[] }>()
  private readonly live = new Set<CodexProcess>()
  private serial = 0
  private readonly signedIn = new Map<string, number>()

  constructor(private readonly options: CodexRuntimeOptions = {}) {
    this.store = new ThreadStore(
      Date.now,
      options.stateDir === undefined ? undefined : join(options.stateDir, THREADS_FILE),
    )
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

  run(
    provider: ProviderSettings,
    req: CanonicalRequest,
    opts: CodexRunOptions,
  ): AsyncIterable<CanonicalEvent> {
    return this.turn(provider, req, opts)
  }

  threads(): ThreadSummary[] {
    return this.store.list()
  }

  thread(id: string): ThreadDetail | undefined {
    const rec = this.store.get(id)
    return (
      rec && {
        id: rec.id,
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        turns: rec.turns.map((t) => ({ ...t })),
      }
    )
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
    let models: string[] = []
    try {
      await this.version(provider)
      const proc = this.spawn(s, ['app-server', ...configArgs(s, '', undefined)])
      try {
        models = await withTimeout(listModels(proc), 20_000)
      } finally {
        await proc.kill()
      }
    } catch {
      models = []
    }
    if (models.length === 0)
      models = configuredModel(s.codexHome ?? this.env(s).CODEX_HOME ?? join(homedir(), '.codex'))
    this.modelCache.set(provider.id, { at: Date.now(), models })
    return models
  }

  /** Kills every Codex process still running (app shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.live].map((p) => p.kill()))
    await this.store.flush()
  }

  private async *turn(
    provider: ProviderSettings,
    req: CanonicalRequest,
    opts: CodexRunOptions,
  ): AsyncGenerator<CanonicalEvent> {
    const overridden = applyRequestOverrides(provider, resolveSettings(provider), req)
    const s = overridden.settings
    validateSettings(provider, s)
    if (opts.threadId !== undefined && !THREAD_ID.test(opts.threadId)) {
      throw bridgeError(
        'BRIDGE_BAD_REQUEST',
        'invalid_request',
        `"${opts.threadId.slice(0, 80)}" is not a Codex thread id.`,
        { param: 'metadata.thread_id' },
      )
    }
    const last = lastUserText(req)
    if (last === '') {
      throw bridgeError(
        'BRIDGE_BAD_REQUEST',
        'invalid_request',
        'The Codex provider needs a last user message with text; earlier turns live in the Codex thread.',
        {
          param: 'messages',
        },
      )
    }
    // A new thread gets the whole conversation the client sent; a continued one only the new message.
    const prompt = opts.threadId === undefined ? foldedPrompt(req) : last
    if (prompt !== last)
      opts.onNote?.(
        `history folded into the Codex turn (${req.messages.length} messages${req.system.length > 0 ? ' and the system prompt' : ''}); no thread id was sent`,
      )
    await this.preflight(provider)
    if (opts.signal.aborted) return
    const release = this.admission.admit(s.providerId, s.maxProcesses, s.ratePerMinute)
    const model = DEFAULT_MODEL_NAMES.has(opts.model) ? (s.model ?? '') : opts.model
    const effort = overridden.effort ?? opts.effort ?? req.reasoning?.effort
    const builder = new AnswerBuilder(
      `msg_codex_${Date.now().toString(36)}${(++this.serial).toString(36)}`,
      opts.model === '' ? 'codex' : opts.model,
    )
    const queue = new EventQueue<QueueItem>()
    let proc: CodexProcess | undefined
    let threadId = opts.threadId
    let usage: Partial<Usage> | undefined
    const launch = (transport: 'app-server' | 'exec'): void => {
      const config = configArgs(s, model, effort)
      const args =
        transport === 'app-server'
          ? ['app-server', ...config]
          : execArgs(s.workingDirectory, threadId, config)
      const p = this.spawn(s, args)
      proc = p
      opts.onProcess?.(p.pid)
      // stdout may still hold the last lines when the exit is reported; give them a moment to arrive.
      void p.exited.then(({ code, signal }) =>
        setTimeout(
          () =>
            proc === p &&
            queue.push({ kind: 'exited', how: signal ? `signal ${signal}` : `code ${code}` }),
          300,
        ),
      )
      if (transport === 'app-server') {
        void runAppServerTurn(
          p,
          {
            cwd: s.workingDirectory,
            sandbox: s.sandbox,
            model,
            effort: codexEffort(effort ?? s.effort),
            prompt,
            threadId,
          },
          queue,
        )
      } else runExecTurn(p, prompt, queue)
    }
    const onAbort = (): void => {
      queue.push({ kind: 'aborted' })
      void proc?.kill()
    }
    opts.signal.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => queue.push({ kind: 'timeout' }), s.timeoutMs)
    let transport: 'app-server' | 'exec' = s.transport === 'exec' ? 'exec' : 'app-server'
    try {
      launch(transport)
      for (;;) {
        const ev = await queue.next()
        if (ev === undefined) return
        let failure: BridgeError | undefined
        switch (ev.kind) {
          case 'thread':
            if (threadId !== ev.id) threadId = ev.id
            this.store.touch(ev.id)
            opts.onThread?.(ev.id)
            break
          case 'text':
            yield* builder.appendText(ev.itemId, ev.delta)
            break
          case 'reasoning':
            yield* builder.reasoning(ev.itemId, ev.delta)
            break
          case 'usage':
            usage = ev.usage
            break
          case 'done':
            yield* builder.start()
            yield* builder.close()
            if (usage) yield { type: 'usage', usage }
            yield { type: 'message_stop', stopReason: 'end_turn' }
            if (threadId !== undefined)
              this.store.record(threadId, s.providerId, s.threadIdleMs, last, builder.text)
            return
          case 'failed':
            failure =
              ev.status === 404
                ? bridgeError('BRIDGE_BAD_REQUEST', 'not_found', ev.message, {
                    status: 404,
                    code: 'thread_not_found',
                  })
                : bridgeError('BRIDGE_UPSTREAM_HTTP', 'api_error', ev.message, { status: 502 })
            break
          case 'unavailable':
            if (s.transport === 'auto' && transport === 'app-server' && !builder.hasStarted) {
              const old = proc
              proc = undefined
              await old?.kill()
              transport = 'exec'
              launch(transport)
              break
            }
            failure = bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'overloaded', ev.message, {
              status: 503,
            })
            break
          case 'timeout':
            failure = bridgeError(
              'BRIDGE_UPSTREAM_TIMEOUT',
              'timeout',
              `Codex did not finish within ${Math.round(s.timeoutMs / 1000)}s (provider "${s.providerId}", setting codex.timeoutMs), so Switchboard stopped it.`,
              { status: 504 },
            )
            break
          case 'aborted':
            return
          case 'exited': {
            const tail = proc?.stderrTail() ?? ''
            failure = bridgeError(
              'BRIDGE_UPSTREAM_HTTP',
              'api_error',
              `The Codex process exited unexpectedly (${ev.how}) before the answer was complete.${tail === '' ? '' : ` Codex said: ${tail}`}`,
              { status: 502 },
            )
            break
          }
        }
        if (failure === undefined) continue
        if (!builder.hasStarted) throw failure
        yield* builder.close()
        yield { type: 'error', error: failure.error }
        return
      }
    } finally {
      clearTimeout(timer)
      opts.signal.removeEventListener('abort', onAbort)
      queue.close()
      const p = proc
      proc = undefined
      await p?.kill()
      release()
    }
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

function configuredModel(codexHome: string): string[] {
  try {
    const toml = readFileSync(join(codexHome, 'config.toml'), 'utf8')
    const m = /^\s*model\s*=\s*"([^"]+)"/m.exec(toml)
    return m?.[1] ? [m[1]] : []
  } catch {
    return []
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
