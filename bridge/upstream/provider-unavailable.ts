// The one signal a provider gives when it cannot serve right now, so routing can move on to a fallback.

/** Why a provider stepped aside: every account is at its limit, or the user's spending cap is reached. */
export type UnavailableReason = 'usage_limit' | 'spend_cap'

/**
 * Thrown by `Provider.open` before any byte reached the client. The pipeline tries the provider's `fallback`
 * list in order; when nothing is left the client gets its dialect's 429 with `retry-after` from `retryAt`.
 */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: UnavailableReason,
    /** Epoch milliseconds when this provider can serve again (the earliest account reset), when known. */
    readonly retryAt?: number,
    /** What was tried before giving up (account emails or ids), for the log entry. */
    readonly tried: readonly string[] = [],
  ) {
    super(message)
    this.name = 'ProviderUnavailableError'
  }
}
