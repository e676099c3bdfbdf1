// The gateway's usage ledger: finished exchanges go into the history database, and a provider past its
// spending cap is reported unavailable until the cap's window (day or month) ends.
import type { ProviderSettings } from '../config/schema.js'
import type { ExchangeFacts } from '../control/contract/exchange.js'
import type { ProviderSpend } from '../control/contract/usage-history.js'
import { ProviderUnavailableError } from '../upstream/provider-unavailable.js'
import { costUsd, priceFor } from './prices.js'
import { localDay, type UsageDb, type UsageRow } from './usage-db.js'

/** What the pipeline asks of the ledger; it names no provider kind. */
export interface UsageLedger {
  /** Adds a finished exchange's tokens to the history. Never throws: a full disk must not fail a request. */
  record(entry: ExchangeFacts): void
  /** The reason to skip `provider` now (its spending cap is reached), or undefined when it may serve. */
  blocked(provider: ProviderSettings): ProviderUnavailableError | undefined
}

export class SqliteUsageLedger implements UsageLedger {
  constructor(
    private readonly db: UsageDb,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  record(entry: ExchangeFacts): void {
    const row = rowOf(entry, this.now())
    if (!row) return
    try {
      this.db.add(row)
    } catch (error) {
      this.onError(error)
    }
  }

  spend(provider: ProviderSettings): ProviderSpend {
    const now = this.now()
    const today = localDay(now)
    const monthStart = `${today.slice(0, 8)}01`
    let todayUsd = 0
    let monthUsd = 0
    const unpriced = new Set<string>()
    const price = (totals: Parameters<typeof costUsd>[0]): number => {
      const prices = priceFor(provider, totals.model)
      if (!prices) {
        unpriced.add(totals.model)
        return 0
      }
      return costUsd(totals, prices)
    }
    for (const t of this.db.totalsSince(provider.id, monthStart)) monthUsd += price(t)
    for (const t of this.db.totalsSince(provider.id, today)) todayUsd += price(t)
    const cap = provider.spendCap
    return {
      provider: provider.id,
      todayUsd,
      monthUsd,
      ...(cap?.dailyUsd !== undefined ? { dailyCapUsd: cap.dailyUsd } : {}),
      ...(cap?.monthlyUsd !== undefined ? { monthlyCapUsd: cap.monthlyUsd } : {}),
      unpriced: [...unpriced],
    }
  }

  blocked(provider: ProviderSettings): ProviderUnavailableError | undefined {
    const cap = provider.spendCap
    if (!cap || (cap.dailyUsd === undefined && cap.monthlyUsd === undefined)) return undefined
    const spend = this.spend(provider)
    const now = new Date(this.now())
    // Past both caps, the provider is back only when the later window (the month) ends.
    if (cap.monthlyUsd !== undefined && spend.monthUsd >= cap.monthlyUsd)
      return capReached(provider, 'monthly', spend.monthUsd, cap.monthlyUsd, nextMonth(now))
    if (cap.dailyUsd !== undefined && spend.todayUsd >= cap.dailyUsd)
      return capReached(provider, 'daily', spend.todayUsd, cap.dailyUsd, nextDay(now))
    return undefined
  }
}

function capReached(
  provider: ProviderSettings,
  window: 'daily' | 'monthly',
  spent: number,
  cap: number,
  until: number,
): ProviderUnavailableError {
  return new ProviderUnavailableError(
    `provider '${provider.id}' reached its ${window} spending cap ($${spent.toFixed(2)} of $${cap.toFixed(2)}); it serves again at ${new Date(until).toLocaleString()}`,
    'spend_cap',
    until,
  )
}

function nextDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime()
}

function nextMonth(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth() + 1, 1).getTime()
}

/** The history row of a finished exchange; none when no upstream answered with usage. */
export function rowOf(entry: ExchangeFacts, now: number): UsageRow | undefined {
  const usage = entry.usage
  if (!usage || !entry.provider) return undefined
  if (usage.inputTokens === 0 && usage.outputTokens === 0) return undefined
  return {
    day: localDay(now),
    model: entry.routedModel ?? entry.requestedModel ?? '',
    provider: entry.provider,
    account: entry.account ?? '',
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTokens: usage.outputTokens,
    reasoningTokens: usage.reasoningTokens,
  }
}
