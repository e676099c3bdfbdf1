// The tray's image, tooltip and menu for each gateway and account state.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../bridge/config/defaults.js'
import type { AuthStatus } from '../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import {
  accountForecastLine,
  chatgptInUse,
  trayModel,
  usageText,
  windowLabel,
  type TrayMenuItem,
} from '../main/tray-model.js'
import { fallbackShortText } from '../../bridge/usage/usage-words.js'
import { RUNNING, SIGNED_OUT, STOPPED } from './fake-host.js'

const SIGNED_IN: AuthStatus = {
  signedIn: true,
  state: 'signed-in',
  email: 'ada@example.com',
  plan: 'plus',
  usage: {
    primary: { usedPercent: 42.4, windowMinutes: 300 },
    secondary: { usedPercent: 18, windowMinutes: 10_080 },
  },
}
const UNAVAILABLE: AuthStatus = { signedIn: false, state: 'unavailable' }
const ERROR: GatewayStatus = {
  ...STOPPED,
  state: 'error',
  error:
    'Port 8787 on 127.0.0.1 is already in use. Choose another port in Settings (0 picks a free one).',
}

const labels = (menu: TrayMenuItem[]) => menu.map((i) => (i.type === 'separator' ? '---' : i.label))
const item = (menu: TrayMenuItem[], label: string) =>
  menu.find((i) => i.type !== 'separator' && i.label === label)

describe('trayModel', () => {
  it('running and signed in: running image, URL status line, usage in the tooltip, Stop and Sign Out', () => {
    const model = trayModel(RUNNING, SIGNED_IN, { needsSignIn: true, launchAtLogin: true })
    expect(model.image).toBe('running')
    expect(model.tooltip).toBe(
      'Switchboard: running on http://127.0.0.1:8787\nChatGPT: 5h 42% · week 18%',
    )
    expect(labels(model.menu)).toEqual([
      'Running on http://127.0.0.1:8787',
      'ChatGPT: ada@example.com · 5h 42% · week 18%',
      '---',
      'Stop Gateway',
      '---',
      'Copy Snippet for Claude Code',
      'Copy Snippet for Codex',
      'Copy Snippet for OpenAI-Compatible Tools',
      '---',
      'Sign Out of ChatGPT',
      'Open Switchboard',
      'Launch at Login',
      '---',
      'Quit Switchboard',
    ])
    expect(model.menu[0]).toEqual({
      type: 'normal',
      label: 'Running on http://127.0.0.1:8787',
      enabled: false,
    })
    expect(item(model.menu, 'Stop Gateway')).toMatchObject({ enabled: true, action: 'stop' })
    expect(item(model.menu, 'Launch at Login')).toEqual({
      type: 'checkbox',
      label: 'Launch at Login',
      checked: true,
      action: 'toggle-launch-at-login',
    })
    expect(item(model.menu, 'Copy Snippet for Codex')).toMatchObject({ action: 'copy-codex' })
  })

  it('stopped: stopped image, Start offered', () => {
    const model = trayModel(STOPPED, SIGNED_IN, { needsSignIn: true })
    expect(model.image).toBe('stopped')
    expect(model.tooltip).toBe('Switchboard: stopped\nChatGPT: 5h 42% · week 18%')
    expect(model.menu[0]).toMatchObject({ label: 'Stopped', enabled: false })
    expect(item(model.menu, 'Start Gateway')).toMatchObject({ enabled: true, action: 'start' })
    expect(item(model.menu, 'Stop Gateway')).toBeUndefined()
    expect(item(model.menu, 'Launch at Login')).toMatchObject({ checked: false })
  })

  it('error: error image and the reason, clipped', () => {
    const model = trayModel(ERROR, SIGNED_OUT, { needsSignIn: true })
    expect(model.image).toBe('error')
    expect(
      model.tooltip.startsWith('Switchboard: error: Port 8787 on 127.0.0.1 is already in use.'),
    ).toBe(true)
    expect(model.tooltip.endsWith('\nChatGPT: signed out')).toBe(true)
    expect(model.tooltip.length).toBeLessThanOrEqual(127)
    const status = model.menu[0]
    expect(status?.type === 'normal' && status.label.startsWith('Error: Port 8787')).toBe(true)
    expect(status?.type === 'normal' && status.label.length <= 70).toBe(true)
    expect(item(model.menu, 'Start Gateway')).toMatchObject({ enabled: true })
  })

  it('signed out while ChatGPT is the route: signed-out image and Sign In', () => {
    const model = trayModel(RUNNING, SIGNED_OUT, { needsSignIn: true })
    expect(model.image).toBe('signed-out')
    expect(model.tooltip).toBe('Switchboard: running on http://127.0.0.1:8787\nChatGPT: signed out')
    expect(item(model.menu, 'ChatGPT: signed out')).toMatchObject({ enabled: false })
    expect(item(model.menu, 'Sign In with ChatGPT…')).toMatchObject({ action: 'sign-in' })
    expect(item(model.menu, 'Sign Out of ChatGPT')).toBeUndefined()
  })

  it('signed out but not routing to ChatGPT: just running', () => {
    expect(trayModel(RUNNING, SIGNED_OUT, { needsSignIn: false }).image).toBe('running')
  })

  it('starting: Start is disabled', () => {
    const model = trayModel({ ...STOPPED, state: 'starting' }, SIGNED_IN)
    expect(model.image).toBe('stopped')
    expect(model.tooltip.startsWith('Switchboard: starting…')).toBe(true)
    expect(item(model.menu, 'Start Gateway')).toMatchObject({ enabled: false })
  })

  it('without sign-in support: no account line and no sign-in item', () => {
    const model = trayModel(RUNNING, UNAVAILABLE, { needsSignIn: true })
    expect(model.image).toBe('running')
    expect(model.tooltip).toBe('Switchboard: running on http://127.0.0.1:8787')
    expect(labels(model.menu).some((l) => l.includes('ChatGPT'))).toBe(false)
  })

  it('signed in without usage numbers yet', () => {
    const model = trayModel(RUNNING, { signedIn: true, state: 'signed-in' }, { needsSignIn: true })
    expect(model.tooltip).toBe('Switchboard: running on http://127.0.0.1:8787\nChatGPT: signed in')
  })
})

// 2026-12-05 13:00 UTC; the forecast times are told in UTC.
const NOW = Date.parse('2026-12-05T13:00:00Z')
const POOL: AuthStatus = {
  ...SIGNED_IN,
  email: 'work@x.com',
  accounts: [
    {
      id: 'acc-work',
      email: 'work@x.com',
      plan: 'plus',
      state: 'ready',
      usage: {
        primary: {
          usedPercent: 60,
          windowMinutes: 300,
          resetsAt: '2026-12-05T16:00:00Z',
          runsOutAt: '2026-12-05T14:20:00Z',
          percentPerHour: 30,
        },
        secondary: { usedPercent: 18, windowMinutes: 10_080, resetsAt: '2026-12-09T00:00:00Z' },
      },
    },
    {
      id: 'acc-home',
      email: 'home@x.com',
      plan: 'plus',
      state: 'limited',
      limitedUntil: '2026-12-05T15:05:00Z',
    },
    { id: 'acc-old', email: null, plan: null, state: 'needs sign-in' },
  ],
}
const FALLBACK: GatewayStatus = {
  ...RUNNING,
  fallback: {
    provider: 'chatgpt',
    reason: 'usage_limit',
    message: 'every ChatGPT account is limited',
    servedBy: 'anthropic',
    since: '2026-12-05T12:50:00Z',
  },
}

describe('pool accounts and fallback', () => {
  const opts = { needsSignIn: true, now: NOW, timeZone: 'UTC', tooltipMax: 1_000 }

  it('the tooltip gives each account its forecast, limit or sign-in state', () => {
    const model = trayModel(RUNNING, POOL, opts)
    expect(model.tooltip).toBe(
      [
        'Switchboard: running on http://127.0.0.1:8787',
        'work@x.com: 5-hour window runs out at 14:20',
        'home@x.com: limited until 15:05',
        'acc-old: needs sign-in',
      ].join('\n'),
    )
    expect(labels(model.menu).slice(0, 6)).toEqual([
      'Running on http://127.0.0.1:8787',
      'ChatGPT: work@x.com · 5h 42% · week 18%',
      '  work@x.com: 5-hour window runs out at 14:20',
      '  home@x.com: limited until 15:05',
      '  acc-old: needs sign-in',
      '---',
    ])
  })

  it('says when the gateway serves with a fallback, in the tooltip and the menu', () => {
    const model = trayModel(FALLBACK, POOL, opts)
    expect(model.tooltip.split('\n')[1]).toBe('Fallback: serving with anthropic (chatgpt limited)')
    expect(model.menu[1]).toEqual({
      type: 'normal',
      label: 'Fallback: serving with anthropic (chatgpt limited)',
      enabled: false,
    })
    const none = trayModel(
      { ...RUNNING, fallback: { ...FALLBACK.fallback!, reason: 'spend_cap', servedBy: undefined } },
      SIGNED_IN,
      opts,
    )
    expect(none.tooltip).toBe(
      'Switchboard: running on http://127.0.0.1:8787\nFallback: nothing could serve (chatgpt at its spending cap)\nChatGPT: 5h 42% · week 18%',
    )
  })

  it('without fallback or forecast the tray reads as before', () => {
    const model = trayModel(RUNNING, SIGNED_IN, opts)
    expect(labels(model.menu).some((l) => l.startsWith('Fallback'))).toBe(false)
    expect(model.tooltip).toBe(
      'Switchboard: running on http://127.0.0.1:8787\nChatGPT: 5h 42% · week 18%',
    )
  })

  it('within the Windows limit it keeps whole lines, the fallback before the accounts', () => {
    const model = trayModel(FALLBACK, POOL, { ...opts, tooltipMax: 127 })
    expect(model.tooltip).toBe(
      [
        'Switchboard: running on http://127.0.0.1:8787',
        'Fallback: serving with anthropic (chatgpt limited)',
      ].join('\n'),
    )
    expect(trayModel(FALLBACK, POOL, { now: NOW }).tooltip.length).toBeLessThanOrEqual(127)
  })

  it('account lines: the window that runs out first, a day when not today, usage without a forecast', () => {
    const [work] = POOL.accounts!
    expect(accountForecastLine(work!, NOW, 'UTC')).toBe(
      'work@x.com: 5-hour window runs out at 14:20',
    )
    const weekly = {
      ...work!,
      usage: {
        secondary: {
          usedPercent: 80,
          windowMinutes: 10_080,
          runsOutAt: '2026-12-07T09:30:00Z',
        },
      },
    }
    expect(accountForecastLine(weekly, NOW, 'UTC')).toBe(
      'work@x.com: weekly window runs out at Mon 09:30',
    )
    const calm = { ...work!, usage: { primary: { usedPercent: 10, windowMinutes: 300 } } }
    expect(accountForecastLine(calm, NOW, 'UTC')).toBe('work@x.com: 5h 10%')
    expect(accountForecastLine({ ...work!, usage: undefined }, NOW, 'UTC')).toBe(
      'work@x.com: ready',
    )
    expect(fallbackShortText({ ...FALLBACK.fallback!, servedBy: 'openai' })).toBe(
      'Fallback: serving with openai (chatgpt limited)',
    )
  })
})

describe('usage text', () => {
  it('names windows by their length', () => {
    expect(windowLabel(300, 'x')).toBe('5h')
    expect(windowLabel(10_080, 'x')).toBe('week')
    expect(windowLabel(1_440, 'x')).toBe('day')
    expect(windowLabel(2_880, 'x')).toBe('2d')
    expect(windowLabel(45, 'x')).toBe('45m')
    expect(windowLabel(undefined, '5h')).toBe('5h')
  })

  it('joins the windows that exist', () => {
    expect(usageText({ primary: { usedPercent: 99.6 } })).toBe('5h 100%')
    expect(usageText({ secondary: { usedPercent: 3, windowMinutes: 10_080 } })).toBe('week 3%')
    expect(usageText({})).toBeUndefined()
    expect(usageText(undefined)).toBeUndefined()
  })
})

describe('chatgptInUse', () => {
  it('is true for the default ChatGPT provider and false once nothing routes there', () => {
    const settings = defaultSettings()
    expect(chatgptInUse(settings)).toBe(true)
    settings.providers.push({
      id: 'openai',
      kind: 'openai-responses',
      baseUrl: 'https://api.openai.com/v1',
    })
    settings.defaultProvider = 'openai'
    expect(chatgptInUse(settings)).toBe(false)
    settings.routing.rules.push({ match: 'gpt-5*', provider: 'chatgpt' })
    expect(chatgptInUse(settings)).toBe(true)
  })
})
