// One model request, start to finish: decode, route, then passthrough or translate; every failure is
// answered in the client's own dialect, as JSON before the stream starts and as an error event after.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bridgeError, toCanonicalError } from '../errors.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import { codecFor } from '../protocol/registry.js'
import type { Dialect } from '../protocol/dialects.js'
import { routeModel } from '../routing/route-model.js'
import { resolveTarget } from '../upstream/target.js'
import { createExchangeContext, type ExchangeContext, type GatewayDeps } from './exchange-context.js'
import { passthroughExchange } from './passthrough.js'
import { translateExchange } from './translate.js'
import { emitFrames } from './deliver.js'

export async function handleModelRequest(deps: GatewayDeps, dialect: Dialect, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = request.body
  const stream = isJsonObject(body) && body['stream'] === true
  reply.hijack()
  const ctx = createExchangeContext(deps, dialect, request, reply, stream)
  ctx.exchange.body('clientRequest', () => JSON.stringify(body ?? null))
  try {
    if (!deps.serving()) throw bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'overloaded', 'Switchboard is stopped; start it from the tray or the UI.', { status: 503 })
    const codec = codecFor(dialect)
    // Routing needs only the model name; a same-dialect upstream then takes the body as it is, so the full
    // decode (76 KB for a Claude Code turn) is skipped on the passthrough path.
    const requested = isJsonObject(body) && typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : undefined
    let canonical = requested === undefined ? codec.decodeRequest(body) : undefined
    const model = requested ?? canonical?.model ?? ''
    ctx.exchange.update({ requestedModel: model })
    const route = routeModel(ctx.settings, model)
    if (!route.ok) throw bridgeError('BRIDGE_MODEL_NOT_FOUND', 'not_found', route.message, { code: 'model_not_found', param: 'model' })
    const provider = ctx.settings.providers.find((p) => p.id === route.providerId)
    if (!provider) throw bridgeError('BRIDGE_MODEL_NOT_FOUND', 'not_found', `No provider named "${route.providerId}" is configured.`, { param: 'model' })
    const target = await resolveTarget(ctx.settings, provider, request.headers, deps.env, deps.secrets)
    for (const s of target.secrets) deps.log.redactor.add(s)
    ctx.exchange.update({ provider: provider.id, routedModel: route.upstreamModel, upstreamDialect: target.dialect, upstreamUrl: target.url, route: route.matched })
    // PASSTHROUGH_MODE promises the name goes upstream unchanged, so the ChatGPT model mapping is skipped too.
    if (provider.kind === 'chatgpt' && deps.chatgpt && route.matched !== 'passthrough') {
      const mapped = deps.chatgpt.modelsFor(provider).mapModel(route.upstreamModel, ctx.settings.routing.families)
      if (mapped !== route.upstreamModel) ctx.exchange.update({ routedModel: mapped })
      route.upstreamModel = mapped
    }
    // The ChatGPT backend needs its own body and headers per request, so it always takes the translating path.
    if (target.dialect === dialect && provider.kind !== 'chatgpt' && provider.kind !== 'codex-cli' && isJsonObject(body)) {
      await passthroughExchange(ctx, body, route, target)
      return
    }
    canonical ??= codec.decodeRequest(body)
    await translateExchange(ctx, canonical, route, target)
  } catch (err) {
    failExchange(ctx, err)
  }
}

export function failExchange(ctx: ExchangeContext, err: unknown): void {
  const { error, headers, internal } = toCanonicalError(err)
  if (internal) ctx.request.log.error({ err }, 'internal gateway error')
  ctx.exchange.update({ error: error.message })
  if (ctx.writer.clientGone) {
    ctx.exchange.finish({ status: 499 })
    return
  }
  const codec = codecFor(ctx.dialect)
  if (ctx.writer.isStarted) {
    const encoder = codec.createStreamEncoder({ ...ctx.deps.ctx, model: ctx.exchange.entry.requestedModel ?? '' })
    emitFrames(ctx, encoder.push({ type: 'error', error }))
    ctx.writer.end()
    ctx.exchange.finish({ status: 200, state: 'error' })
    return
  }
  const envelope = codec.encodeError(error)
  const text = JSON.stringify(envelope.body)
  ctx.exchange.body('clientResponse', text)
  ctx.reply.raw.writeHead(envelope.status, { 'content-type': 'application/json', ...headers })
  ctx.reply.raw.end(text)
  ctx.exchange.finish({ status: envelope.status, state: 'error' })
}
