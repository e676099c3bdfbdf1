// The `codex-cli` provider: the local Codex agent answers as canonical events, and its thread id goes back
// to the client (header x-switchboard-thread; metadata.thread_id in JSON answers) to continue later.
import type { ProviderSettings } from '../../config/schema.js'
import { BridgeError, bridgeError } from '../../errors.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { ConnectionTest, Provider, ProviderCall, UpstreamReply } from '../provider.js'
import type { CodexCliRuntime } from './index.js'
import { registerThreadRoutes } from './routes.js'

export const THREAD_HEADER = 'x-switchboard-thread'

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
  let thread: string | undefined
  const threadId = requestedThread(call, canonical)
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
    })
    [Symbol.asyncIterator]()
  // The first event decides between a real HTTP error (settings, limits, timeouts) and a stream.
  const first = await iterator.next()
  const headers: Record<string, string> = thread ? { [THREAD_HEADER]: thread } : {}
  async function* events(): AsyncGenerator<CanonicalEvent> {
    if (first.done) return
    yield first.value
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
    registerRoutes(app) {
      if (runtime) registerThreadRoutes(app, runtime)
    },
    dispose: async () => runtime?.dispose(),
  }
}
