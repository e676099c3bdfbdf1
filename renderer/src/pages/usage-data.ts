// The usage history shaped for the Usage page: one point per day with tokens per provider (for the chart),
// and totals per provider × account × model over the period (for the table).
import type { UsageRow } from '../../../bridge/control/contract/usage-history.js'

export interface DayPoint {
  day: string
  /** Input + output tokens per provider id. */
  [provider: string]: string | number
}

/** Every day of the period in order (days without usage included, at zero), and the providers seen. */
export function tokensPerDay(
  rows: readonly UsageRow[],
  days: number,
  now = Date.now(),
): { points: DayPoint[]; providers: string[] } {
  const providers = [...new Set(rows.map((r) => r.provider))].sort()
  const points: DayPoint[] = []
  const index = new Map<string, DayPoint>()
  for (let back = days - 1; back >= 0; back--) {
    const d = new Date(now)
    d.setDate(d.getDate() - back)
    const day = dayText(d)
    const point: DayPoint = { day }
    for (const p of providers) point[p] = 0
    points.push(point)
    index.set(day, point)
  }
  for (const r of rows) {
    const point = index.get(r.day)
    if (!point) continue
    point[r.provider] = Number(point[r.provider] ?? 0) + r.inputTokens + r.outputTokens
  }
  return { points, providers }
}

export type UsageTotal = Omit<UsageRow, 'day'>

/** Rows added up over the period per provider × account × model, the largest first. */
export function totalsByModel(rows: readonly UsageRow[]): UsageTotal[] {
  const byKey = new Map<string, UsageTotal>()
  for (const r of rows) {
    const key = JSON.stringify([r.provider, r.account, r.model])
    const t = byKey.get(key) ?? {
      provider: r.provider,
      account: r.account,
      model: r.model,
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    }
    t.inputTokens += r.inputTokens
    t.cachedInputTokens += r.cachedInputTokens
    t.outputTokens += r.outputTokens
    t.reasoningTokens += r.reasoningTokens
    byKey.set(key, t)
  }
  return [...byKey.values()].sort(
    (a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens),
  )
}

function dayText(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** 1234567 → "1.2M", 12345 → "12.3k". */
export function compactTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`
  return String(n)
}

export function usd(n: number): string {
  return n < 0.01 && n > 0 ? '<$0.01' : `$${n.toFixed(2)}`
}
