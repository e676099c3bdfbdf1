// Same dialect in and out: the client's body (model mapped, filters applied) goes upstream and the bytes
// come back untouched, still tapped for the log and usage (DESIGN.md hub rule 6).
import { contextOverflow, CONTEXT_LENGTH_EXCEEDED } from '../protocol/canonical/context-overflow.js'
import type { CanonicalError } from '../protocol/canonical/errors.js'
import { isJsonObject, type JsonObject } from '../protocol/canonical/json.js'
import type { Dialect } from '../protocol/dialects.js'
import { codecFor } from '../protocol/registry.js'
import type { Route } from '../routing/route-model.js'
import { readBody } from '../upstream/http.js'
import type { Provider } from '../upstream/provider.js'
import { deliver, emitFrames, replyJson } from './deliver.js'
import { echoRewriter } from './echo-fields.js'
import { applyRawEffort } from './effort.js'
import type { ExchangeContext } from './exchange-context.js'
import { relayHeaders } from './exchange-context.js'
import { upstreamFailure } from './failures.js'
import { filterRaw } from './request-filters.js'
import { openUpstream, relaySource } from './upstream-source.js'
import { startWatchdog } from './watchdog.js'
import { tryParseJson } from '../protocol/canonical/read-json.js'

export async function passthroughExchange(
  ctx: ExchangeContext,
  provider: Provider,
  route: Route,
  raw: JsonObject,
): Promise<void> {
  const { exchange, deps } = ctx
  const body: JsonObject = { ...raw, model: route.upstreamModel }
  for (const n of filterRaw(body, ctx.settings.filters)) exchange.note(`${n.code}: ${n.message}`)
  applyRawEffort(body, provider.dialect, route.effort)
  exchange.update({ passthrough: true })
  const codec = codecFor(provider.dialect)
  // Keepalives and a mid-stream failure are written in the dialect the bytes are in.
  const encoder =
    body['stream'] === true
      ? codec.createStreamEncoder({ ...deps.ctx, model: String(raw['model'] ?? '') })
      : undefined
  const watchdog = startWatchdog(
    ctx,
    encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined,
    provider.idleTimeout,
  )
  try {
    const reply = await openUpstream(ctx, provider, route, body)
    watchdog.touch()
    if (reply.kind !== 'http') throw new Error('a passthrough provider must answer with HTTP bytes')
    const res = reply.response
    if (!encoder || res.status >= 400) {
      // An error body is read up to 1 MB (a hostile upstream may send an endless one); an answer up to 64 MB.
      const answer = await readBody(res.body, res.status >= 400 ? undefined : 64 << 20)
      exchange.frame('upstream', answer)
      if (res.status >= 400) {
        // The upstream's own words for a failed passthrough (e.g. "messages.0: all messages must have non-empty content").
        const failure = upstreamFailure(codec, res.status, answer, relayHeaders(res.headers))
        // An error that is not the dialect's JSON envelope (a text/plain "boom", an HTML page from a proxy) becomes
        // the client's own envelope with the status and the text as its message; a JSON one passes as it is,
        // unless it is an overflow the client would not recognise (vLLM, Ollama, llama.cpp name no
        // `context_length_exceeded`): that one is re-worded so the client can compact.
        const parsed = tryParseJson(answer)
        if (
          !isJsonObject(parsed) ||
          overflowToReword(ctx.dialect, res.status, failure.error, parsed)
        )
          throw failure
        exchange.update({ error: failure.error.message })
      } else tapJson(ctx, answer)
      const headers = {
        'content-type': String(res.headers['content-type'] ?? 'application/json'),
        ...relayHeaders(res.headers),
      }
      // Passed through as it is, but never with a credential in it: hostile upstreams echo the ones they were sent.
      const echo = res.status < 400 ? echoRewriter(ctx.echo) : undefined
      const safe = deps.log.redactor.known(answer)
      replyJson(ctx, res.status, headers, echo ? echo(safe) : safe, {
        ttfbMs: Date.now() - exchange.entry.startedAt,
      })
      return
    }
    await deliver(ctx, relaySource(ctx, res, codec), { encoder, names: new Map(), watchdog })
  } finally {
    watchdog.stop()
  }
}

/** Each dialect's own overflow form, the one its clients recover from (long-sessions.md §3.4, §4.4). */
function overflowToReword(
  dialect: Dialect,
  status: number,
  error: CanonicalError,
  body: JsonObject,
): boolean {
  if (!contextOverflow(error)) return false
  const inner = isJsonObject(body['error']) ? body['error'] : {}
  switch (dialect) {
    case 'openai-chat':
    case 'openai-responses':
      return !(
        status === 400 &&
        inner['code'] === CONTEXT_LENGTH_EXCEEDED &&
        inner['type'] === 'invalid_request_error'
      )
    case 'anthropic-messages': {
      // Anthropic's second wording ("input length and `max_tokens` exceed context limit") is its own too:
      // Claude Code lowers max_tokens on it instead of compacting.
      const message = typeof inner['message'] === 'string' ? inner['message'] : ''
      return !(
        status === 400 &&
        inner['type'] === 'invalid_request_error' &&
        /^(prompt is too long|input length and `max_tokens` exceed context limit)/.test(message)
      )
    }
  }
}

function tapJson(ctx: ExchangeContext, answer: string): void {
  const usage = codecFor(ctx.dialect).responseUsage(tryParseJson(answer))
  if (usage) ctx.exchange.update({ usage })
  else ctx.exchange.note('could not read usage from the upstream answer')
}
