// The pool's burn-rate forecast and the gateway's fallback in words, as the tray and `switchboard status` say them.
import type {
  AccountUsageWindow,
  AccountView,
  FallbackState,
} from '../../../bridge/control/contract.js'

function windowName(minutes: number | undefined): string {
  const m = minutes ?? 300
  if (m === 10_080) return 'weekly'
  if (m === 1_440) return 'daily'
  if (m % 60 === 0) return `${m / 60}-hour`
  return `${m}-minute`
}

/** "14:20" in local time, or "Mon 14:20" when not today. */
export function clockText(epochMs: number, now = Date.now()): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(epochMs)
  const day = (ms: number) => new Date(ms).toDateString()
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short' }).format(epochMs)
  return day(epochMs) === day(now) ? time : `${weekday} ${time}`
}

/** "5-hour window runs out at 14:20" for the window that runs out first at the recent rate; nothing when none does. */
export function forecastText(account: AccountView, now = Date.now()): string | undefined {
  const runs = [account.usage?.primary, account.usage?.secondary]
    .filter((w): w is AccountUsageWindow & { runsOutAt: string } => w?.runsOutAt !== undefined)
    .map((w) => ({ w, at: Date.parse(w.runsOutAt) }))
    .filter((r) => !Number.isNaN(r.at))
    .sort((a, b) => a.at - b.at)
  const first = runs[0]
  if (!first) return undefined
  return `${windowName(first.w.windowMinutes)} window runs out at ${clockText(first.at, now)}`
}

/** The account's state in a few words when it is not simply ready. */
export function accountStateText(account: AccountView, now = Date.now()): string | undefined {
  if (account.state === 'needs sign-in') return 'needs sign-in'
  if (account.state !== 'limited') return undefined
  const until = account.limitedUntil ? Date.parse(account.limitedUntil) : NaN
  return Number.isNaN(until) ? 'limited' : `limited until ${clockText(until, now)}`
}

const REASON: Record<FallbackState['reason'], string> = {
  usage_limit: 'has reached its usage limit',
  spend_cap: 'has reached its spending cap',
}

/** "Requests meant for chatgpt are served by anthropic: chatgpt has reached its usage limit." */
export function fallbackText(fallback: FallbackState): string {
  const why = `${fallback.provider} ${REASON[fallback.reason] ?? `cannot serve (${fallback.reason})`}`
  return fallback.servedBy
    ? `Requests meant for ${fallback.provider} are served by ${fallback.servedBy}: ${why}.`
    : `No provider could serve requests meant for ${fallback.provider}: ${why}.`
}
