// ChatGPT sign-in as the UI, the tray and `switchboard accounts` show it: the account pool, each account's
// usage windows, a sign-in in progress, and another tool's tokens offered for import.
export interface UsageWindow {
  usedPercent: number
  windowMinutes?: number
  resetsAt?: string
}

/** ChatGPT usage: `primary` is the 5-hour window, `secondary` the weekly one. */
export interface UsageWindows {
  primary?: UsageWindow
  secondary?: UsageWindow
  updatedAt?: string
}

/** One window of an account's usage, with the burn-rate forecast once there are readings to go by. */
export interface AccountUsageWindow {
  usedPercent: number
  windowMinutes?: number
  resetsAt?: string
  /** At the recent rate the window reaches 100% at this time (before its reset); absent when it lasts. */
  runsOutAt?: string
  /** Percentage points used per hour recently. */
  percentPerHour?: number
}

/** One ChatGPT account of the pool, as `switchboard accounts --json`, the UI and the tray show it. */
export interface AccountView {
  /** The ChatGPT account id. */
  id: string
  email: string | null
  plan: string | null
  state: 'ready' | 'limited' | 'needs sign-in'
  /** When a limited account serves again. */
  limitedUntil?: string
  /** `own` sign-in or the shared Codex CLI login. */
  mode?: string
  /** `primary` is the 5-hour window, `secondary` the weekly one; present once a response reported them. */
  usage?: { primary?: AccountUsageWindow; secondary?: AccountUsageWindow; updatedAt?: string }
  /** Why it needs sign-in, or how it is kept. */
  message?: string
  /** New conversations go to this account now. */
  servesNext?: boolean
  /** The provider's `accounts.reserve`: it serves only when every other account is at the switch threshold. */
  reserve?: boolean
}

/** The last sign-in started from the UI or the tray: still open, or how it ended. */
export interface SignInProgress {
  state: 'pending' | 'done' | 'failed'
  method: 'browser' | 'device'
  /** ISO time it started. */
  startedAt: string
  /** The account that signed in (email, else id). */
  account?: string
  /** False when that account was already in the pool and only its tokens were renewed. */
  added?: boolean
  /** Why it failed. */
  message?: string
}

export interface AuthStatus {
  signedIn: boolean
  state: string
  email?: string
  plan?: string
  accountId?: string
  expiresAt?: string
  /** How an imported Codex CLI login is kept, when one was imported. */
  mode?: string
  message?: string
  usage?: UsageWindows
  /** Every signed-in account in serving order (the fields above describe the first). */
  accounts?: AccountView[]
  /** The sign-in started last from the UI or tray; absent before any, or after it was cancelled. */
  signIn?: SignInProgress
}

export type SignInStart =
  | { method: 'browser'; authorizeUrl: string }
  | { method: 'device'; verificationUrl: string; userCode: string; expiresAt: string }

/** chatgpt-codex-proxy's tokens.json (plain text), found where that tool kept it, offered for import. */
export interface ProxyTokensOffer {
  /** The file. */
  path: string
  /** Whose sign-in it holds, when the tokens say. */
  email?: string
  accountId?: string
  /** Why it cannot be imported (unreadable, not JSON, no tokens). */
  problem?: string
}
