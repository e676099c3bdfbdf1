// Usage windows from the x-codex-* headers (real values from earendil-works/pi #4172) and the tracker.
import { describe, expect, it } from 'vitest'
import {
  describeWindow,
  formatReset,
  usageFromRateLimits,
  parseUsageHeaders,
  windowLabel,
} from '../../../upstream/chatgpt/usage-limits.js'
import { UsageTracker } from '../../../upstream/chatgpt/usage-tracker.js'
import type { UsageWindows } from '../../../upstream/chatgpt/usage-limits.js'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'

const NOW = new Date('2026-05-04T19:10:00Z')
const REAL = {
  'x-codex-active-limit': 'premium',
  'x-codex-plan-type': 'plus',
  'x-codex-primary-used-percent': '100',
  'x-codex-primary-window-minutes': '300',
  'x-codex-primary-reset-after-seconds': '13873',
  'x-codex-primary-reset-at': '1777936568',
  'x-codex-secondary-used-percent': '80',
  'x-codex-secondary-window-minutes': '10080',
  'x-codex-secondary-reset-after-seconds': '316705',
  'x-codex-secondary-reset-at': '1778239400',
  'x-codex-primary-over-secondary-limit-percent': '0',
  'x-codex-credits-has-credits': 'False',
  'x-codex-credits-balance': '0',
  'x-codex-credits-unlimited': 'False',
}

describe('parseUsageHeaders', () => {
  it('reads the real header set into labelled 5-hour and weekly windows', () => {
    const w = parseUsageHeaders(REAL, NOW)
    expect(w).toEqual({
      primary: {
        usedPercent: 100,
        windowMinutes: 300,
        resetsAt: new Date(1777936568 * 1000),
        label: '5-hour',
      },
      secondary: {
        usedPercent: 80,
        windowMinutes: 10080,
        resetsAt: new Date(1778239400 * 1000),
        label: 'weekly',
      },
      fiveHour: {
        usedPercent: 100,
        windowMinutes: 300,
        resetsAt: new Date(1777936568 * 1000),
        label: '5-hour',
      },
      weekly: {
        usedPercent: 80,
        windowMinutes: 10080,
        resetsAt: new Date(1778239400 * 1000),
        label: 'weekly',
      },
      planType: 'plus',
      activeLimit: 'premium',
      credits: { hasCredits: false, unlimited: false, balance: 0 },
      updatedAt: NOW,
    })
  })

  it('classifies by length when the weekly window is primary and the secondary slot is inactive (plus, 2026-08)', () => {
    const w = parseUsageHeaders(
      {
        'x-codex-primary-used-percent': '7',
        'x-codex-primary-window-minutes': '10080',
        'x-codex-primary-reset-after-seconds': '60',
        'x-codex-secondary-used-percent': '0',
        'x-codex-secondary-window-minutes': '0',
      },
      NOW,
    )
    expect(w?.primary?.label).toBe('weekly')
    expect(w?.weekly).toBe(w?.primary)
    expect(w?.fiveHour).toBeUndefined()
    expect(w?.secondary).toBeUndefined()
    // Only reset-after given: counted from now.
    expect(w?.primary?.resetsAt).toEqual(new Date(NOW.getTime() + 60_000))
  })

  it('is undefined without usage headers, and accepts fetch Headers', () => {
    expect(parseUsageHeaders({ 'content-type': 'text/event-stream' })).toBeUndefined()
    expect(parseUsageHeaders(new Headers(REAL), NOW)?.secondary?.usedPercent).toBe(80)
  })

  it('reads the windows of a streamed rate-limit report', () => {
    const w = usageFromRateLimits(
      {
        planType: 'plus',
        primary: { usedPercent: 42, windowMinutes: 300, resetsAt: 1777936568 },
        credits: { hasCredits: true, unlimited: false, balance: '12.5' },
      },
      NOW,
    )
    expect(w?.fiveHour).toEqual({
      usedPercent: 42,
      windowMinutes: 300,
      resetsAt: new Date(1777936568 * 1000),
      label: '5-hour',
    })
    expect(w?.secondary).toBeUndefined()
    expect(w?.planType).toBe('plus')
    expect(w?.credits).toEqual({ hasCredits: true, unlimited: false, balance: 12.5 })
    // Credits alone say nothing about the windows.
    expect(
      usageFromRateLimits({ credits: { hasCredits: false, unlimited: false } }),
    ).toBeUndefined()
  })
})

describe('formatting', () => {
  it('labels windows and formats reset times', () => {
    expect([300, 10080, 1440, 120, 45].map(windowLabel)).toEqual([
      '5-hour',
      'weekly',
      'daily',
      '2-hour',
      '45-minute',
    ])
    expect(formatReset(new Date('2026-05-04T19:47:00Z'), NOW)).toBe('19:47 UTC (in 37 min)')
    expect(formatReset(new Date('2026-05-04T23:02:00Z'), NOW)).toBe('23:02 UTC (in 3 h 52 min)')
    expect(formatReset(new Date('2026-05-08T11:23:20Z'), NOW)).toBe(
      'Fri 8 May 11:23 UTC (in 3 d 16 h)',
    )
    expect(
      describeWindow(
        {
          usedPercent: 41.6,
          windowMinutes: 300,
          resetsAt: new Date('2026-05-04T19:47:00Z'),
          label: '5-hour',
        },
        NOW,
      ),
    ).toBe('5-hour window: 42% used, resets at 19:47 UTC (in 37 min)')
  })
})

describe('UsageTracker', () => {
  it('keeps the latest windows per account and tells subscribers', () => {
    const tracker = new UsageTracker()
    const seen: UsageWindows[] = []
    const stop = tracker.subscribe((w) => seen.push(w))
    expect(tracker.recordHeaders({}, 'acc')).toBeUndefined()
    expect(tracker.latest('acc')).toBeUndefined()
    tracker.recordHeaders(REAL, 'acc', NOW)
    tracker.recordHeaders({ ...REAL, 'x-codex-primary-used-percent': '3' }, 'acc', NOW)
    expect(tracker.latest('acc')?.fiveHour?.usedPercent).toBe(3)
    expect(tracker.latest('another')).toBeUndefined()
    // Without an id: the most recent report of any account.
    expect(tracker.latest()?.fiveHour?.usedPercent).toBe(3)
    stop()
    tracker.recordHeaders(REAL, 'acc', NOW)
    expect(seen).toHaveLength(2)
  })

  it('reads the headers of the fake backend over a real socket', async () => {
    const fake = await startFakeCodexBackend()
    try {
      fake.setUsage({
        planType: 'pro',
        primary: { usedPercent: 55, windowMinutes: 300, resetAfterSeconds: 1800 },
      })
      const res = await fetch(`${fake.baseUrl}/responses`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fake.validToken}`,
          'chatgpt-account-id': fake.accountId,
          session_id: 'k',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'gpt-5.5',
          instructions: '',
          input: [],
          store: false,
          stream: true,
          include: ['reasoning.encrypted_content'],
          prompt_cache_key: 'k',
        }),
      })
      await res.text()
      const tracker = new UsageTracker()
      const w = tracker.recordHeaders(res.headers, fake.accountId)
      expect(w?.planType).toBe('pro')
      expect(w?.fiveHour?.usedPercent).toBe(55)
      expect(w?.weekly).toBeUndefined()
      const inSeconds = ((w?.fiveHour?.resetsAt.getTime() ?? 0) - Date.now()) / 1000
      expect(inSeconds).toBeGreaterThan(1700)
      expect(inSeconds).toBeLessThanOrEqual(1800)
    } finally {
      await fake.close()
    }
  })
})
