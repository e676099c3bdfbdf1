// One model request, start to finish: decode, route, then passthrough or translate through the routed
// provider; every failure is answered in the client's own dialect by the one exit (deliver.ts).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bridgeError } from '../errors.js'
import { isJsonObject, type JsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { codecFor } from '../protocol/registry.js'
import type { Dialect } from '../protocol/dialects.js'
import { routeModel } from '../routing/route-model.js'
import { presentedKey } from '../routes/guard.js'
import { takeBodyText } from '../server-limits.js'
import { failExchange } from './deliver.js'
import { fallbackRoutes, serveWithFallback } from './fallback.js'
import { createExchangeContext, type GatewayDeps } from './exchange-context.js'
import { passthroughExchange } from './passthrough.js'
import { translateExchange } from './translate.js'
import { expandOwnCompactions } from './compaction/own-compaction.js'

/** The echoed fields ride in the client dialect's extras, where its encoder reads what the answer repeats. */
function withEcho(canonical: CanonicalRequest, echo: JsonObject): CanonicalRequest {
  if (Object.keys(echo).length === 0) return canonical
  const fields = { ...canonical.extras.fields, ...echo }
  return { ...canonical, extras: { ...canonical.extras, fields } }
}

export async function handleModelRequest(
  deps: GatewayDeps,
  dialect: Dialect,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  let body = request.body
  const stream = isJsonObject(body) && body['stream'] === true
  const ctx = createExchangeContext(deps, dialect, request, reply, stream)
  // From here on this function owns the reply: whatever throws below still answers and finishes the entry.
  reply.hijack()
  try {
    // The client's own text when the parser kept it; a body that came another way is serialised.
    const text = takeBodyText(request)
    ctx.exchange.body('clientRequest', () => text ?? JSON.stringify(body ?? null))
    if (!deps.serving())
      throw bridgeError(
        'BRIDGE_UPSTREAM_UNREACHABLE',
        'overloaded',
        'Switchboard is stopped; start it from the tray or the UI.',
        { status: 503 },
      )
    // Hooks see the body before routing, so a resolved conversation reaches every provider the same way.
    for (const hook of deps.hooks ?? []) {
      if (hook.dialect !== undefined && hook.dialect !== dialect) continue
      const prepared = hook.prepare({
        dialect,
        body,
        accessKey: presentedKey(request),
        note: (text) => ctx.exchange.note(text),
      })
      body = prepared.body
      if (prepared.tap) ctx.taps.push(prepared.tap)
      if (prepared.echo) Object.assign(ctx.echo, prepared.echo)
    }
    const codec = codecFor(dialect)
    // No upstream can read Switchboard's own compaction items: they become their summary for every route.
    if (dialect === 'openai-responses' && isJsonObject(body))
      body = expandOwnCompactions(body, deps.accessKey())
    // Routing needs only the model name; a same-dialect upstream then takes the body as it is, so the full
    // decode (76 KB for a Claude Code turn) is skipped on the passthrough path.
    const requested =
      isJsonObject(body) && typeof body['model'] === 'string' && body['model'] !== ''
        ? body['model']
        : undefined
    let canonical = requested === undefined ? codec.decodeRequest(body) : undefined
    const model = requested ?? canonical?.model ?? ''
    // Announced with the route below, or by the failure's own update when routing fails.
    ctx.exchange.set({ requestedModel: model })
    const route = routeModel(ctx.settings, model, deps.providers.mapModel)
    if (!route.ok)
      throw bridgeError('BRIDGE_MODEL_NOT_FOUND', 'not_found', route.message, {
        code: 'model_not_found',
        param: 'model',
      })
    const routes = fallbackRoutes(ctx.settings, model, route, deps.providers.mapModel)
    const raw = body
    await serveWithFallback(ctx, routes, async (next) => {
      const provider = deps.providers.for(next.provider.kind)
      ctx.exchange.update({
        provider: next.providerId,
        routedModel: next.upstreamModel,
        upstreamDialect: provider.dialect,
        route: next.matched,
        ...(ctx.exchange.entry.passthrough ? { passthrough: false } : {}),
      })
      if (provider.passthrough && provider.dialect === dialect && isJsonObject(raw)) {
        await passthroughExchange(ctx, provider, next, raw)
        return
      }
      // Translation rewrites the canonical request for its upstream (tool names, filters, effort), so a
      // fallback starts again from the client's body.
      const request = canonical ?? codec.decodeRequest(raw)
      canonical = undefined
      await translateExchange(ctx, provider, next, withEcho(request, ctx.echo))
    })
  } catch (err) {
    failExchange(ctx, err)
  }
}
