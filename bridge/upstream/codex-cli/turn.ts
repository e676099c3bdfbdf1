// One Codex turn: checks the request, launches app-server (else exec), and turns what Codex reports into
// canonical events, with the provider's timeout, the client's abort and the thread history kept on the way.
import type { ProviderSettings } from '../../config/schema.js'
import { BridgeError, bridgeError } from '../../errors.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest, ReasoningEffort } from '../../protocol/canonical/request.js'
import type { Usage } from '../../protocol/canonical/usage.js'
import type { AbortWatch } from '../http.js'
import { AnswerBuilder } from './answer.js'
import { runAppServerTurn } from './app-server.js'
import { EventQueue } from './codex-events.js'
import type { CodexEvent } from './codex-events.js'
import { execArgs, runExecTurn } from './exec.js'
import type { CodexProcess } from './process.js'
import { foldedPrompt, lastUserText } from './prompt.js'
import { applyRequestOverrides } from './request-overrides.js'
import { codexEffort, configArgs, resolveSettings, validateSettings } from './settings.js'
import type { ResolvedCodexSettings } from './settings.js'
import type { ThreadStore } from './threads.js'

export interface CodexRunOptions {
  signal: AbortWatch
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

/** What a turn needs from the runtime that owns it. */
export interface TurnDeps {
  /** The quick checks (settings, binary, sign-in); throws a BridgeError the user can act on. */
  preflight(provider: ProviderSettings): Promise<void>
  /** Admits one run past the process cap and rate limit, or throws; the release must be called once. */
  admit(providerId: string, maxProcesses: number, ratePerMinute: number): () => void
  spawn(s: ResolvedCodexSettings, args: string[]): CodexProcess
  threads: ThreadStore
  /** A fresh id for the answer message. */
  answerId(): string
}

/** Request model names that mean "whatever this provider runs by default" (Codex-Wrapper listed `codex-cli`). */
const DEFAULT_MODEL_NAMES = new Set(['', 'default', 'codex', 'codex-cli'])
const THREAD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/
/** stdout may still hold the last lines when the exit is reported; they get this long to arrive. */
const EXIT_SETTLE_MS = 300

type Transport = 'app-server' | 'exec'

type QueueItem =
  | CodexEvent
  | { kind: 'unavailable'; message: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'exited'; how: string }

/** The text Codex gets: a new thread the whole conversation the client sent, a continued one the new message. */
function promptFor(req: CanonicalRequest, opts: CodexRunOptions): { last: string; prompt: string } {
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
      { param: 'messages' },
    )
  }
  const prompt = opts.threadId === undefined ? foldedPrompt(req) : last
  if (prompt !== last)
    opts.onNote?.(
      `history folded into the Codex turn (${req.messages.length} messages${req.system.length > 0 ? ' and the system prompt' : ''}); no thread id was sent`,
    )
  return { last, prompt }
}

/** The error a failed, timed-out or dead turn ends with. */
function failureOf(
  ev: Extract<QueueItem, { kind: 'failed' | 'unavailable' | 'timeout' | 'exited' }>,
  s: ResolvedCodexSettings,
  stderrTail: string,
): BridgeError {
  switch (ev.kind) {
    case 'failed':
      return ev.status === 404
        ? bridgeError('BRIDGE_BAD_REQUEST', 'not_found', ev.message, {
            status: 404,
            code: 'thread_not_found',
          })
        : bridgeError('BRIDGE_UPSTREAM_HTTP', 'api_error', ev.message, { status: 502 })
    case 'unavailable':
      return bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'overloaded', ev.message, { status: 503 })
    case 'timeout':
      return bridgeError(
        'BRIDGE_UPSTREAM_TIMEOUT',
        'timeout',
        `Codex did not finish within ${Math.round(s.timeoutMs / 1000)}s (provider "${s.providerId}", setting codex.timeoutMs), so Switchboard stopped it.`,
        { status: 504 },
      )
    case 'exited':
      return bridgeError(
        'BRIDGE_UPSTREAM_HTTP',
        'api_error',
        `The Codex process exited unexpectedly (${ev.how}) before the answer was complete.${stderrTail === '' ? '' : ` Codex said: ${stderrTail}`}`,
        { status: 502 },
      )
  }
}

export async function* runTurn(
  deps: TurnDeps,
  provider: ProviderSettings,
  req: CanonicalRequest,
  opts: CodexRunOptions,
): AsyncGenerator<CanonicalEvent> {
  const overridden = applyRequestOverrides(provider, resolveSettings(provider), req)
  const s = overridden.settings
  validateSettings(provider, s)
  const { last, prompt } = promptFor(req, opts)
  await deps.preflight(provider)
  if (opts.signal.aborted) return
  const release = deps.admit(s.providerId, s.maxProcesses, s.ratePerMinute)
  const model = DEFAULT_MODEL_NAMES.has(opts.model) ? (s.model ?? '') : opts.model
  const effort = overridden.effort ?? opts.effort ?? req.reasoning?.effort
  const builder = new AnswerBuilder(deps.answerId(), opts.model === '' ? 'codex' : opts.model)
  const queue = new EventQueue<QueueItem>()
  let proc: CodexProcess | undefined
  let threadId = opts.threadId
  builder.threadId = threadId
  let usage: Partial<Usage> | undefined
  const launch = (transport: Transport): void => {
    const config = configArgs(s, model, effort)
    const args =
      transport === 'app-server'
        ? ['app-server', ...config]
        : execArgs(s.workingDirectory, threadId, config)
    const p = deps.spawn(s, args)
    proc = p
    opts.onProcess?.(p.pid)
    void p.exited.then(({ code, signal }) =>
      setTimeout(
        () =>
          proc === p &&
          queue.push({ kind: 'exited', how: signal ? `signal ${signal}` : `code ${code}` }),
        EXIT_SETTLE_MS,
      ),
    )
    if (transport === 'app-server') {
      const input = {
        cwd: s.workingDirectory,
        sandbox: s.sandbox,
        model,
        effort: codexEffort(effort ?? s.effort),
        prompt,
        threadId,
      }
      void runAppServerTurn(p, input, queue)
    } else runExecTurn(p, prompt, queue)
  }
  const onAbort = (): void => {
    queue.push({ kind: 'aborted' })
    void proc?.kill()
  }
  opts.signal.addEventListener('abort', onAbort, { once: true })
  const timer = setTimeout(() => queue.push({ kind: 'timeout' }), s.timeoutMs)
  let transport: Transport = s.transport === 'exec' ? 'exec' : 'app-server'
  try {
    launch(transport)
    for (;;) {
      const ev = await queue.next()
      if (ev === undefined) return
      switch (ev.kind) {
        case 'thread':
          threadId = ev.id
          builder.threadId = ev.id
          deps.threads.touch(ev.id)
          opts.onThread?.(ev.id)
          continue
        case 'text':
          yield* builder.appendText(ev.itemId, ev.delta)
          continue
        case 'reasoning':
          yield* builder.reasoning(ev.itemId, ev.delta)
          continue
        case 'usage':
          usage = ev.usage
          continue
        case 'done':
          yield* builder.start()
          yield* builder.close()
          if (usage) yield { type: 'usage', usage }
          yield { type: 'message_stop', stopReason: 'end_turn' }
          if (threadId !== undefined)
            deps.threads.record(threadId, s.providerId, s.threadIdleMs, last, builder.text)
          return
        case 'aborted':
          return
        case 'unavailable':
          // Without app-server (an older Codex), `auto` retries the turn with exec while nothing was sent.
          if (s.transport === 'auto' && transport === 'app-server' && !builder.hasStarted) {
            const old = proc
            proc = undefined
            await old?.kill()
            transport = 'exec'
            launch(transport)
            continue
          }
          break
        case 'failed':
        case 'timeout':
        case 'exited':
          break
      }
      const failure = failureOf(ev, s, proc?.stderrTail() ?? '')
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
