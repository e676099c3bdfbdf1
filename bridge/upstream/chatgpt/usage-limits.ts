// 5-hour and weekly usage windows from the x-codex-* headers, and the latest ones kept for status and UI (§3.4).
import type { RateLimitInfo } from '../../protocol/canonical/rate-limits.js'
import { formatReset, windowLabel } from '../../usage/usage-words.js'

// The wording lives with the tray's and the UI's; these names stay importable from here for the provider's callers.
export { formatRelative, formatReset, windowLabel } from '../../usage/usage-words.js'

export interface UsageWindow {
  /** Share of the window's allowance used; can exceed 100 in overage. */
  usedPercent: number
  windowMinutes: number
  resetsAt: Date
  /** "5-hour", "weekly", or "N-hour"/"N-minute" for other lengths. */
  label: string
}

export interface UsageCredits {
  hasCredits: boolean
  unlimited: boolean
  balance: number
}

export interface UsageWindows {
  /** The slots as the backend names them; which one is 5-hour varies by plan (free/plus report weekly as primary). */
  primary?: UsageWindow
  secondary?: UsageWindow
  /** The same windows by length. */
  fiveHour?: UsageWindow
  weekly?: UsageWindow
  planType?: string
  activeLimit?: string
  credits?: UsageCredits
  updatedAt: Date
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>

function getter(headers: HeaderSource): (name: string) => string | undefined {
  if (headers instanceof Headers) return (name) => headers.get(name) ?? undefined
  return (name) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : undefined
}
/** The backend writes Python booleans ("True"/"False"). */
const flag = (v: string | undefined): boolean | undefined =>
  v === undefined ? undefined : v.toLowerCase() === 'true'

function makeWindow(
  used: number | undefined,
  minutes: number | undefined,
  resetAt: number | undefined,
  resetAfter: number | undefined,
  now: Date,
): UsageWindow | undefined {
  // A zero-length window is an inactive slot (plus, 2026-08: secondary 0).
  if (used === undefined || minutes === undefined || minutes <= 0) return undefined
  const resetsAt =
    resetAt !== undefined
      ? new Date(resetAt * 1000)
      : new Date(now.getTime() + (resetAfter ?? 0) * 1000)
  return { usedPercent: used, windowMinutes: minutes, resetsAt, label: windowLabel(minutes) }
}

function classify(out: UsageWindows): UsageWindows {
  for (const w of [out.primary, out.secondary]) {
    if (!w) continue
    if (w.windowMinutes <= 24 * 60) out.fiveHour ??= w
    else out.weekly ??= w
  }
  return out
}

/** Undefined when the response carried no usage headers. */
export function parseUsageHeaders(
  headers: HeaderSource,
  now: Date = new Date(),
): UsageWindows | undefined {
  const get = getter(headers)
  const slot = (name: 'primary' | 'secondary'): UsageWindow | undefined =>
    makeWindow(
      num(get(`x-codex-${name}-used-percent`)),
      num(get(`x-codex-${name}-window-minutes`)),
      num(get(`x-codex-${name}-reset-at`)),
      num(get(`x-codex-${name}-reset-after-seconds`)),
      now,
    )
  const out: UsageWindows = { updatedAt: now }
  const primary = slot('primary')
  const secondary = slot('secondary')
  if (primary) out.primary = primary
  if (secondary) out.secondary = secondary
  const plan = get('x-codex-plan-type')
  if (plan) out.planType = plan
  const active = get('x-codex-active-limit')
  if (active) out.activeLimit = active
  const hasCredits = flag(get('x-codex-credits-has-credits'))
  if (hasCredits !== undefined) {
    out.credits = {
      hasCredits,
      unlimited: flag(get('x-codex-credits-unlimited')) ?? false,
      balance: num(get('x-codex-credits-balance')) ?? 0,
    }
  }
  if (!primary && !secondary && !plan && !out.credits) return undefined
  return classify(out)
}

/** The windows of a streamed `codex.rate_limits` report, as the Responses decoder read it. */
export function usageFromRateLimits(
  info: RateLimitInfo,
  now: Date = new Date(),
): UsageWindows | undefined {
  const out: UsageWindows = { updatedAt: now }
  for (const name of ['primary', 'secondary'] as const) {
    const w = info[name]
    if (!w) continue
    const window = makeWindow(w.usedPercent, w.windowMinutes, w.resetsAt, undefined, now)
    if (window) out[name] = window
  }
  if (info.planType !== undefined) out.planType = info.planType
  if (info.credits)
    out.credits = {
      hasCredits: info.credits.hasCredits,
      unlimited: info.credits.unlimited,
      balance: num(info.credits.balance) ?? 0,
    }
  return out.primary || out.secondary ? classify(out) : undefined
}

/** "5-hour window: 42% used, resets at 14:05 UTC (in 37 min)" for status lines. */
export function describeWindow(w: UsageWindow, now: Date = new Date(), timeZone?: string): string {
  return `${w.label} window: ${Math.round(w.usedPercent)}% used, resets at ${formatReset(w.resetsAt, now, timeZone)}`
}
