// What tokens cost: a provider's own `prices`, else the built-in list prices of well-known API models, so a
// spending cap works without typing a price table first.
import { builtInPrice, type Prices } from '../config/prices.js'
import type { ProviderSettings } from '../config/schema.js'
import type { UsageTotals } from './usage-db.js'

/**
 * The price a provider's tokens are counted at. A subscription (ChatGPT, the local Codex CLI) is not billed per
 * token, so only its own `prices` count for it.
 */
export function priceFor(provider: ProviderSettings, model: string): Prices | undefined {
  if (provider.prices) return provider.prices
  if (provider.kind === 'chatgpt' || provider.kind === 'codex-cli') return undefined
  return builtInPrice(model)
}

/** USD for token totals: uncached input, cached input and output (reasoning is part of output) each at their price. */
export function costUsd(totals: UsageTotals, prices: Prices): number {
  const cached = Math.min(totals.cachedInputTokens, totals.inputTokens)
  return (
    ((totals.inputTokens - cached) * prices.input +
      cached * prices.cachedInput +
      totals.outputTokens * prices.output) /
    1_000_000
  )
}
