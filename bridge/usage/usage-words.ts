// How usage windows, limits, the burn-rate forecast and a fallback are said in words: one wording for the terminal
// (`status`, `accounts`), the tray and the UI. Pure (no I/O, no DOM, no Node): the renderer bundles it as it is.
import type { AccountUsageWindow, AccountView } from '../control/contract/accounts.js'
import type { FallbackState } from '../control/contract/gateway-status.js'

/** `300` → `5-hour`, `10080` → `weekly`: a window named by its length, as `status` and the backend's errors say it. */
export function windowLabel(minutes: number): string {
  if (minutes === 10080) return 'weekly'
  if (minutes === 1440) return 'daily'
  if (minutes % 60 === 0) return `${minutes / 60}-hour`
  return `${minutes}-minute`
}

/** "in 37 min", "in 3 h 52 min", "in 2 d 4 h". */
export function formatRelative(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 1) return 'in under a minute'
  if (minutes < 60) return `in ${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `in ${days} d` : `in ${days} d ${hours % 24} h`
}

/** The day an instant falls on in a zone ("Tue 12 May"): two instants on the same day give the same text. */
function dayText(epochMs: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(timeZone ? { timeZone } : {}),
  })
    .format(epochMs)
    .replace(',', '')
}

/** "14:05 UTC (in 37 min)"; a reset on another day also names the day: "Tue 12 May 14:05 UTC (in 3 d 4 h)". */
export function formatReset(resetsAt: Date, now: Date = new Date(), timeZone = 'UTC'): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).format(resetsAt)
  const day = dayText(resetsAt.getTime(), timeZone)
  const when = day === dayText(now.getTime(), timeZone) ? time : `${day} ${time}`
  return `${when} (${formatRelative(resetsAt.getTime() - now.getTime())})`
}

/** "14:20", or "Tue 14:20" when not today; in `timeZone`, else the system's. */
export function clockText(epochMs: number, now: number, timeZone?: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(epochMs)
  const day = dayText(epochMs, timeZone)
  return day === dayText(now, timeZone) ? time : `${day.split(' ')[0] ?? ''} ${time}`
}

/**
 * How times are told: `clock` ("14:20", "Mon 14:20", local unless a zone is given) where space is short (tray,
 * UI); `reset` ("14:20 UTC (in 1 h 5 min)", UTC unless a zone is given) in the terminal, which may be remote.
 */
export interface TimeWords {
  style?: 'clock' | 'reset'
  timeZone?: string
}

function timeText(epochMs: number, now: number, words: TimeWords): string {
  return words.style === 'reset'
    ? formatReset(new Date(epochMs), new Date(now), words.timeZone)
    : clockText(epochMs, now, words.timeZone)
}

/** Epoch ms of an ISO time, or undefined when it does not parse. */
function instant(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? undefined : ms
}

/** The window that runs out first at the recent rate (before its reset), when either does. */
export function firstToRunOut(
  account: AccountView,
): { window: AccountUsageWindow; at: number } | undefined {
  let first: { window: AccountUsageWindow; at: number } | undefined
  for (const window of [account.usage?.primary, account.usage?.secondary]) {
    const at = instant(window?.runsOutAt)
    if (window && at !== undefined && (first === undefined || at < first.at)) first = { window, at }
  }
  return first
}

/** "5-hour window runs out at 14:20"; nothing when the window lasts until its reset at the recent rate. */
export function runsOutText(
  window: AccountUsageWindow,
  now: number,
  words: TimeWords = {},
): string | undefined {
  const at = instant(window.runsOutAt)
  if (at === undefined) return undefined
  return `${windowLabel(window.windowMinutes ?? 300)} window runs out at ${timeText(at, now, words)}`
}

/** The burn-rate forecast of an account: its window that runs out first, in words; nothing when none does. */
export function forecastText(
  account: AccountView,
  now: number,
  words: TimeWords = {},
): string | undefined {
  const first = firstToRunOut(account)
  return first ? runsOutText(first.window, now, words) : undefined
}

/** "ready", "needs sign-in", "limited until 15:05" (or plain "limited" when the reset is not known). */
export function stateText(account: AccountView, now: number, words: TimeWords = {}): string {
  if (account.state !== 'limited') return account.state
  const until = instant(account.limitedUntil)
  return until === undefined ? 'limited' : `limited until ${timeText(until, now, words)}`
}

const REASON: Record<FallbackState['reason'], { long: string; short: string }> = {
  usage_limit: { long: 'has reached its usage limit', short: 'limited' },
  spend_cap: { long: 'has reached its spending cap', short: 'at its spending cap' },
}

/** "Requests meant for chatgpt are served by anthropic: chatgpt has reached its usage limit." */
export function fallbackText(fallback: FallbackState): string {
  const why = `${fallback.provider} ${REASON[fallback.reason].long}`
  return fallback.servedBy
    ? `Requests meant for ${fallback.provider} are served by ${fallback.servedBy}: ${why}.`
    : `No provider could serve requests meant for ${fallback.provider}: ${why}.`
}

/** The same in a menu line: "Fallback: serving with anthropic (chatgpt limited)". */
export function fallbackShortText(fallback: FallbackState): string {
  const why = `${fallback.provider} ${REASON[fallback.reason].short}`
  return fallback.servedBy
    ? `Fallback: serving with ${fallback.servedBy} (${why})`
    : `Fallback: nothing could serve (${why})`
}
