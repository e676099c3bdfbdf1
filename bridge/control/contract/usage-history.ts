// The usage history as the Usage page and `switchboard usage` read it: token rows per day and each provider's
// spend against its caps.
/** One row of the usage history: a day × upstream model × provider × account; input includes cached input. */
export interface UsageRow {
  day: string
  model: string
  provider: string
  account: string
  inputTokens: number
  cachedInputTokens: number
  outputTokens: number
  reasoningTokens: number
}

/** What a provider has cost today and this month (from the history and its prices), against its caps. */
export interface ProviderSpend {
  provider: string
  todayUsd: number
  monthUsd: number
  dailyCapUsd?: number
  monthlyCapUsd?: number
  /** Models whose tokens had no price (counted as free). */
  unpriced: string[]
}

export interface UsageHistory {
  /** False when no history is kept (no config directory, or the database could not be opened). */
  available: boolean
  rows: UsageRow[]
  spend: ProviderSpend[]
}
