// A provider's reply as an event source: opened with the gateway's abort and idle rules, decoded by its
// dialect (with the provider's own frame reader), or relayed as bytes and only tapped (passthrough).
import type { Route } from '../routing/route-model.js'
import { responseToEvents } from '../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { withContext, type DialectCodec, type StreamDecoderOptions } from '../protocol/codec.js'
import { createSseParser } from '../protocol/sse/parse.js'
import type { SseFrame } from '../protocol/sse/frame.js'
import { readBatches } from '../upstream/body-reader.js'
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
      signal: ctx.abort,
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
  const options = withContext(ctx.deps.ctx, { request: canonical })
  return {
    // Not a spread into a literal: see withContext.
    headers: Object.assign(relayHeaders(res.headers), reply.headers),
    batches: String(res.headers['content-type'] ?? '').includes('application/json')
      ? whole(ctx, res, codec, options)
      : decoded(res, codec, options, reply.readFrame),
  }
}

async function* single(events: AsyncIterable<CanonicalEvent>): AsyncGenerator<SourceBatch> {
  for await (const e of events) yield { events: [e] }
}

/** A JSON answer where a stream was asked for: one batch of its events. */
async function* whole(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
  options: StreamDecoderOptions,
): AsyncGenerator<SourceBatch> {
  const text = await readBody(res.body, 64 << 20)
  ctx.exchange.frame('upstream', text)
  yield { events: responseToEvents(codec.decodeResponse(parseJson(text), options)) }
}

/** A stream: one batch of decoded events per upstream read. */
function decoded(
  res: UpstreamResponse,
  codec: DialectCodec,
  options: StreamDecoderOptions,
  readFrame: FrameReader | undefined,
): AsyncIterable<SourceBatch> {
  const parser = createSseParser()
  const decoder = codec.createStreamDecoder(options)
  const next = (frame: SseFrame): CanonicalEvent[] => decoder.push(frame)
  const push = readFrame ? (frame: SseFrame) => readFrame(frame, next) : next
  const decode = (frames: SseFrame[], into: CanonicalEvent[]): CanonicalEvent[] => {
    for (const frame of frames) for (const e of push(frame)) into.push(e)
    return into
  }
  // The frames are logged by deliver, after the client's write.
  return readBatches<SourceBatch>(res.body, {
    read(text) {
      const frames = parser.push(text)
      return frames.length > 0 ? { events: decode(frames, []), frames } : undefined
    },
    end(rest) {
      const frames = [...parser.push(rest), ...parser.end()]
      const events = decode(frames, [])
      for (const e of decoder.end()) events.push(e)
      return { events, frames }
    },
  })
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

function tapped(
  ctx: ExchangeContext,
  res: UpstreamResponse,
  codec: DialectCodec,
): AsyncIterable<SourceBatch> {
  const parser = createSseParser()
  const streamTap = codec.createStreamTap({ ...ctx.deps.ctx })
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
  // The reader decodes the bytes as a stream, once (a character split across two reads stays whole): the
  // relayed text and the frame parser's are the same. The bytes go to the client first; deliver reads their
  // frames for the log and the taps after that write.
  return readBatches<SourceBatch>(res.body, {
    read: (text) => ({ raw: redact.push(text), events: () => read(parser.push(text)) }),
    // A last event without its blank line still counts (a `data: [DONE]` at the very end carries the stop).
    end: (rest) => ({
      raw: redact.end(rest),
      events: () => read([...parser.push(rest), ...parser.end()]),
    }),
  })
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
