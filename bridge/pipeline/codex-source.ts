// The codex-cli provider as an event source: the local Codex agent answers, and its thread id goes back
// to the client (header x-switchboard-thread; metadata.thread_id in JSON answers) to continue later.
import type { Route } from '../routing/route-model.js'
import { bridgeError } from '../errors.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { UpstreamTarget } from '../upstream/target.js'
import type { EventSource } from './deliver.js'
import type { ExchangeContext } from './exchange-context.js'

export const THREAD_HEADER = 'x-switchboard-thread'

function requestedThread(ctx: ExchangeContext, canonical: CanonicalRequest): string | undefined {
  const header = ctx.request.headers[THREAD_HEADER]
  if (typeof header === 'string' && header) return header
  return canonical.metadata?.['thread_id']
}

export async function codexSource(ctx: ExchangeContext, canonical: CanonicalRequest, route: Route, target: UpstreamTarget): Promise<EventSource> {
  const runtime = ctx.deps.codex
  if (!runtime) throw bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'api_error', 'The codex-cli provider is not available in this gateway.', { status: 503 })
  let thread: string | undefined
  const threadId = requestedThread(ctx, canonical)
  const iterator = runtime
    .run(target.provider, canonical, {
      signal: ctx.abort.signal,
      model: route.upstreamModel.replace(/^codex-cli\//, ''),
      ...(canonical.reasoning?.effort ? { effort: canonical.reasoning.effort } : {}),
      ...(threadId ? { threadId } : {}),
      onThread: (id: string) => {
        thread = id
        ctx.exchange.note(`codex thread ${id}`)
      },
    })
    [Symbol.asyncIterator]()
  // The first event decides between a real HTTP error (settings, limits, timeouts) and a stream.
  const first = await iterator.next()
  const headers: Record<string, string> = thread ? { [THREAD_HEADER]: thread } : {}
  async function* events(): AsyncGenerator<CanonicalEvent[]> {
    if (first.done) return
    yield [first.value]
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield [next.value]
  }
  return { headers, events: events(), ...(thread ? { jsonMetadata: { thread_id: thread } } : {}) }
}
