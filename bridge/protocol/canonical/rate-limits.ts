// The serving account's usage windows as an upstream reports them mid-stream, in one neutral form that a
// client dialect may relay (Responses) or leave out (Chat, Anthropic: their SDKs have no such event).

/** One usage window: how much of its allowance is used, its length, and when it starts afresh. */
export interface RateLimitWindow {
  /** Share of the window's allowance used, in percent; can exceed 100 in overage. */
  usedPercent: number
  /** Length of the window in whole minutes (300 = 5 hours, 10080 = a week). */
  windowMinutes?: number
  /** When the window resets, in whole Unix seconds. */
  resetsAt?: number
}

export interface RateLimitCredits {
  hasCredits: boolean
  unlimited: boolean
  /** The balance as the upstream writes it (a decimal string). */
  balance?: string
}

/** A report of the limits that apply to the account serving this answer. */
export interface RateLimitInfo {
  /** The two slots as the upstream names them; which one is the 5-hour window varies by plan. */
  primary?: RateLimitWindow
  secondary?: RateLimitWindow
  /** The subscription plan, e.g. "plus", "pro". */
  planType?: string
  credits?: RateLimitCredits
  /** The metered limit these windows belong to, when the upstream names one (per-model limits). */
  limitName?: string
}
