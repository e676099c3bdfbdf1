// The one wording of usage windows, limits, the burn-rate forecast and fallbacks (terminal, tray, UI): examples as
// each front end shows them, and properties over any times, zones and window lengths.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AccountUsageWindow, AccountView } from '../../control/contract/accounts.js'
import {
  clockText,
  fallbackShortText,
  fallbackText,
  firstToRunOut,
  forecastText,
  formatRelative,
  formatReset,
  runsOutText,
  stateText,
  windowLabel,
} from '../../usage/usage-words.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 200)
const NOW = new Date(2026, 11, 5, 13, 0).getTime()
const at = (h: number, m: number, day = 5) => new Date(2026, 11, day, h, m).toISOString()
const account = (usage: AccountView['usage']): AccountView => ({
  id: 'acc',
  email: 'work@x.com',
  plan: 'plus',
  state: 'ready',
  usage,
})

describe('forecast wording', () => {
  it('names the window that runs out first, with a weekday when not today', () => {
    expect(
      forecastText(
        account({
          primary: { usedPercent: 60, windowMinutes: 300, runsOutAt: at(14, 20) },
          secondary: { usedPercent: 90, windowMinutes: 10_080, runsOutAt: at(13, 40) },
        }),
        NOW,
      ),
    ).toBe('weekly window runs out at 13:40')
    expect(
      forecastText(
        account({ secondary: { usedPercent: 80, windowMinutes: 10_080, runsOutAt: at(9, 30, 7) } }),
        NOW,
      ),
    ).toBe('weekly window runs out at Mon 09:30')
    expect(forecastText(account({ primary: { usedPercent: 5, windowMinutes: 300 } }), NOW)).toBe(
      undefined,
    )
    expect(clockText(new Date(2026, 11, 5, 9, 5).getTime(), NOW)).toBe('09:05')
  })

  it('in the terminal: the zone and how long until then', () => {
    const now = Date.parse('2026-05-04T19:10:00Z')
    const w: AccountUsageWindow = {
      usedPercent: 70,
      windowMinutes: 300,
      runsOutAt: '2026-05-04T20:15:00Z',
    }
    expect(runsOutText(w, now, { style: 'reset' })).toBe(
      '5-hour window runs out at 20:15 UTC (in 1 h 5 min)',
    )
    expect(runsOutText(w, now, { style: 'reset', timeZone: 'Europe/Berlin' })).toBe(
      '5-hour window runs out at 22:15 CEST (in 1 h 5 min)',
    )
    expect(runsOutText(w, now, { timeZone: 'UTC' })).toBe('5-hour window runs out at 20:15')
    expect(runsOutText({ ...w, runsOutAt: 'soon' }, now)).toBeUndefined()
  })

  it('says why an account cannot serve', () => {
    const a = account(undefined)
    expect(stateText(a, NOW)).toBe('ready')
    expect(stateText({ ...a, state: 'needs sign-in' }, NOW)).toBe('needs sign-in')
    expect(stateText({ ...a, state: 'limited', limitedUntil: at(15, 5) }, NOW)).toBe(
      'limited until 15:05',
    )
    expect(stateText({ ...a, state: 'limited' }, NOW)).toBe('limited')
    expect(
      stateText(
        { ...a, state: 'limited', limitedUntil: '2026-05-04T19:47:00Z' },
        Date.parse('2026-05-04T19:10:00Z'),
        { style: 'reset' },
      ),
    ).toBe('limited until 19:47 UTC (in 37 min)')
  })

  it('says who serves during a fallback, as a sentence and as a menu line', () => {
    const base = { provider: 'chatgpt', message: 'x', since: at(12, 0) }
    expect(fallbackText({ ...base, reason: 'usage_limit', servedBy: 'anthropic' })).toBe(
      'Requests meant for chatgpt are served by anthropic: chatgpt has reached its usage limit.',
    )
    expect(fallbackText({ ...base, reason: 'spend_cap' })).toBe(
      'No provider could serve requests meant for chatgpt: chatgpt has reached its spending cap.',
    )
    expect(fallbackShortText({ ...base, reason: 'usage_limit', servedBy: 'anthropic' })).toBe(
      'Fallback: serving with anthropic (chatgpt limited)',
    )
    expect(fallbackShortText({ ...base, reason: 'spend_cap' })).toBe(
      'Fallback: nothing could serve (chatgpt at its spending cap)',
    )
  })

  it('resets and windows as the backend errors and `status` say them', () => {
    const now = new Date('2026-05-04T19:10:00Z')
    expect(formatReset(new Date('2026-05-04T19:47:00Z'), now)).toBe('19:47 UTC (in 37 min)')
    expect(formatReset(new Date('2026-05-08T11:23:20Z'), now)).toBe(
      'Fri 8 May 11:23 UTC (in 3 d 16 h)',
    )
    expect([300, 10080, 1440, 120, 45].map(windowLabel)).toEqual([
      '5-hour',
      'weekly',
      'daily',
      '2-hour',
      '45-minute',
    ])
  })
})

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Instants within a few years of now, whole seconds (as the backend reports them). */
const instant = fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => s * 1000)
const zone = fc.constantFrom(
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Pacific/Chatham',
)

/** Minutes read back from "in 3 h 52 min", "in 2 d 4 h", "in 37 min". */
function minutesOf(text: string): number {
  if (text === 'in under a minute') return 0
  const m = /^in (?:(\d+) d)? ?(?:(\d+) h)? ?(?:(\d+) min)?$/.exec(text)
  if (!m) throw new Error(`not a relative time: ${text}`)
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
}

describe('usage words, for any time', () => {
  it('a relative time reads back to the minute under two days, to the hour beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -HOUR, max: 60 * DAY }), (ms) => {
        const minutes = Math.max(0, Math.round(ms / 60_000))
        const back = minutesOf(formatRelative(ms))
        if (minutes < 48 * 60) expect(back).toBe(minutes)
        else expect(minutes - back).toBeGreaterThanOrEqual(0)
        if (minutes >= 48 * 60) expect(minutes - back).toBeLessThan(60)
      }),
      { numRuns: RUNS },
    )
  })

  it("a clock time is the zone's hour and minute, with the weekday exactly when the day differs", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -3 * DAY, max: 3 * DAY }), zone, (t, d, tz) => {
        const text = clockText(t + d, t, tz)
        const parts = new Intl.DateTimeFormat('en-GB', {
          timeZone: tz,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          weekday: 'short',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
        }).formatToParts(t + d)
        const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
        const sameDay = (ms: number) =>
          new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'short' }).format(ms)
        const time = `${part('hour')}:${part('minute')}`
        expect(text).toBe(sameDay(t + d) === sameDay(t) ? time : `${part('weekday')} ${time}`)
      }),
      { numRuns: RUNS },
    )
  })

  it('a window label reads back to its length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 24 * 31 }), (minutes) => {
        const label = windowLabel(minutes)
        const back =
          label === 'weekly'
            ? 10_080
            : label === 'daily'
              ? 1440
              : label.endsWith('-hour')
                ? Number(label.slice(0, -5)) * 60
                : Number(label.slice(0, -7))
        expect(back).toBe(minutes)
      }),
      { numRuns: RUNS },
    )
  })

  const window = (runsOut: fc.Arbitrary<number | undefined>, minutes: number) =>
    fc
      .record({
        usedPercent: fc.double({ min: 0, max: 150, noNaN: true }),
        runsOutAt: runsOut.map((ms) => (ms === undefined ? undefined : new Date(ms).toISOString())),
      })
      .map((w): AccountUsageWindow => {
        const out: AccountUsageWindow = { usedPercent: w.usedPercent, windowMinutes: minutes }
        if (w.runsOutAt !== undefined) out.runsOutAt = w.runsOutAt
        return out
      })
  const maybe = fc.option(instant, { nil: undefined })

  it('the forecast names the window that runs out first, and nothing when neither does', () => {
    fc.assert(
      fc.property(
        fc.option(window(maybe, 300), { nil: undefined }),
        fc.option(window(maybe, 10_080), { nil: undefined }),
        instant,
        (primary, secondary, now) => {
          const a = account({
            ...(primary ? { primary } : {}),
            ...(secondary ? { secondary } : {}),
          })
          const times = [primary, secondary].flatMap((w) =>
            w?.runsOutAt ? [{ w, at: Date.parse(w.runsOutAt) }] : [],
          )
          const text = forecastText(a, now, { timeZone: 'UTC' })
          if (times.length === 0) {
            expect(text).toBeUndefined()
            expect(firstToRunOut(a)).toBeUndefined()
            return
          }
          const earliest = Math.min(...times.map((t) => t.at))
          expect(firstToRunOut(a)?.at).toBe(earliest)
          const name =
            times.find((t) => t.at === earliest)?.w.windowMinutes === 300 ? '5-hour' : 'weekly'
          expect(text).toBe(`${name} window runs out at ${clockText(earliest, now, 'UTC')}`)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('a state reads as the account state, a limited one with its time when known', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AccountView['state']>('ready', 'limited', 'needs sign-in'),
        maybe,
        instant,
        (state, until, now) => {
          const a: AccountView = { ...account(undefined), state }
          if (until !== undefined) a.limitedUntil = new Date(until).toISOString()
          const text = stateText(a, now, { timeZone: 'UTC' })
          if (state !== 'limited') expect(text).toBe(state)
          else if (until === undefined) expect(text).toBe('limited')
          else expect(text).toBe(`limited until ${clockText(until, now, 'UTC')}`)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
