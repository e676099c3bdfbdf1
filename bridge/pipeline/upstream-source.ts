// A provider's reply as an event source: opened with the gateway's abort and idle rules, decoded by its
// dialect (with the provider's own frame reader), or relayed as bytes and only tapped (passthrough).
import { StringDecoder } from 'node:string_decoder'
import type { Route } from '../routing/route-model.js'
import { responseToEvents } from '../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { DialectCodec } from '../protocol/codec.js'
import { createSseParser } from '../protocol/sse/parse.js'
import type { SseFrame } from '../protocol/sse/frame.js'
import { readBody, type UpstreamResponse } from '../upstream/http.js'
import type { FrameReader, Provider, UpstreamReply } from '../upstream/provider.js'
import { idleError, type EventSource, type SourceBatch } from './deliver.js'
import { relayHeaders, type ExchangeContext } from './exchange-context.js'
import { upstreamFailure } from './failures.js'
import { echoRewriter } from './echo-fields.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export async function openUpstream(
  ctx: ExchangeContext,
  provider: Provider,
  route: Route,
  body: JsonObject,
  canonical?: CanonicalRequest,
): Promise<UpstreamReply> {
  const { deps } = ctx
  try {
    return await provider.open({
      settings: ctx.settings,
      provider: route.provider,
      model: route.upstreamModel,
      incoming: ctx.request.headers,
      ...(canonical ? { canonical } : {}),
      body,
      signal: ctx.abort.signal,
      exchange: ctx.exchange,
      redact: (secret) => deps.log.redactor.add(secret),
      env: deps.env,
      secrets: deps.secrets,
    })
  } catch (err) {
    throw ctx.abortReason === 'idle' ? idleError(ctx) : err
  }
}

/** The translating path: an HTTP error is read in the upstream's dialect; a stream is decoded event by event. */
export async function translatedSource(
  ctx: ExchangeContext,
  reply: UpstreamReply,
  codec: DialectCodec,
  canonical: CanonicalRequest,
): Promise<EventSource> {
  if (reply.kind === 'events') {
    return {
      headers: reply.headers,
      batches: single(reply.events),
      ...(reply.jsonMetadata ? { jsonMetadata: reply.jsonMetadata } : {}),
    }
  }
  const res = reply.response
  if (res.status >= 400) {
    const text = await readBody(res.body)
    ctx.exchange.frame('upstream', text)
    throw upstreamFailure(codec, res.status, text, relayHeaders(res.headers))
  }
  return {
    headers: { ...relayHeaders(res.headers), ...reply.headers },
    batches: decoded(ctx, res, codec, canonical, reply.readFrame),
  }
}

async function* single(events: AsyncIterable<CanonicalEvent>): AsyncGenerator<SourceBatch> {
  for await (const e of events) yield { events: [e] }
}

async function* decoded(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
  canonical: CanonicalRequest,
  readFrame: FrameReader | undefined,
): AsyncGenerator<SourceBatch> {
  const options = { ...ctx.deps.ctx, request: canonical }
  if (String(res.headers['content-type'] ?? '').includes('application/json')) {
    const text = await readBody(res.body, 64 << 20)
    ctx.exchange.frame('upstream', text)
    yield { events: responseToEvents(codec.decodeResponse(parseJson(text), options)) }
    return
  }
  const parser = createSseParser()
  const decoder = codec.createStreamDecoder(options)
  const next = (frame: SseFrame): CanonicalEvent[] => decoder.push(frame)
  const push = readFrame ? (frame: SseFrame) => readFrame(frame, next) : next
  for await (const chunk of res.body) {
    const batch: CanonicalEvent[] = []
    const frames = parser.push(chunk as Buffer)
    ctx.exchange.frames('upstream', frames)
    for (const frame of frames) for (const e of push(frame)) batch.push(e)
    if (batch.length > 0) yield { events: batch }
  }
  const rest: CanonicalEvent[] = []
  for (const frame of parser.end()) for (const e of push(frame)) rest.push(e)
  for (const e of decoder.end()) rest.push(e)
  yield { events: rest }
}

/** Passthrough: the upstream's bytes go to the client untouched, still decoded for the log and usage (hub rule 6). */
export function relaySource(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
): EventSource {
  const headers = {
    ...relayHeaders(res.headers),
    'content-type': String(res.headers['content-type'] ?? 'text/event-stream'),
  }
  return { headers, relay: true, batches: tapped(ctx, res, codec) }
}

async function* tapped(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
): AsyncGenerator<SourceBatch> {
  const parser = createSseParser()
  const streamTap = codec.createStreamTap({ ...ctx.deps.ctx })
  // A character split across two reads stays whole: the relayed text is decoded as a stream, once, and the
  // frame parser reads that same text.
  const utf8 = new StringDecoder('utf8')
  const echo = echoRewriter(ctx.echo)
  const redact = redactedLines((text) => {
    const safe = ctx.deps.log.redactor.known(text)
    return echo ? echo(safe) : safe
  })
  const read = (frames: SseFrame[]): CanonicalEvent[] => {
    const events: CanonicalEvent[] = []
    ctx.exchange.frames('upstream', frames)
    for (const frame of frames) {
      for (const tap of ctx.taps) tap.frame(frame.event, frame.data)
      for (const e of streamTap.push(frame)) events.push(e)
    }
    return events
  }
  for await (const chunk of res.body) {
    const text = utf8.write(chunk as Buffer)
    const events = read(parser.push(text))
    yield { raw: redact.push(text), events }
  }
  const rest = utf8.end()
  // A last event without its blank line still counts (a `data: [DONE]` at the very end carries the stop).
  const events = read([...parser.push(rest), ...parser.end()])
  yield { raw: redact.end(rest), events }
}

/** Past this much text without a line break, all but the tail is let through (a line longer than any secret). */
const MAX_HELD = 1 << 20
const HELD_TAIL = 1024

/**
 * Redacts relayed text whole lines at a time: a credential an upstream echoes in an error event may arrive
 * split across two reads, and no credential spans a line break, so each read is passed on up to its last one.
 */
export function redactedLines(redact: (text: string) => string): {
  push(text: string): string
  end(text?: string): string
} {
  let held = ''
  return {
    push(text) {
      // What is held has no line break, so the last one is found in the new text alone.
      const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1
      if (last === 0) {
        held += text
        if (held.length <= MAX_HELD) return ''
        const out = held.slice(0, held.length - HELD_TAIL)
        held = held.slice(held.length - HELD_TAIL)
        return redact(out)
      }
      const out =
        held === ''
          ? last === text.length
            ? text
            : text.slice(0, last)
          : held + text.slice(0, last)
      held = last === text.length ? '' : text.slice(last)
      return redact(out)
    },
    end(text = '') {
      const out = held + text
      held = ''
      return out === '' ? '' : redact(out)
    },
  }
}
