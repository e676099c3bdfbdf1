// `codex.rate_limits`: the usage windows the Codex backend streams with a Responses answer, read into the
// canonical form and written back the way Codex CLI parses it (codex-rs `parse_rate_limit_event`: integer
// minutes and reset times, a string balance, and a window without `used_percent` voids the whole event).
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type { RateLimitInfo, RateLimitWindow } from '../canonical/rate-limits.js'
import type { Obj } from './read.js'
import { asBool, asNum, asObj, asStr } from './read.js'

export const RATE_LIMITS_EVENT = 'codex.rate_limits'

/**
 * Whether a client reads the event: Codex CLI announces itself with its `x-codex-*` request headers (turn
 * metadata, window id, beta features) or an `originator` of `codex_…`. Any other Responses client is left without
 * it, since openai-node 7's `responses.stream()` throws on an event type it does not know.
 */
export function readsRateLimits(
  headers: Readonly<Record<string, string | string[] | undefined>> | undefined,
): boolean {
  if (!headers) return false
  const originator = headers['originator']
  if (typeof originator === 'string' && originator.startsWith('codex')) return true
  return Object.keys(headers).some((name) => name.startsWith('x-codex-'))
}

const numeric = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : asNum(v)
  return n !== undefined && Number.isFinite(n) ? n : undefined
}

function readWindow(value: unknown, nowSeconds: number): RateLimitWindow | undefined {
  const w = asObj(value)
  const usedPercent = numeric(w?.['used_percent'])
  if (!w || usedPercent === undefined) return undefined
  const out: RateLimitWindow = { usedPercent }
  const minutes = numeric(w['window_minutes'])
  if (minutes !== undefined) out.windowMinutes = Math.round(minutes)
  const resetAt = numeric(w['reset_at'])
  const resetAfter = numeric(w['reset_after_seconds'])
  if (resetAt !== undefined) out.resetsAt = Math.round(resetAt)
  else if (resetAfter !== undefined) out.resetsAt = Math.round(nowSeconds + resetAfter)
  return out
}

/** Undefined when the event names no window and no credits. */
export function readRateLimits(data: Obj, nowMs: number): RateLimitInfo | undefined {
  const limits = asObj(data['rate_limits'])
  const nowSeconds = Math.floor(nowMs / 1000)
  const out: RateLimitInfo = {}
  const primary = readWindow(limits?.['primary'], nowSeconds)
  const secondary = readWindow(limits?.['secondary'], nowSeconds)
  if (primary) out.primary = primary
  if (secondary) out.secondary = secondary
  const credits = asObj(data['credits'])
  const hasCredits = asBool(credits?.['has_credits'])
  if (credits && hasCredits !== undefined) {
    const balance = credits['balance']
    out.credits = {
      hasCredits,
      unlimited: asBool(credits['unlimited']) ?? false,
      ...(typeof balance === 'string' || typeof balance === 'number'
        ? { balance: String(balance) }
        : {}),
    }
  }
  if (!out.primary && !out.secondary && !out.credits) return undefined
  const plan = asStr(data['plan_type'])
  if (plan) out.planType = plan
  const name = asStr(data['metered_limit_name']) ?? asStr(data['limit_name'])
  if (name) out.limitName = name
  return out
}

function writeWindow(w: RateLimitWindow | undefined): JsonValue {
  if (!w) return null
  return {
    used_percent: w.usedPercent,
    ...(w.windowMinutes === undefined ? {} : { window_minutes: Math.round(w.windowMinutes) }),
    ...(w.resetsAt === undefined ? {} : { reset_at: Math.round(w.resetsAt) }),
  }
}

/** The event's fields after `type` (the encoder adds `type` and `sequence_number`). */
export function writeRateLimits(info: RateLimitInfo): JsonObject {
  const c = info.credits
  return {
    ...(info.planType === undefined ? {} : { plan_type: info.planType }),
    rate_limits: { primary: writeWindow(info.primary), secondary: writeWindow(info.secondary) },
    ...(c
      ? {
          credits: {
            has_credits: c.hasCredits,
            unlimited: c.unlimited,
            ...(c.balance === undefined ? {} : { balance: c.balance }),
          },
        }
      : {}),
    ...(info.limitName === undefined ? {} : { metered_limit_name: info.limitName }),
  }
}
