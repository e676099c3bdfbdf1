// Delivers a canonical event source to the client: encoded as its stream as events arrive, or folded into
// one JSON answer; mid-stream failures become the dialect's error event, a client abort closes the entry.
import { BridgeError } from '../errors.js'
import { Accumulator } from '../protocol/canonical/accumulate.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { mergeUsage, ZERO_USAGE } from '../protocol/canonical/usage.js'
import type { StreamEncoder } from '../protocol/codec.js'
import { codecFor } from '../protocol/registry.js'
import { serializeFrames } from '../protocol/sse/serialize.js'
import type { ExchangeContext } from './exchange-context.js'
import { midStreamFailure } from './failures.js'
import { restoreToolName } from './tool-names.js'
import type { Watchdog } from './watchdog.js'

export interface EventSource {
  /** Response headers to pass on to the client (rate limits, request ids, the thread id). */
  headers: Record<string, string>
  /** Events in batches, one per upstream read, so a burst costs one await instead of one per event. */
  events: AsyncIterable<readonly CanonicalEvent[]>
  /** Merged into `metadata` of a non-stream JSON answer (the codex-cli thread id). */
  jsonMetadata?: Record<string, string>
}

export function emitFrames(ctx: ExchangeContext, frames: ReturnType<StreamEncoder['push']>): void {
  if (frames.length === 0) return
  if (ctx.exchange.entry.ttfbMs === undefined) ctx.exchange.update({ ttfbMs: Date.now() - ctx.exchange.entry.startedAt })
  for (const f of frames) if (f.comment === undefined) ctx.exchange.frame('client', f.data)
  ctx.writer.write(serializeFrames(frames))
}

export function idleError(ctx: ExchangeContext): BridgeError {
  const seconds = Math.round(ctx.settings.stream.idleTimeoutMs / 1000)
  return new BridgeError('BRIDGE_UPSTREAM_TIMEOUT', {
    kind: 'timeout',
    message: `The upstream sent nothing for ${seconds}s, so Switchboard ended the request (setting stream.idleTimeoutMs).`,
  })
}

export async function deliver(
  ctx: ExchangeContext,
  canonical: CanonicalRequest,
  names: Map<string, string>,
  encoder: StreamEncoder | undefined,
  source: EventSource,
  watchdog: Watchdog,
): Promise<void> {
  const { exchange, deps } = ctx
  const acc = encoder ? undefined : new Accumulator()
  let usage = ZERO_USAGE
  const onEvent = (raw: CanonicalEvent): void => {
    const event = restoreToolName(raw, names)
    if (event.type === 'usage') usage = mergeUsage(usage, event.usage)
    if (event.type === 'error') exchange.update({ error: event.error.message, state: 'error' })
    if (event.type === 'message_stop') exchange.note(`stop: ${event.stopReason}`)
    if (encoder) emitFrames(ctx, encoder.push(event))
    else acc?.push(event)
  }
  if (encoder) ctx.writer.start(source.headers)
  try {
    for await (const batch of source.events) {
      watchdog.touch()
      for (const e of batch) onEvent(e)
      if (ctx.writer.isStarted && !ctx.writer.clientGone) await ctx.writer.drain()
    }
  } catch (err) {
    if (ctx.abortReason === 'client') {
      exchange.update({ usage })
      exchange.finish({ status: 499, error: 'The client disconnected before the answer finished.' })
      return
    }
    if (err instanceof BridgeError && !encoder) throw err
    onEvent({ type: 'error', error: ctx.abortReason === 'idle' ? idleError(ctx).error : err instanceof BridgeError ? err.error : midStreamFailure(err) })
  }
  exchange.update({ usage })
  if (encoder) {
    emitFrames(ctx, encoder.end())
    ctx.writer.end()
    exchange.finish({ status: 200 })
    return
  }
  const result = acc?.result()
  if (!result?.ok) throw new BridgeError('BRIDGE_UPSTREAM_HTTP', result?.error ?? { kind: 'api_error', message: 'No answer.' })
  const answer = codecFor(ctx.dialect).encodeResponse(result.response, { ...deps.ctx, model: canonical.model, request: canonical })
  if (source.jsonMetadata) answer['metadata'] = { ...(isJsonObject(answer['metadata']) ? answer['metadata'] : {}), ...source.jsonMetadata }
  const json = JSON.stringify(answer)
  exchange.body('clientResponse', json)
  ctx.reply.raw.writeHead(200, { 'content-type': 'application/json', ...source.headers })
  ctx.reply.raw.end(json)
  exchange.finish({ status: 200, ttfbMs: Date.now() - exchange.entry.startedAt })
}
