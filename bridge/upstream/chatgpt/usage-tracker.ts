// Per account: the latest usage windows, the reset time of a usage_limit_reached 429, and recent readings for
// the burn rate; kept in memory, saved beside the settings (host/usage-file.ts) and restored after a restart.
import {
  addSample,
  forecast,
  type Forecast,
  type UsageSample,
  type WindowKind,
} from './burn-rate.js'
import {
  parseUsageHeaders,
  windowLabel,
  type HeaderSource,
  type UsageWindows,
} from './usage-limits.js'

export interface StoredWindow {
  usedPercent: number
  windowMinutes: number
  /** Epoch ms. */
  resetsAt: number
}

/** One account's usage as saved: plain JSON, epoch milliseconds. */
export interface StoredAccountUsage {
  primary?: StoredWindow
  secondary?: StoredWindow
  planType?: string
  /** Epoch ms of the last report. */
  updatedAt?: number
  /** Epoch ms: a usage_limit_reached 429 said the account serves again at this time. */
  limitedUntil?: number
  samples: UsageSample[]
}

export type UsageListener = (windows: UsageWindows, accountId: string) => void

interface AccountState {
  windows?: UsageWindows
  limitedUntil?: number
  samples: UsageSample[]
}

function stored(w: UsageWindows['primary']): StoredWindow | undefined {
  return w
    ? { usedPercent: w.usedPercent, windowMinutes: w.windowMinutes, resetsAt: w.resetsAt.getTime() }
    : undefined
}

function revive(s: StoredAccountUsage): UsageWindows | undefined {
  if (s.updatedAt === undefined || (!s.primary && !s.secondary)) return undefined
  const out: UsageWindows = { updatedAt: new Date(s.updatedAt) }
  for (const name of ['primary', 'secondary'] as const) {
    const w = s[name]
    if (!w) continue
    const window = { ...w, resetsAt: new Date(w.resetsAt), label: windowLabel(w.windowMinutes) }
    out[name] = window
    if (w.windowMinutes <= 24 * 60) out.fiveHour ??= window
    else out.weekly ??= window
  }
  if (s.planType) out.planType = s.planType
  return out
}

/** The latest windows per account; selection, the CLI status and the UI read it. */
export class UsageTracker {
  readonly #accounts = new Map<string, AccountState>()
  readonly #listeners = new Set<UsageListener>()
  #lastAccount = ''

  #state(accountId: string): AccountState {
    let state = this.#accounts.get(accountId)
    if (!state) {
      state = { samples: [] }
      this.#accounts.set(accountId, state)
    }
    return state
  }

  record(windows: UsageWindows, accountId = ''): void {
    const state = this.#state(accountId)
    state.windows = windows
    this.#lastAccount = accountId
    const sample: UsageSample = { at: windows.updatedAt.getTime() }
    for (const kind of ['fiveHour', 'weekly'] as const) {
      const w = windows[kind]
      if (w) sample[kind] = { usedPercent: w.usedPercent, resetsAt: w.resetsAt.getTime() }
    }
    state.samples = addSample(state.samples, sample)
    this.#emit(windows, accountId)
  }

  /** Records the usage headers of a backend response; returns what was parsed. */
  recordHeaders(
    headers: HeaderSource,
    accountId = '',
    now: Date = new Date(),
  ): UsageWindows | undefined {
    const windows = parseUsageHeaders(headers, now)
    if (windows) this.record(windows, accountId)
    return windows
  }

  /** A usage_limit_reached answer: the account is skipped until `until` (epoch ms). */
  markLimited(accountId: string, until: number): void {
    this.#state(accountId).limitedUntil = until
    const windows = this.#accounts.get(accountId)?.windows
    this.#emit(windows ?? { updatedAt: new Date() }, accountId)
  }

  limitedUntil(accountId: string): number | undefined {
    return this.#accounts.get(accountId)?.limitedUntil
  }

  /** One account's windows; without an id, the most recent report of any account. */
  latest(accountId?: string): UsageWindows | undefined {
    return this.#accounts.get(accountId ?? this.#lastAccount)?.windows
  }

  forecast(accountId: string, kind: WindowKind, now = Date.now()): Forecast | undefined {
    return forecast(this.#accounts.get(accountId)?.samples ?? [], kind, now)
  }

  forget(accountId: string): void {
    this.#accounts.delete(accountId)
  }

  /** One account's usage in its saved form; undefined when nothing was seen for it. */
  stored(accountId: string): StoredAccountUsage | undefined {
    const s = this.#accounts.get(accountId)
    if (!s) return undefined
    const entry: StoredAccountUsage = { samples: s.samples }
    const primary = stored(s.windows?.primary)
    const secondary = stored(s.windows?.secondary)
    if (primary) entry.primary = primary
    if (secondary) entry.secondary = secondary
    if (s.windows?.planType) entry.planType = s.windows.planType
    if (s.windows) entry.updatedAt = s.windows.updatedAt.getTime()
    if (s.limitedUntil !== undefined) entry.limitedUntil = s.limitedUntil
    return entry
  }

  snapshot(): Record<string, StoredAccountUsage> {
    const out: Record<string, StoredAccountUsage> = {}
    for (const id of this.#accounts.keys()) {
      const entry = this.stored(id)
      if (entry) out[id] = entry
    }
    return out
  }

  /** What a previous run saved; newer figures already seen in this run are kept. */
  restore(saved: Record<string, StoredAccountUsage>): void {
    for (const [id, s] of Object.entries(saved)) {
      if (this.#accounts.has(id)) continue
      const state: AccountState = { samples: s.samples }
      const windows = revive(s)
      if (windows) state.windows = windows
      if (s.limitedUntil !== undefined) state.limitedUntil = s.limitedUntil
      this.#accounts.set(id, state)
    }
  }

  subscribe(listener: UsageListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #emit(windows: UsageWindows, accountId: string): void {
    for (const l of this.#listeners) l(windows, accountId)
  }
}
