// Which ChatGPT account serves a request: switch before the limit, keep a conversation on its account, hold the
// reserve back, and never trust a reset time that has passed (issue 15, "Which account serves a request").
import type { StoredAccountUsage, StoredWindow } from './usage-tracker.js'

/** The `accounts` block of a chatgpt provider's settings. */
export interface AccountsSettings {
  switchAtPercent?: number
  /** Account ids or emails, served first in this order; accounts not named follow in sign-in order. */
  order?: string[]
  /** An account id or email that serves only when every other one is at or above switchAtPercent. */
  reserve?: string
}

/** Close enough to the limit that a long turn could hit it: new conversations move on before that. */
export const DEFAULT_SWITCH_AT_PERCENT = 95

export interface Candidate {
  id: string
  email: string | null
  /** False when the account's sign-in has ended (refresh refused): it is skipped until signed in again. */
  signedIn: boolean
  usage?: StoredAccountUsage
}

export interface AccountPlan {
  /** Account ids to try, in order; empty when none can serve now. */
  order: string[]
  /** Accounts at their limit, with the time they serve again when known. */
  limited: { id: string; until?: number }[]
  needsSignIn: string[]
}

/** A window whose reset has passed counts as empty: the backend starts it again. */
function live(w: StoredWindow | undefined, now: number): number {
  return w && w.resetsAt > now ? w.usedPercent : 0
}

/** The fuller of the two windows, as a percentage. */
export function usedPercent(usage: StoredAccountUsage | undefined, now: number): number {
  return Math.max(live(usage?.primary, now), live(usage?.secondary, now))
}

/** When an account at its limit serves again (epoch ms); undefined when it is not limited now. */
export function limitedUntil(
  usage: StoredAccountUsage | undefined,
  now: number,
): number | undefined {
  if (!usage) return undefined
  const times: number[] = []
  if (usage.limitedUntil !== undefined && usage.limitedUntil > now) times.push(usage.limitedUntil)
  for (const w of [usage.primary, usage.secondary])
    if (w && w.resetsAt > now && w.usedPercent >= 100) times.push(w.resetsAt)
  return times.length > 0 ? Math.max(...times) : undefined
}

/** A limited account whose reset time is unknown: it is skipped but not forever (see planAccounts). */
export function isLimited(usage: StoredAccountUsage | undefined, now: number): boolean {
  return limitedUntil(usage, now) !== undefined
}

export function matchesAccount(ref: string, c: { id: string; email: string | null }): boolean {
  const wanted = ref.trim().toLowerCase()
  return c.id.toLowerCase() === wanted || (c.email ?? '').toLowerCase() === wanted
}

/** Named accounts first (in the order given), the rest in sign-in order. */
export function orderAccounts<T extends { id: string; email: string | null }>(
  candidates: readonly T[],
  order: readonly string[] = [],
): T[] {
  const named: T[] = []
  for (const ref of order) {
    const c = candidates.find((x) => matchesAccount(ref, x))
    if (c && !named.includes(c)) named.push(c)
  }
  return [...named, ...candidates.filter((c) => !named.includes(c))]
}

/**
 * The accounts to try for one request, best first: the conversation's own account while it is not limited;
 * then every other account below switchAtPercent; then the reserve; then accounts above the threshold that
 * still serve. Limited and signed-out accounts are left out.
 */
export function planAccounts(
  candidates: readonly Candidate[],
  settings: AccountsSettings | undefined,
  sticky: string | undefined,
  now: number,
): AccountPlan {
  const threshold = settings?.switchAtPercent ?? DEFAULT_SWITCH_AT_PERCENT
  const ordered = orderAccounts(candidates, settings?.order)
  const reserve =
    settings?.reserve === undefined
      ? undefined
      : ordered.find((c) => matchesAccount(settings.reserve ?? '', c))
  const plan: AccountPlan = { order: [], limited: [], needsSignIn: [] }
  const usable: Candidate[] = []
  for (const c of ordered) {
    if (!c.signedIn) plan.needsSignIn.push(c.id)
    else if (isLimited(c.usage, now)) {
      const until = limitedUntil(c.usage, now)
      plan.limited.push(until === undefined ? { id: c.id } : { id: c.id, until })
    } else usable.push(c)
  }
  const add = (c: Candidate | undefined): void => {
    if (c && usable.includes(c) && !plan.order.includes(c.id)) plan.order.push(c.id)
  }
  add(usable.find((c) => c.id === sticky))
  const others = usable.filter((c) => c !== reserve)
  for (const c of others) if (usedPercent(c.usage, now) < threshold) add(c)
  add(reserve)
  for (const c of others) add(c)
  return plan
}

/** The earliest time any limited account serves again (for retry-after). */
export function earliestReset(plan: AccountPlan): number | undefined {
  const times = plan.limited.map((l) => l.until).filter((t): t is number => t !== undefined)
  return times.length > 0 ? Math.min(...times) : undefined
}
