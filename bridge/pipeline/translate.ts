// The translating path: canonical request → upstream dialect → stream decode → client encode → write.
import type { Route } from '../routing/route-model.js'
import { BridgeError } from '../errors.js'
import type { UpstreamTarget } from '../upstream/target.js'
import { readBody, sendUpstream, type UpstreamResponse } from '../upstream/http.js'
import { Accumulator, responseToEvents } from '../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { mergeUsage, ZERO_USAGE } from '../protocol/canonical/usage.js'
import type { StreamEncoder } from '../protocol/codec.js'
import { codecFor } from '../protocol/registry.js'
import { createSseParser } from '../protocol/sse/parse.js'
import { serializeFrames } from '../protocol/sse/serialize.js'
import type { ExchangeContext } from './exchange-context.js'
import { relayHeaders } from './exchange-context.js'
import { filterCanonical } from './request-filters.js'
import { restoreToolName, shortenToolNames } from './tool-names.js'
import { startWatchdog } from './watchdog.js'
import { upstreamFailure, midStreamFailure } from './failures.js'
import { applyRouteEffort } from './effort.js'
import { sendChatgpt } from './chatgpt-call.js'

export async function translateExchange(ctx: ExchangeContext, canonical: CanonicalRequest, route: Route, target: UpstreamTarget): Promise<void> {
  const { exchange, deps } = ctx
  const clientCodec = codecFor(ctx.dialect)
  const upstreamCodec = codecFor(target.dialect)
  const notes = filterCanonical(canonical, ctx.settings.filters, target.dialect)
  applyRouteEffort(canonical, route.effort)
  const names = shortenToolNames(canonical)
  const encoded = upstreamCodec.encodeRequest({ ...canonical, model: route.upstreamModel, stream: true }, target.encodeOptions)
  for (const n of [...notes, ...encoded.notes]) exchange.note(`${n.code}: ${n.message}`)
  const body = JSON.stringify(encoded.body)
  exchange.body('upstreamRequest', body)

  const clientStream = canonical.stream
  const encoder: StreamEncoder | undefined = clientStream
    ? clientCodec.createStreamEncoder({ ...deps.ctx, model: canonical.model, request: canonical })
    : undefined
  const watchdog = startWatchdog(ctx, encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined)
  try {
    let res: UpstreamResponse
    try {
      res =
        target.provider.kind === 'chatgpt'
          ? await sendChatgpt(ctx, target, canonical, encoded.body)
          : await sendUpstream({ url: target.url, headers: target.headers, body, signal: ctx.abort.signal })
    } catch (err) {
      throw ctx.abortReason === 'idle' ? idleError(ctx) : err
    }
    watchdog.touch()
    if (res.status >= 400) {
      const text = await readBody(res.body)
      exchange.frame('upstream', text)
      throw upstreamFailure(upstreamCodec, res.status, text, relayHeaders(res.headers))
    }
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
    if (encoder) ctx.writer.start(relayHeaders(res.headers))
    const contentType = String(res.headers['content-type'] ?? '')
    if (contentType.includes('application/json')) {
      const text = await readBody(res.body, 64 << 20)
      exchange.frame('upstream', text)
      for (const e of responseToEvents(upstreamCodec.decodeResponse(JSON.parse(text), { ...deps.ctx, request: canonical }))) onEvent(e)
    } else {
      const parser = createSseParser()
      const decoder = upstreamCodec.createStreamDecoder({ ...deps.ctx, request: canonical })
      try {
        for await (const chunk of res.body) {
          watchdog.touch()
          for (const frame of parser.push(chunk as Buffer)) {
            exchange.frame('upstream', frame.data)
            for (const e of decoder.push(frame)) onEvent(e)
          }
          if (!ctx.writer.clientGone) await ctx.writer.drain()
        }
        for (const frame of parser.end()) for (const e of decoder.push(frame)) onEvent(e)
        for (const e of decoder.end()) onEvent(e)
      } catch (err) {
        if (ctx.abortReason === 'client') {
          exchange.update({ usage })
          exchange.finish({ status: 499, error: 'The client disconnected before the answer finished.' })
          return
        }
        onEvent({ type: 'error', error: ctx.abortReason === 'idle' ? idleError(ctx).error : midStreamFailure(err) })
      }
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
    const json = JSON.stringify(clientCodec.encodeResponse(result.response, { ...deps.ctx, model: canonical.model, request: canonical }))
    exchange.body('clientResponse', json)
    ctx.reply.raw.writeHead(200, { 'content-type': 'application/json', ...relayHeaders(res.headers) })
    ctx.reply.raw.end(json)
    exchange.finish({ status: 200, ttfbMs: Date.now() - exchange.entry.startedAt })
  } finally {
    watchdog.stop()
  }
}

function idleError(ctx: ExchangeContext): BridgeError {
  const seconds = Math.round(ctx.settings.stream.idleTimeoutMs / 1000)
  return new BridgeError('BRIDGE_UPSTREAM_TIMEOUT', {
    kind: 'timeout',
    message: `The upstream sent nothing for ${seconds}s, so Switchboard ended the request (setting stream.idleTimeoutMs).`,
  })
}

export function emitFrames(ctx: ExchangeContext, frames: ReturnType<StreamEncoder['push']>): void {
  if (frames.length === 0) return
  if (ctx.exchange.entry.ttfbMs === undefined) ctx.exchange.update({ ttfbMs: Date.now() - ctx.exchange.entry.startedAt })
  for (const f of frames) if (f.comment === undefined) ctx.exchange.frame('client', f.data)
  ctx.writer.write(serializeFrames(frames))
}
