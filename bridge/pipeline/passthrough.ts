// Same dialect in and out: the client's body (model mapped, filters applied) goes upstream and the bytes
// come back untouched, still tapped for the log and usage (DESIGN.md hub rule 6).
import type { Route } from '../routing/route-model.js'
import type { UpstreamTarget } from '../upstream/target.js'
import { readBody, sendUpstream } from '../upstream/http.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import { mergeUsage, ZERO_USAGE } from '../protocol/canonical/usage.js'
import { codecFor } from '../protocol/registry.js'
import { createSseParser } from '../protocol/sse/parse.js'
import { applyRawEffort } from './effort.js'
import type { ExchangeContext } from './exchange-context.js'
import { relayHeaders } from './exchange-context.js'
import { midStreamFailure, upstreamFailure } from './failures.js'
import { filterRaw } from './request-filters.js'
import { startWatchdog } from './watchdog.js'
import { emitFrames, idleError } from './deliver.js'

export async function passthroughExchange(
  ctx: ExchangeContext,
  raw: JsonObject,
  route: Route,
  target: UpstreamTarget,
): Promise<void> {
  const { exchange, deps } = ctx
  const body: JsonObject = { ...raw, model: route.upstreamModel }
  for (const n of filterRaw(body, ctx.settings.filters)) exchange.note(`${n.code}: ${n.message}`)
  applyRawEffort(body, target.dialect, route.effort)
  const text = JSON.stringify(body)
  exchange.body('upstreamRequest', text)
  exchange.update({ passthrough: true })
  const codec = codecFor(target.dialect)
  const clientStream = body['stream'] === true
  const encoder = clientStream
    ? codec.createStreamEncoder({ ...deps.ctx, model: String(raw['model'] ?? '') })
    : undefined
  const watchdog = startWatchdog(
    ctx,
    encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined,
  )
  try {
    const res = await sendUpstream({
      url: target.url,
      headers: target.headers,
      body: text,
      signal: ctx.abort.signal,
      trace: exchange.upstreamTrace(),
    })
    watchdog.touch()
    const relayed = relayHeaders(res.headers)
    if (!clientStream || res.status >= 400) {
      const answer = await readBody(res.body, 64 << 20)
      exchange.frame('upstream', answer)
      exchange.body('clientResponse', answer)
      ctx.reply.raw.writeHead(res.status, {
        'content-type': String(res.headers['content-type'] ?? 'application/json'),
        ...relayed,
      })
      ctx.reply.raw.end(answer)
      if (res.status >= 400) exchange.update({ error: upstreamMessage(codec, res.status, answer) })
      else tapJson(ctx, answer)
      exchange.finish({ status: res.status, ttfbMs: Date.now() - exchange.entry.startedAt })
      return
    }
    ctx.writer.start({
      ...relayed,
      'content-type': String(res.headers['content-type'] ?? 'text/event-stream'),
    })
    const parser = createSseParser()
    const decoder = codec.createStreamDecoder({ ...deps.ctx })
    let usage = ZERO_USAGE
    try {
      for await (const chunk of res.body) {
        watchdog.touch()
        const buf = chunk as Buffer
        if (exchange.entry.ttfbMs === undefined)
          exchange.update({ ttfbMs: Date.now() - exchange.entry.startedAt })
        ctx.writer.write(buf.toString('utf8'))
        for (const frame of parser.push(buf)) {
          exchange.frame('upstream', frame.data)
          for (const e of decoder.push(frame)) {
            if (e.type === 'usage') usage = mergeUsage(usage, e.usage)
            if (e.type === 'error') exchange.update({ error: e.error.message })
          }
        }
        if (!ctx.writer.clientGone) await ctx.writer.drain()
      }
    } catch (err) {
      if (ctx.abortReason !== 'client' && encoder) {
        const error = ctx.abortReason === 'idle' ? idleError(ctx).error : midStreamFailure(err)
        exchange.update({ error: error.message })
        emitFrames(ctx, encoder.push({ type: 'error', error }))
      }
    }
    exchange.update({ usage })
    ctx.writer.end()
    if (ctx.abortReason === 'client')
      exchange.finish({ status: 499, error: 'The client disconnected before the answer finished.' })
    else exchange.finish({ status: 200 })
  } finally {
    watchdog.stop()
  }
}

function tapJson(ctx: ExchangeContext, answer: string): void {
  try {
    const response = codecFor(ctx.dialect).decodeResponse(JSON.parse(answer), { ...ctx.deps.ctx })
    ctx.exchange.update({ usage: response.usage })
  } catch {
    ctx.exchange.note('could not read usage from the upstream answer')
  }
}

/** The upstream's own words for a failed passthrough (e.g. "messages.0: all messages must have non-empty content"). */
function upstreamMessage(
  codec: ReturnType<typeof codecFor>,
  status: number,
  answer: string,
): string {
  return upstreamFailure(codec, status, answer, {}).error.message
}
