// Per-provider admission: the cap on concurrent Codex processes (503) and the per-minute rate limit (429).
import { bridgeError } from '../../errors.js'

const WINDOW_MS = 60_000

export class Admission {
  private readonly active = new Map<string, number>()
  private readonly starts = new Map<string, number[]>()

  /** Admits one run or throws; the caller must call the returned release exactly once. */
  admit(
    providerId: string,
    maxProcesses: number,
    ratePerMinute: number,
    now = Date.now(),
  ): () => void {
    const running = this.active.get(providerId) ?? 0
    if (running >= maxProcesses) {
      throw bridgeError(
        'BRIDGE_RATE_LIMITED',
        'overloaded',
        `Provider "${providerId}" is already running ${running} Codex process${running === 1 ? '' : 'es'}, its limit (setting codex.maxProcesses); try again shortly.`,
        { status: 503, retryAfterSeconds: 5 },
      )
    }
    if (ratePerMinute > 0) {
      const recent = (this.starts.get(providerId) ?? []).filter((t) => now - t < WINDOW_MS)
      this.starts.set(providerId, recent)
      const oldest = recent[0]
      if (recent.length >= ratePerMinute && oldest !== undefined) {
        const retryAfterSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000))
        throw bridgeError(
          'BRIDGE_RATE_LIMITED',
          'rate_limit',
          `Provider "${providerId}" allows ${ratePerMinute} request${ratePerMinute === 1 ? '' : 's'} per minute (setting codex.ratePerMinute); try again in ${retryAfterSeconds}s.`,
          { status: 429, retryAfterSeconds },
        )
      }
      recent.push(now)
    }
    this.active.set(providerId, running + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      this.active.set(providerId, Math.max(0, (this.active.get(providerId) ?? 1) - 1))
    }
  }

  running(providerId: string): number {
    return this.active.get(providerId) ?? 0
  }
}
