// The burn-rate forecast: from the usage percentages seen over the last while, when a window would run out.

/** One window's reading at one moment. */
export interface WindowReading {
  usedPercent: number
  /** Epoch ms. */
  resetsAt: number
}

/** What the backend reported at one moment, by window length (slots move between plans). */
export interface UsageSample {
  /** Epoch ms. */
  at: number
  fiveHour?: WindowReading
  weekly?: WindowReading
}

export type WindowKind = 'fiveHour' | 'weekly'

export interface Forecast {
  /** Percentage points of the window used per hour, over the readings considered. */
  percentPerHour: number
  /** Epoch ms when the window reaches 100% at this rate; absent when it lasts until its reset. */
  runsOutAt?: number
  /** Epoch ms of the window's reset. */
  resetsAt: number
}

/** How far back the rate looks: long enough to smooth single requests, short enough to follow a change of pace. */
const LOOKBACK_MS: Record<WindowKind, number> = {
  fiveHour: 60 * 60_000,
  weekly: 24 * 60 * 60_000,
}
/** Readings closer than this give no usable slope. */
const MIN_SPAN_MS = 60_000
/** The backend's reset time wobbles by a second or two between responses of the same window. */
const SAME_WINDOW_MS = 120_000

/** Undefined until two readings of the current window are far enough apart. */
export function forecast(
  samples: readonly UsageSample[],
  kind: WindowKind,
  now: number,
): Forecast | undefined {
  const latest = [...samples].reverse().find((s) => s[kind] !== undefined)
  const current = latest?.[kind]
  if (!latest || !current || current.resetsAt <= now) return undefined
  const since = now - LOOKBACK_MS[kind]
  const first = samples.find((s) => {
    const r = s[kind]
    return (
      r !== undefined && s.at >= since && Math.abs(r.resetsAt - current.resetsAt) <= SAME_WINDOW_MS
    )
  })
  const start = first?.[kind]
  if (!first || !start || latest.at - first.at < MIN_SPAN_MS) return undefined
  const perMs = (current.usedPercent - start.usedPercent) / (latest.at - first.at)
  const out: Forecast = {
    percentPerHour: Math.max(0, perMs * 3_600_000),
    resetsAt: current.resetsAt,
  }
  if (perMs <= 0) return out
  const runsOutAt = latest.at + Math.max(0, 100 - current.usedPercent) / perMs
  if (runsOutAt < current.resetsAt) out.runsOutAt = Math.round(runsOutAt)
  return out
}

/** Keeps about one reading a minute for the last day: enough for both windows' lookback. */
export function addSample(samples: UsageSample[], sample: UsageSample, max = 240): UsageSample[] {
  // The newest reading moves along until a minute has passed since the one before it, then it stays.
  const before = samples[samples.length - 2]
  const next =
    before && sample.at - before.at < MIN_SPAN_MS ? samples.slice(0, -1) : samples.slice()
  next.push(sample)
  // Thin the older half rather than cut it, so the weekly lookback keeps a reading from hours ago.
  while (next.length > max) next.splice(1, 1)
  return next
}
