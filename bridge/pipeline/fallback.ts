// Fallback: when a provider cannot serve (every account limited, or its spending cap reached) before any byte
// went out, the request is re-planned for the next provider of its `fallback` list; when none is left the
// client gets its dialect's 429 with a retry-after no later than the earliest time one serves again.
import type { Settings } from '../config/schema.js'
import type { SkippedProvider } from '../control/contract/exchange.js'
import { BridgeError } from '../errors.js'
import { routeModel, type ModelMapper, type Route } from '../routing/route-model.js'
import { ProviderUnavailableError } from '../upstream/provider-unavailable.js'
import type { ExchangeContext } from './exchange-context.js'

/** Without any known reset time, clients are asked to wait this long before trying again. */
const UNKNOWN_RETRY_SECONDS = 60

/**
 * The routed provider, then its fallbacks in order, each followed by its own (depth first, each provider once).
 * A fallback gets the model name as routed before the first provider's own mapping (a Claude name stays a
 * Claude name for an Anthropic fallback), then its own mapping.
 */
export function fallbackRoutes(
  settings: Settings,
  requested: string,
  first: Route,
  map: ModelMapper,
): Route[] {
  // Most providers name no fallback: then there is nothing to plan, and routing need not run again.
  if (!first.provider.fallback?.length) return [first]
  const unmapped = routeModel(settings, requested)
  const model = unmapped.ok ? unmapped.upstreamModel : first.upstreamModel
  const routes: Route[] = [first]
  const seen = new Set([first.providerId])
  const visit = (id: string): void => {
    for (const next of settings.providers.find((p) => p.id === id)?.fallback ?? []) {
      const provider = settings.providers.find((p) => p.id === next)
      if (!provider || seen.has(next)) continue
      seen.add(next)
      routes.push({
        ...first,
        providerId: provider.id,
        provider,
        upstreamModel: first.matched === 'passthrough' ? model : map(provider, model, settings),
        matched: `${first.matched}, fallback for ${first.providerId}`,
      })
      visit(next)
    }
  }
  visit(first.providerId)
  return routes
}

/**
 * Runs `attempt` on each route until one serves. A provider past its spending cap is skipped without being
 * opened; one that throws ProviderUnavailableError before the answer started is skipped too.
 */
export async function serveWithFallback(
  ctx: ExchangeContext,
  routes: readonly Route[],
  attempt: (route: Route) => Promise<void>,
): Promise<void> {
  const skipped: SkippedProvider[] = []
  let retryAt: number | undefined
  for (const route of routes) {
    try {
      const capped = ctx.deps.usage?.blocked(route.provider)
      if (capped) throw capped
      if (skipped.length > 0) {
        ctx.exchange.update({ fallback: [...skipped] })
        ctx.exchange.note(`fallback: served by '${route.providerId}' (${describe(skipped)})`)
      }
      await attempt(route)
      return
    } catch (err) {
      if (!(err instanceof ProviderUnavailableError) || ctx.writer.isStarted) throw err
      skipped.push({
        provider: route.providerId,
        reason: err.reason,
        message: err.message,
        ...(err.tried.length > 0 ? { tried: [...err.tried] } : {}),
      })
      if (err.retryAt !== undefined) retryAt = Math.min(retryAt ?? err.retryAt, err.retryAt)
    }
  }
  ctx.exchange.update({ fallback: skipped })
  throw nothingLeft(skipped, retryAt, Date.now())
}

function describe(skipped: readonly SkippedProvider[]): string {
  return skipped.map((s) => `'${s.provider}' skipped: ${s.message}`).join('; ')
}

/** The client's 429: `insufficient_quota` when only spending caps stand in the way, else a rate limit. */
function nothingLeft(
  skipped: readonly SkippedProvider[],
  retryAt: number | undefined,
  now: number,
): BridgeError {
  const onlyCaps = skipped.every((s) => s.reason === 'spend_cap')
  const seconds =
    retryAt === undefined ? UNKNOWN_RETRY_SECONDS : Math.max(1, Math.ceil((retryAt - now) / 1000))
  const lead =
    skipped.length === 1
      ? 'The provider for this request cannot serve now'
      : 'No provider for this request can serve now'
  return new BridgeError('BRIDGE_RATE_LIMITED', {
    kind: 'rate_limit',
    status: 429,
    code: onlyCaps ? 'insufficient_quota' : 'rate_limit_exceeded',
    message: `${lead}: ${skipped.map((s) => `${s.provider}: ${s.message}`).join('; ')}.`,
    retryAfterSeconds: seconds,
  })
}
