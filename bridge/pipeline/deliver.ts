// The one exit of every exchange: starts the stream, writes frames (encoded or relayed), answers JSON, turns
// failures into the client's dialect, and finishes the log entry exactly once.
import { BridgeError, toCanonicalError } from '../errors.js'
import { Accumulator } from '../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { mergeUsage, ZERO_USAGE } from '../protocol/canonical/usage.js'
import { withContext, type StreamEncoder } from '../protocol/codec.js'
import { codecFor } from '../protocol/registry.js'
import type { SseFrame } from '../protocol/sse/frame.js'
import { serializeFrames } from '../protocol/sse/serialize.js'
import type { ExchangeFacts } from '../control/contract/exchange.js'
import type { ExchangeContext } from './exchange-context.js'
import { midStreamFailure } from './failures.js'
import { restoreToolName } from './tool-names.js'
import type { Watchdog } from './watchdog.js'
import { withOverflowCounts, type OverflowWatch } from './overflow-watch.js'
import type { CanonicalError } from '../protocol/canonical/errors.js'

/**
 * One upstream read: its canonical events, and on passthrough the bytes that go to the client as they are.
 * What serves only the log, the taps and usage waits until the client has this read's bytes (issue 16: the
 * first byte within 0.5 ms of the upstream's): the upstream's frames are recorded then, and on passthrough the
 * events are read then too (`events` is a function there).
 */
export interface SourceBatch {
  events: readonly CanonicalEvent[] | (() => readonly CanonicalEvent[])
  raw?: string
  /** The upstream's frames of this read, for the request log. */
  frames?: readonly SseFrame[]
}

/** A batch's events, read now if they were left for after the client's write. */
export const batchEvents = (batch: SourceBatch): readonly CanonicalEvent[] =>
  typeof batch.events === 'function' ? batch.events() : batch.events

export interface EventSource {
  /** Response headers to pass on to the client (rate limits, request ids, the thread id). */
  headers: Record<string, string>
  /** Batches, one per upstream read, so a burst costs one await instead of one per event. */
  batches: AsyncIterable<SourceBatch>
  /** Passthrough: the events are only tapped for the log and usage, never encoded. */
  relay?: boolean
  /** Merged into `metadata` of a non-stream JSON answer (a local agent's thread id). */
  jsonMetadata?: Record<string, string>
}

export interface DeliveryPlan {
  /** The client's stream encoder; absent when the client gets one JSON answer. */
  encoder: StreamEncoder | undefined
  /** The decoded request, for the JSON answer's fields. */
  canonical?: CanonicalRequest
  /** Shortened tool names → the client's own. */
  names: Map<string, string>
  watchdog: Watchdog
  /**
   * Set when the upstream reports a context overflow inside its stream and the request is near the window: the
   * client's stream, headers included, waits while only pre-content events have arrived, so that a failure then
   * is still answered with the dialect's HTTP error (an overflow as the 400 that clients compact on).
   */
  overflowWatch?: OverflowWatch
}

type Finish = Partial<Omit<ExchangeFacts, 'id' | 'notes'>>

/** The only call of `exchange.finish`: a second outcome for the same exchange is ignored. */
function finish(ctx: ExchangeContext, fields: Finish): boolean {
  if (ctx.finished) return false
  ctx.finished = true
  ctx.exchange.finish(fields)
  ctx.deps.usage?.record(ctx.exchange.entry)
  return true
}

/** Frames to the client, then to the log and the taps: bookkeeping never holds up the client's bytes. */
export function emitFrames(ctx: ExchangeContext, frames: ReturnType<StreamEncoder['push']>): void {
  if (frames.length === 0) return
  ctx.writer.write(serializeFrames(frames))
  recordFrames(ctx, frames)
}

/** The answer's last frames and the end of its body, in one write; then the frames' bookkeeping. */
function endWithFrames(ctx: ExchangeContext, frames: ReturnType<StreamEncoder['push']>): void {
  if (frames.length === 0) {
    ctx.writer.end()
    return
  }
  ctx.writer.end(serializeFrames(frames))
  recordFrames(ctx, frames)
}

function recordFrames(ctx: ExchangeContext, frames: ReturnType<StreamEncoder['push']>): void {
  if (ctx.exchange.entry.ttfbMs === undefined)
    ctx.exchange.update({ ttfbMs: Date.now() - ctx.exchange.entry.startedAt })
  ctx.exchange.written(frames)
  if (ctx.taps.length > 0)
    for (const f of frames) {
      if (f.comment !== undefined) continue
      for (const tap of ctx.taps) tap.frame(f.event, f.data)
    }
}

function relay(ctx: ExchangeContext, raw: string): void {
  if (raw === '') return
  ctx.writer.write(raw)
  if (ctx.exchange.entry.ttfbMs === undefined)
    ctx.exchange.update({ ttfbMs: Date.now() - ctx.exchange.entry.startedAt })
}

export function idleError(ctx: ExchangeContext): BridgeError {
  const seconds = Math.round(ctx.settings.stream.idleTimeoutMs / 1000)
  return new BridgeError('BRIDGE_UPSTREAM_TIMEOUT', {
    kind: 'timeout',
    message: `The upstream sent nothing for ${seconds}s, so Switchboard ended the request (setting stream.idleTimeoutMs).`,
  })
}

/** One whole JSON answer (an upstream's as it is, ours, or an error envelope). */
export function replyJson(
  ctx: ExchangeContext,
  status: number,
  headers: Record<string, string>,
  text: string,
  fields: Finish = {},
): void {
  if (ctx.finished) return
  if (status === 200) for (const tap of ctx.taps) tap.json(text)
  ctx.exchange.body('clientResponse', text)
  ctx.reply.raw.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    ...ctx.answerHeaders,
  })
  ctx.reply.raw.end(text)
  finish(ctx, { status, ...fields })
}

/**
 * Any failure, in the client's dialect: a JSON error before the stream started, an error event after. If even
 * that throws, the last resort still ends the answer and the entry: no request is left without either.
 */
export function failExchange(ctx: ExchangeContext, err: unknown): void {
  if (ctx.finished) return
  try {
    answerFailure(ctx, err)
  } catch (inner) {
    ctx.request.log.error({ err: inner }, 'failure while answering a failed exchange')
    lastResort(ctx)
  }
}

function answerFailure(ctx: ExchangeContext, err: unknown): void {
  const canonical = toCanonicalError(err)
  const { headers, internal } = canonical
  if (internal) ctx.request.log.error({ err }, 'internal gateway error')
  // Every client-bound failure is rendered here: upstream messages may echo credentials.
  const error = ctx.deps.log.redactor.error(canonical.error)
  ctx.exchange.update({ error: error.message })
  if (ctx.writer.clientGone) {
    finish(ctx, { status: 499 })
    return
  }
  const codec = codecFor(ctx.dialect)
  if (ctx.writer.isStarted) {
    const encoder = codec.createStreamEncoder(
      withContext(ctx.deps.ctx, { model: ctx.exchange.entry.requestedModel ?? '' }),
    )
    emitFrames(ctx, encoder.push({ type: 'error', error }))
    ctx.writer.end()
    finish(ctx, { status: 200, state: 'error' })
    return
  }
  const envelope = codec.encodeError(error)
  replyJson(ctx, envelope.status, headers, JSON.stringify(envelope.body), { state: 'error' })
}

/** Ends the exchange without any encoder: a plain 500 if nothing was sent yet, else the socket is closed. */
function lastResort(ctx: ExchangeContext): void {
  const raw = ctx.reply.raw
  try {
    if (!raw.headersSent) {
      raw.writeHead(500, {
        'content-type': 'application/json',
        connection: 'close',
        ...ctx.answerHeaders,
      })
      raw.end(
        JSON.stringify({
          error: { message: 'Internal gateway error; see the Switchboard log for details.' },
        }),
      )
    } else if (!raw.writableEnded) raw.destroy()
  } finally {
    finish(ctx, {
      status: raw.headersSent ? raw.statusCode : 500,
      state: 'error',
      error: ctx.exchange.entry.error ?? 'internal gateway error',
    })
  }
}

/** Delivers an event source: encoded or relayed as a stream as it arrives, or folded into one JSON answer. */
export async function deliver(
  ctx: ExchangeContext,
  source: EventSource,
  plan: DeliveryPlan,
): Promise<void> {
  const { exchange, deps } = ctx
  const { encoder, names } = plan
  const acc = encoder ? undefined : new Accumulator()
  let usage = ZERO_USAGE
  let holding = encoder !== undefined && plan.overflowWatch !== undefined
  const held: CanonicalEvent[] = []
  let heldFailure: CanonicalError | undefined
  /** The client has its terminal event: its answer ends with this read, not when the upstream hangs up. */
  let complete = false
  /**
   * The frames encoded from one upstream read, written, logged and tapped together when the read is done: one
   * serialisation, one write and one log record per read instead of per event. The client's preamble leaves
   * with the rest of the read that brought it, in the same write: a write of its own was a system call more
   * per answer, and alone it shows the client nothing (on a paced stream the read holds only the preamble).
   */
  let pending: SseFrame[] = []
  const emit = (frames: SseFrame[]): void => {
    if (frames.length === 0) return
    if (pending.length === 0) pending = frames
    else for (const f of frames) pending.push(f)
  }
  const emitPending = (): void => {
    if (pending.length === 0) return
    const frames = pending
    pending = []
    emitFrames(ctx, frames)
  }
  const begin = (enc: StreamEncoder): void => {
    holding = false
    ctx.writer.start(source.headers)
    for (const e of held.splice(0)) emit(enc.push(e))
  }
  const onEvent = (raw: CanonicalEvent, relayed: boolean): void => {
    const restored = restoreToolName(raw, names)
    // Upstream error events may echo credentials; they are redacted before the client or the log sees them.
    const event =
      restored.type === 'error'
        ? { ...restored, error: deps.log.redactor.error(restored.error) }
        : restored
    if (event.type === 'usage') usage = mergeUsage(usage, event.usage)
    if (event.type === 'error') exchange.update({ error: event.error.message, state: 'error' })
    if (event.type === 'message_stop') exchange.note(`stop: ${event.stopReason}`)
    const terminal = event.type === 'message_stop' || event.type === 'error'
    if (relayed) {
      // Relayed bytes are the upstream's own: only its end of message ends them early. An error here may be the
      // decoder's complaint about what it watched (events out of order), which must not cut the client's stream.
      complete ||= event.type === 'message_stop'
      return
    }
    if (!encoder) {
      acc?.push(event)
      return
    }
    if (holding) {
      if (
        event.type === 'message_start' ||
        event.type === 'usage' ||
        event.type === 'rate_limits'
      ) {
        held.push(event)
        return
      }
      if (event.type === 'error') {
        heldFailure = event.error
        return
      }
      begin(encoder)
    }
    emit(encoder.push(event))
    complete ||= terminal
  }
  if (encoder && !holding) ctx.writer.start(source.headers)
  try {
    for await (const batch of source.batches) {
      plan.watchdog.touch()
      const relayed = batch.raw !== undefined
      if (batch.raw !== undefined) relay(ctx, batch.raw)
      for (const e of batchEvents(batch)) onEvent(e, relayed)
      // What the encoder held for a following event leaves with this read: the preamble at the upstream's pace.
      if (encoder && !holding && !relayed) emit(encoder.flush())
      // The last frames and the end of the body go in one write, and the entry is complete when the client's
      // answer is; the upstream is still read to its end, so its keep-alive connection serves the next request.
      const ending = complete && encoder !== undefined && !ctx.finished && !heldFailure
      if (ending) {
        const frames = pending
        pending = []
        endWithFrames(ctx, frames)
      } else emitPending()
      // The client has this read's bytes (or they wait for the next tick): now the log.
      if (batch.frames) exchange.frames('upstream', batch.frames)
      if (heldFailure) break
      exchange.logWritten()
      if (ending) {
        exchange.update({ usage })
        finish(ctx, { status: 200 })
      }
      const drained = ctx.writer.isStarted ? ctx.writer.drain() : undefined
      if (drained) await drained
    }
  } catch (err) {
    if (ctx.abortReason !== 'client') {
      if (err instanceof BridgeError && !encoder) {
        failExchange(ctx, err)
        return
      }
      // Relayed bytes may have stopped inside an event; a blank line ends it so the error event stands alone.
      if (source.relay) ctx.writer.write('\n\n')
      onEvent(
        {
          type: 'error',
          error:
            ctx.abortReason === 'idle'
              ? idleError(ctx).error
              : err instanceof BridgeError
                ? err.error
                : midStreamFailure(err),
        },
        false,
      )
    }
  }
  emitPending()
  if (heldFailure && plan.overflowWatch && ctx.abortReason !== 'client') {
    exchange.update({ usage })
    failExchange(
      ctx,
      new BridgeError('BRIDGE_UPSTREAM_HTTP', withOverflowCounts(heldFailure, plan.overflowWatch)),
    )
    return
  }
  if (encoder && holding && ctx.abortReason !== 'client') begin(encoder)
  emitPending()
  exchange.update({ usage })
  if (ctx.abortReason === 'client') {
    finish(ctx, { status: 499, error: 'The client disconnected before the answer finished.' })
    return
  }
  if (encoder) {
    if (!source.relay) emitFrames(ctx, encoder.end())
    ctx.writer.end()
    finish(ctx, { status: 200 })
    return
  }
  const result = acc?.result()
  if (!result?.ok) {
    failExchange(
      ctx,
      new BridgeError(
        'BRIDGE_UPSTREAM_HTTP',
        result?.error ?? { kind: 'api_error', message: 'No answer.' },
      ),
    )
    return
  }
  const answer = codecFor(ctx.dialect).encodeResponse(
    result.response,
    withContext(deps.ctx, {
      model: plan.canonical?.model ?? '',
      ...(plan.canonical ? { request: plan.canonical } : {}),
    }),
  )
  if (source.jsonMetadata)
    answer['metadata'] = {
      ...(isJsonObject(answer['metadata']) ? answer['metadata'] : {}),
      ...source.jsonMetadata,
    }
  replyJson(ctx, 200, source.headers, JSON.stringify(answer), {
    ttfbMs: Date.now() - exchange.entry.startedAt,
  })
}
