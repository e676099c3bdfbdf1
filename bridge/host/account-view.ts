// One pool account as people and scripts see it: state (ready, limited until …, needs sign-in), usage windows
// with their reset times and the burn-rate forecast; the same view for `accounts --json`, status, UI and tray.
import type { AccountStatus } from '../auth/index.js'
import {
  DEFAULT_SWITCH_AT_PERCENT,
  limitedUntil,
  matchesAccount,
  orderAccounts,
  planAccounts,
  type AccountsSettings,
} from '../upstream/chatgpt/account-choice.js'
import { forecast, type WindowKind } from '../upstream/chatgpt/burn-rate.js'
import type { StoredAccountUsage, StoredWindow } from '../upstream/chatgpt/usage-tracker.js'
import type { AccountUsageWindow, AccountView } from '../control/contract/accounts.js'
import { formatReset, runsOutText, stateText, windowLabel } from '../usage/usage-words.js'

const iso = (ms: number): string => new Date(ms).toISOString()

function byLength(u: StoredAccountUsage, kind: WindowKind): StoredWindow | undefined {
  const short = (w: StoredWindow | undefined): boolean =>
    w !== undefined && w.windowMinutes <= 24 * 60
  const pick = (w: StoredWindow | undefined): boolean =>
    w !== undefined && (kind === 'fiveHour' ? short(w) : !short(w))
  return pick(u.primary) ? u.primary : pick(u.secondary) ? u.secondary : undefined
}

function windowView(
  u: StoredAccountUsage,
  kind: WindowKind,
  now: number,
): AccountUsageWindow | undefined {
  const w = byLength(u, kind)
  if (!w) return undefined
  // A window whose reset has passed is empty again; the old figure would only mislead.
  const passed = w.resetsAt <= now
  const out: AccountUsageWindow = {
    usedPercent: passed ? 0 : w.usedPercent,
    windowMinutes: w.windowMinutes,
  }
  if (!passed) out.resetsAt = iso(w.resetsAt)
  const f = passed ? undefined : forecast(u.samples, kind, now)
  if (f) {
    out.percentPerHour = Math.round(f.percentPerHour * 10) / 10
    if (f.runsOutAt !== undefined) out.runsOutAt = iso(f.runsOutAt)
  }
  return out
}

export function accountView(
  status: AccountStatus,
  usage: StoredAccountUsage | undefined,
  now = Date.now(),
): AccountView {
  const until = limitedUntil(usage, now)
  const view: AccountView = {
    id: status.id,
    email: status.email,
    plan: status.plan ?? usage?.planType ?? null,
    state: !status.signedIn ? 'needs sign-in' : until !== undefined ? 'limited' : 'ready',
  }
  if (until !== undefined) view.limitedUntil = iso(until)
  if (status.mode) view.mode = status.mode
  if (!status.signedIn) view.message = status.message
  if (usage && (usage.primary || usage.secondary)) {
    const primary = windowView(usage, 'fiveHour', now)
    const secondary = windowView(usage, 'weekly', now)
    view.usage = {}
    if (primary) view.usage.primary = primary
    if (secondary) view.usage.secondary = secondary
    if (usage.updatedAt !== undefined) view.usage.updatedAt = iso(usage.updatedAt)
  }
  return view
}

/**
 * The pool in serving order (`accounts.order` first), each account marked when new conversations go to it now
 * (the provider's own choice for a request with no conversation to stick to) and when it is the reserve.
 * The control API and `accounts --json` both list this, from whatever usage they hold.
 */
export function poolViews(
  statuses: readonly AccountStatus[],
  usageOf: (id: string) => StoredAccountUsage | undefined,
  settings: AccountsSettings | undefined,
  now = Date.now(),
): AccountView[] {
  const plan = planAccounts(
    statuses.map((s) => ({ id: s.id, email: s.email, signedIn: s.signedIn, usage: usageOf(s.id) })),
    settings,
    undefined,
    now,
  )
  return orderAccounts(statuses, settings?.order).map((s) => {
    const view = accountView(s, usageOf(s.id), now)
    if (plan.order[0] === s.id) view.servesNext = true
    if (settings?.reserve !== undefined && matchesAccount(settings.reserve, s)) view.reserve = true
    return view
  })
}

function windowLine(w: AccountUsageWindow, now: number, timeZone?: string): string {
  const label = `${windowLabel(w.windowMinutes ?? 300)} window:`.padEnd(16)
  const reset = w.resetsAt
    ? `, resets at ${formatReset(new Date(w.resetsAt), new Date(now), timeZone)}`
    : ''
  const rate = runsOutText(w, now, { style: 'reset', timeZone })
  return `    ${label}${Math.round(w.usedPercent)}% used${reset}${rate ? `; at this rate the ${rate}` : ''}`
}

/** The UI's badges in words: where new conversations go, and the reserve. */
function marks(v: AccountView): string {
  const badges = [
    ...(v.servesNext ? ['serves new conversations'] : []),
    ...(v.reserve ? ['reserve'] : []),
  ]
  return badges.length > 0 ? `  [${badges.join(', ')}]` : ''
}

/** Lines for the terminal: who, state and marks, then one line per window. */
export function describeAccount(v: AccountView, now = Date.now(), timeZone?: string): string[] {
  const who = `${v.email ?? v.id}${v.plan ? ` (${v.plan})` : ''}${v.mode === 'codex-linked' ? ', shared with the Codex CLI' : ''}`
  const lines = [
    `  ${who}: ${stateText(v, now, { style: 'reset', timeZone })}${marks(v)}`,
    `    account id:     ${v.id}`,
  ]
  if (v.usage?.primary) lines.push(windowLine(v.usage.primary, now, timeZone))
  if (v.usage?.secondary) lines.push(windowLine(v.usage.secondary, now, timeZone))
  if (!v.usage) lines.push('    usage:          not seen yet (shown after its first request)')
  if (v.state === 'needs sign-in' && v.message) lines.push(`    ${v.message}`)
  return lines
}

/**
 * The pool in a sentence or two, in the UI's words: who new conversations go to (or that none can serve), the
 * switch point when there is more than one account, and what the reserve waits for.
 */
export function describePool(
  views: readonly AccountView[],
  settings: AccountsSettings | undefined,
): string[] {
  const name = (v: AccountView): string => v.email ?? v.id
  const threshold = settings?.switchAtPercent ?? DEFAULT_SWITCH_AT_PERCENT
  const next = views.find((v) => v.servesNext)
  const lines = [
    `${next ? `New conversations go to ${name(next)}` : 'None can serve new conversations right now'}${views.length > 1 ? `, switching at ${threshold}% of a window` : ''}.`,
  ]
  const reserve = views.find((v) => v.reserve)
  if (reserve)
    lines.push(
      `Reserve: ${name(reserve)} serves only when every other account is past ${threshold}% of a window.`,
    )
  else if (settings?.reserve !== undefined)
    lines.push(`Reserve: ${settings.reserve} (not signed in).`)
  return lines
}
