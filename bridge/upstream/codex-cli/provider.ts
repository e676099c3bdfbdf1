// The `codex-cli` provider: the local Codex agent answers as canonical events, and its thread id goes back
// to the client to continue later: `metadata.thread_id` of the answer (JSON, or the stream's first event) and
// the x-switchboard-thread header whenever the id is known before the headers go out.
import type { ProviderSettings } from '../../config/schema.js'
import { BridgeError, bridgeError } from '../../errors.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { ConnectionTest, Provider, ProviderCall, UpstreamReply } from '../provider.js'
import type { CodexCliRuntime } from './index.js'
import { registerAppServerBridgeRoutes } from './bridge-routes.js'
import { registerThreadRoutes } from './routes.js'

export const THREAD_HEADER = 'x-switchboard-thread'

/**
 * A stream starts after at most this grace, in which a refusal that comes at once (process cap, rate limit)
 * is still an HTTP error; then the headers go out and the gateway's keepalives flow while Codex works. A new
 * thread's id (Codex reports it 1–4 s after start on a loaded machine) is then in the stream's first event.
 */
const STREAM_GRACE_MS = 250

function unavailable(): BridgeError {
  return bridgeError(
    'BRIDGE_UPSTREAM_UNREACHABLE',
    'api_error',
    'The codex-cli provider is not available in this gateway.',
    { status: 503 },
  )
}

function requestedThread(call: ProviderCall, canonical: CanonicalRequest): string | undefined {
  const header = call.incoming[THREAD_HEADER]
  if (typeof header === 'string' && header) return header
  return canonical.metadata?.['thread_id']
}

async function open(runtime: CodexCliRuntime, call: ProviderCall): Promise<UpstreamReply> {
  const { canonical } = call
  if (!canonical) throw new Error('the codex-cli provider needs the decoded request')
  call.exchange.update({ upstreamUrl: 'codex-cli:local' })
  const threadId = requestedThread(call, canonical)
  let thread = threadId
  // Sign-in, binary and settings problems are quick to find and become an HTTP error, before any stream.
  await runtime.preflight(call.provider)
  const iterator = runtime
    .run(call.provider, canonical, {
      signal: call.signal,
      model: call.model.replace(/^codex-cli\//, ''),
      ...(canonical.reasoning?.effort ? { effort: canonical.reasoning.effort } : {}),
      ...(threadId ? { threadId } : {}),
      onThread: (id: string) => {
        thread = id
        call.exchange.note(`codex thread ${id}`)
      },
      onNote: (note: string) => call.exchange.note(note),
    })
    [Symbol.asyncIterator]()
  const first = iterator.next()
  if (canonical.stream) {
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STREAM_GRACE_MS)))
    await Promise.race([first.then(() => undefined), grace])
    clearTimeout(timer)
  } else {
    // The first event decides between a real HTTP error (settings, limits, timeouts) and an answer.
    await first
  }
  const headers: Record<string, string> = thread ? { [THREAD_HEADER]: thread } : {}
  async function* events(): AsyncGenerator<CanonicalEvent> {
    const head = await first
    if (head.done) return
    yield head.value
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value
  }
  return {
    kind: 'events',
    headers,
    events: events(),
    ...(thread ? { jsonMetadata: { thread_id: thread } } : {}),
  }
}

async function testConnection(
  runtime: CodexCliRuntime | undefined,
  provider: ProviderSettings,
): Promise<ConnectionTest> {
  const started = Date.now()
  if (!runtime) return { ok: false, latencyMs: 0, message: unavailable().message }
  try {
    const version = await runtime.version(provider)
    return { ok: true, latencyMs: Date.now() - started, message: `Found Codex CLI ${version}.` }
  } catch (err) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      message: err instanceof BridgeError ? err.error.message : String(err),
    }
  }
}

export function codexCliProvider(runtime: CodexCliRuntime | undefined): Provider {
  return {
    dialect: 'openai-responses',
    passthrough: false,
    // The agent may run tools for minutes without output; its own timeout (codex.timeoutMs) applies instead.
    idleTimeout: false,
    // The local agent answers every request with a turn; the compaction summary is Switchboard's to ask for.
    compacts: false,
    async open(call) {
      if (!runtime) throw unavailable()
      return open(runtime, call)
    },
    async listModels(provider) {
      if (!runtime) return []
      const models = await runtime.models(provider).catch(() => [] as string[])
      return models.map((m) => ({ id: `${provider.id}/${m}`, ownedBy: 'codex-cli' }))
    },
    testConnection: (provider) => testConnection(runtime, provider),
    registerRoutes(app, gateway) {
      if (!runtime) return
      registerThreadRoutes(app, runtime)
      registerAppServerBridgeRoutes(app, runtime, gateway.settings, gateway.log)
    },
    dispose: async () => runtime?.dispose(),
  }
}
