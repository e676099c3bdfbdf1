// Faults the fake Codex backend plays on demand (401, 429 usage limit, 503…) and its usage reports (§3.4, §3.5).
import { detail, usageHeaders, usageLimitBody } from './fake-codex-catalog.js'
import type { FakeUsage } from './fake-codex-catalog.js'
import type { Rejection } from './fake-codex-validate.js'
import type { Obj } from './json-guards.js'

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/** Faults for the next POST /responses (failNext) or named in the x-fake-scenario header. */
export type CodexFault =
  | 'expired-token'
  | 'usage-limit'
  | 'usage-not-included'
  | 'midstream-failed'
  | 'overloaded'
  | 'model-capacity'
  /** The backend's overflow: HTTP 200, then `response.failed` with `context_length_exceeded` (codex-backend §3.2). */
  | 'context-overflow'
export const FAULTS: CodexFault[] = [
  'context-overflow',
  'expired-token',
  'usage-limit',
  'usage-not-included',
  'midstream-failed',
  'overloaded',
  'model-capacity',
]

export function whamUsage(usage: FakeUsage): Obj {
  const now = nowSeconds()
  const win = (w: FakeUsage['primary']): Obj | null =>
    w
      ? {
          used_percent: w.usedPercent,
          limit_window_seconds: w.windowMinutes * 60,
          reset_after_seconds: w.resetAfterSeconds,
          reset_at: now + w.resetAfterSeconds,
        }
      : null
  const limited = [usage.primary, usage.secondary].some(
    (w) => w !== undefined && w.usedPercent >= 100,
  )
  return {
    plan_type: usage.planType,
    rate_limit: {
      allowed: !limited,
      limit_reached: limited,
      primary_window: win(usage.primary),
      secondary_window: win(usage.secondary),
    },
    credits: null,
  }
}

export function scenarioFaults(header: string | string[] | undefined): CodexFault[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '')
  return FAULTS.filter((f) => text.split(/[\s,]+/).includes(f))
}

export function faultRejection(fault: CodexFault, usage: FakeUsage): Rejection | undefined {
  const now = nowSeconds()
  switch (fault) {
    case 'expired-token': {
      const errorJson = Buffer.from(JSON.stringify({ error: { code: 'token_expired' } })).toString(
        'base64',
      )
      return {
        status: 401,
        body: detail('Unauthorized'),
        headers: { 'x-openai-authorization-error': 'token_expired', 'x-error-json': errorJson },
      }
    }
    case 'usage-limit': {
      const exhausted: FakeUsage = {
        ...usage,
        primary: {
          ...(usage.primary ?? { windowMinutes: 300, resetAfterSeconds: 3600 }),
          usedPercent: 100,
        },
      }
      return {
        status: 429,
        body: usageLimitBody(exhausted, now),
        headers: usageHeaders(exhausted, now),
      }
    }
    case 'usage-not-included':
      return {
        status: 429,
        body: {
          error: {
            type: 'usage_not_included',
            message: 'Your plan does not include Codex.',
            plan_type: 'free',
          },
        },
      }
    case 'overloaded':
      return {
        status: 503,
        body: {
          error: {
            code: 'server_is_overloaded',
            message: 'Our servers are currently overloaded. Please try again later.',
          },
        },
      }
    case 'model-capacity':
      return {
        status: 429,
        body: {
          error: {
            type: 'invalid_request_error',
            code: null,
            message: 'Selected model is at capacity. Please try a different model.',
          },
        },
      }
    case 'midstream-failed':
    case 'context-overflow':
      return undefined
  }
}

export function rateLimitsEvent(usage: FakeUsage): Obj {
  const now = nowSeconds()
  const win = (w: FakeUsage['primary']): Obj | null =>
    w
      ? {
          used_percent: w.usedPercent,
          window_minutes: w.windowMinutes,
          reset_at: now + w.resetAfterSeconds,
        }
      : null
  return {
    plan_type: usage.planType,
    rate_limits: { primary: win(usage.primary), secondary: win(usage.secondary) },
    credits: { has_credits: false, unlimited: false, balance: '0' },
    metered_limit_name: 'codex',
  }
}
