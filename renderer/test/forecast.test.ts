// The forecast and fallback wording the Overview shows.
import { describe, expect, it } from 'vitest'
import type { AccountView } from '../../bridge/control/contract.js'
import { accountStateText, clockText, fallbackText, forecastText } from '../src/lib/forecast.js'

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

  it('says why an account cannot serve', () => {
    const a = account(undefined)
    expect(accountStateText(a, NOW)).toBeUndefined()
    expect(accountStateText({ ...a, state: 'needs sign-in' }, NOW)).toBe('needs sign-in')
    expect(accountStateText({ ...a, state: 'limited', limitedUntil: at(15, 5) }, NOW)).toBe(
      'limited until 15:05',
    )
    expect(accountStateText({ ...a, state: 'limited' }, NOW)).toBe('limited')
  })

  it('says who serves during a fallback', () => {
    const base = { provider: 'chatgpt', message: 'x', since: at(12, 0) }
    expect(fallbackText({ ...base, reason: 'usage_limit', servedBy: 'anthropic' })).toBe(
      'Requests meant for chatgpt are served by anthropic: chatgpt has reached its usage limit.',
    )
    expect(fallbackText({ ...base, reason: 'spend_cap' })).toBe(
      'No provider could serve requests meant for chatgpt: chatgpt has reached its spending cap.',
    )
  })
})
