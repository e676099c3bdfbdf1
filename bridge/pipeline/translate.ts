// The translating path: canonical request → upstream dialect → stream decode → client encode → write.
import type { Route } from '../routing/route-model.js'
import type { UpstreamTarget } from '../upstream/target.js'
import { readBody, sendUpstream, type UpstreamResponse } from '../upstream/http.js'
import { responseToEvents } from '../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { DialectCodec, StreamEncoder } from '../protocol/codec.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import { codecFor } from '../protocol/registry.js'
import { createSseParser } from '../protocol/sse/parse.js'
import type { ExchangeContext } from './exchange-context.js'
import { relayHeaders } from './exchange-context.js'
import { filterCanonical } from './request-filters.js'
import { shortenToolNames } from './tool-names.js'
import { startWatchdog, type Watchdog } from './watchdog.js'
import { upstreamFailure } from './failures.js'
import { applyRouteEffort } from './effort.js'
import { sendChatgpt } from './chatgpt-call.js'
import { deliver, emitFrames, idleError, type EventSource } from './deliver.js'
import { codexSource } from './codex-source.js'

export async function translateExchange(
  ctx: ExchangeContext,
  canonical: CanonicalRequest,
  route: Route,
  target: UpstreamTarget,
): Promise<void> {
  const { exchange, deps } = ctx
  const clientCodec = codecFor(ctx.dialect)
  const upstreamCodec = codecFor(target.dialect)
  const notes = filterCanonical(canonical, ctx.settings.filters, target.dialect)
  applyRouteEffort(canonical, route.effort)
  const names = shortenToolNames(canonical)
  const encoded = upstreamCodec.encodeRequest(
    { ...canonical, model: route.upstreamModel, stream: true },
    target.encodeOptions,
  )
  for (const n of [...notes, ...encoded.notes]) exchange.note(`${n.code}: ${n.message}`)
  exchange.body('upstreamRequest', () => JSON.stringify(encoded.body))

  const encoder: StreamEncoder | undefined = canonical.stream
    ? clientCodec.createStreamEncoder({ ...deps.ctx, model: canonical.model, request: canonical })
    : undefined
  // The Codex agent may run tools for minutes without output; its own timeout (codex.timeoutMs) applies instead.
  const local = target.provider.kind === 'codex-cli'
  const watchdog = startWatchdog(
    ctx,
    encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined,
    !local,
  )
  try {
    const source = local
      ? await codexSource(ctx, canonical, route, target)
      : await httpSource(ctx, target, canonical, encoded.body, upstreamCodec, watchdog)
    await deliver(ctx, canonical, names, encoder, source, watchdog)
  } finally {
    watchdog.stop()
  }
}

async function httpSource(
  ctx: ExchangeContext,
  target: UpstreamTarget,
  canonical: CanonicalRequest,
  body: JsonObject,
  codec: DialectCodec,
  watchdog: Watchdog,
): Promise<EventSource> {
  let res: UpstreamResponse
  try {
    res =
      target.provider.kind === 'chatgpt'
        ? await sendChatgpt(ctx, target, canonical, body)
        : await sendUpstream({
            url: target.url,
            headers: target.headers,
            body: JSON.stringify(body),
            signal: ctx.abort.signal,
            trace: ctx.exchange.upstreamTrace(),
          })
  } catch (err) {
    throw ctx.abortReason === 'idle' ? idleError(ctx) : err
  }
  watchdog.touch()
  if (res.status >= 400) {
    const text = await readBody(res.body)
    ctx.exchange.frame('upstream', text)
    throw upstreamFailure(codec, res.status, text, relayHeaders(res.headers))
  }
  return { headers: relayHeaders(res.headers), events: upstreamEvents(ctx, res, codec, canonical) }
}

async function* upstreamEvents(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
  canonical: CanonicalRequest,
): AsyncGenerator<CanonicalEvent[]> {
  const options = { ...ctx.deps.ctx, request: canonical }
  if (String(res.headers['content-type'] ?? '').includes('application/json')) {
    const text = await readBody(res.body, 64 << 20)
    ctx.exchange.frame('upstream', text)
    yield responseToEvents(codec.decodeResponse(JSON.parse(text), options))
    return
  }
  const parser = createSseParser()
  const decoder = codec.createStreamDecoder(options)
  for await (const chunk of res.body) {
    const batch: CanonicalEvent[] = []
    for (const frame of parser.push(chunk as Buffer)) {
      ctx.exchange.frame('upstream', frame.data)
      for (const e of decoder.push(frame)) batch.push(e)
    }
    if (batch.length > 0) yield batch
  }
  const rest: CanonicalEvent[] = []
  for (const frame of parser.end()) for (const e of decoder.push(frame)) rest.push(e)
  for (const e of decoder.end()) rest.push(e)
  yield rest
}
