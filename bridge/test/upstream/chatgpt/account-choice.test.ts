// The selection rules and the burn-rate forecast as plain functions: every branch with exact times.
import { describe, expect, it } from 'vitest'
import {
  limitedUntil,
  planAccounts,
  usedPercent,
  type Candidate,
} from '../../../upstream/chatgpt/account-choice.js'
import { addSample, forecast, type UsageSample } from '../../../upstream/chatgpt/burn-rate.js'
import type { StoredAccountUsage } from '../../../upstream/chatgpt/usage-tracker.js'

const NOW = Date.parse('2026-12-05T12:00:00Z')
const MIN = 60_000

function u(primary: number, secondary = 0, resetsIn = 60 * MIN): StoredAccountUsage {
  return {
    primary: { usedPercent: primary, windowMinutes: 300, resetsAt: NOW + resetsIn },
    secondary: { usedPercent: secondary, windowMinutes: 10080, resetsAt: NOW + 3 * 86400_000 },
    samples: [],
  }
}

const c = (id: string, usage?: StoredAccountUsage, signedIn = true): Candidate => ({
  id,
  email: `${id}@example.com`,
  signedIn,
  ...(usage ? { usage } : {}),
})

describe('planAccounts', () => {
  it('sign-in order below the threshold, then the reserve, then the rest above it', () => {
    const plan = planAccounts(
      [c('a', u(96)), c('b', u(10)), c('r', u(0)), c('d', u(20, 97))],
      { switchAtPercent: 95, reserve: 'r@example.com' },
      undefined,
      NOW,
    )
    expect(plan.order).toEqual(['b', 'r', 'a', 'd'])
  })

  it('a sticky conversation stays above the threshold, leaves when limited', () => {
    const accounts = [c('a', u(99)), c('b', u(10))]
    expect(planAccounts(accounts, {}, 'a', NOW).order).toEqual(['a', 'b'])
    const limited = [c('a', u(100)), c('b', u(10))]
    expect(planAccounts(limited, {}, 'a', NOW)).toMatchObject({
      order: ['b'],
      limited: [{ id: 'a', until: NOW + 60 * MIN }],
    })
  })

  it('an explicit order by email or id; unnamed accounts follow in sign-in order', () => {
    const plan = planAccounts(
      [c('a'), c('b'), c('c')],
      { order: ['C@example.com', 'b'] },
      undefined,
      NOW,
    )
    expect(plan.order).toEqual(['c', 'b', 'a'])
  })

  it('skips accounts whose sign-in ended and counts a passed reset as an empty window', () => {
    const stale = u(100, 0, -MIN)
    expect(usedPercent(stale, NOW)).toBe(0)
    expect(limitedUntil(stale, NOW)).toBeUndefined()
    expect(limitedUntil({ samples: [], limitedUntil: NOW - 1 }, NOW)).toBeUndefined()
    const plan = planAccounts([c('gone', u(0), false), c('a', stale)], {}, undefined, NOW)
    expect(plan).toEqual({ order: ['a'], limited: [], needsSignIn: ['gone'] })
  })
})

describe('burn-rate forecast', () => {
  const reading = (minutesAgo: number, used: number): UsageSample => ({
    at: NOW - minutesAgo * MIN,
    fiveHour: { usedPercent: used, resetsAt: NOW + 120 * MIN },
  })

  it('runs out before the reset at the recent rate', () => {
    const f = forecast([reading(40, 20), reading(20, 40), reading(0, 60)], 'fiveHour', NOW)
    // 40 points in 40 minutes: the last 40 go in 40 more minutes.
    expect(f).toEqual({ percentPerHour: 60, runsOutAt: NOW + 40 * MIN, resetsAt: NOW + 120 * MIN })
  })

  it('lasts until the reset when slow, and says nothing from one reading or another window', () => {
    expect(forecast([reading(60, 10), reading(0, 20)], 'fiveHour', NOW)?.runsOutAt).toBeUndefined()
    expect(forecast([reading(0, 20)], 'fiveHour', NOW)).toBeUndefined()
    const before: UsageSample = {
      at: NOW - 30 * MIN,
      fiveHour: { usedPercent: 90, resetsAt: NOW - MIN },
    }
    expect(forecast([before, reading(0, 5)], 'fiveHour', NOW)).toBeUndefined()
  })

  it('keeps about one reading a minute however often requests come', () => {
    let samples: UsageSample[] = []
    for (let s = 0; s <= 180; s += 10) samples = addSample(samples, { at: NOW + s * 1000 })
    // The newest reading moves along; the one before it stays once it is a minute past its own predecessor.
    expect(samples.map((x) => (x.at - NOW) / 1000)).toEqual([0, 50, 100, 150, 180])
  })
})
