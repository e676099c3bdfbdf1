// The Tray wiring: images per state and platform, menu clicks reach the host and the clipboard, events re-render.
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())

import * as electron from 'electron'
import { createTray, menuTemplate, trayImagePath } from '../main/tray.js'
import type { AuthStatus } from '../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import { fakeHost, RUNNING, SIGNED_OUT, STOPPED } from './fake-host.js'
import { FakeTray, type ElectronMock } from './mocks/electron.js'

const mock = electron as unknown as ElectronMock

type BuiltMenu = { template: { label?: string; click?: () => void; checked?: boolean }[] }

function setup() {
  const host = fakeHost()
  let launch = false
  const deps = {
    host,
    trayDir: '/res/tray',
    showWindow: vi.fn(),
    quit: vi.fn(),
    notify: vi.fn(),
    platform: 'linux' as const,
    launchAtLogin: { get: () => launch, set: vi.fn(async (on: boolean) => void (launch = on)) },
  }
  return { host, deps }
}

const latest = () => FakeTray.instances[FakeTray.instances.length - 1]
const menuOf = (tray: FakeTray | undefined) => (tray?.menu as BuiltMenu).template
const click = (tray: FakeTray | undefined, label: string) => {
  const entry = menuOf(tray).find((i) => i.label === label)
  if (!entry?.click) throw new Error(`no clickable "${label}"`)
  entry.click()
}

beforeEach(() => {
  FakeTray.instances.length = 0
  mock.clipboard.writeText.mockClear()
})

describe('tray images', () => {
  it('uses template images on macOS for calm states and coloured ones otherwise', () => {
    expect(trayImagePath('/t', 'running', 'darwin')).toBe('/t/trayTemplate.png')
    expect(trayImagePath('/t', 'stopped', 'darwin')).toBe('/t/trayStoppedTemplate.png')
    expect(trayImagePath('/t', 'error', 'darwin')).toBe('/t/tray-error.png')
    expect(trayImagePath('/t', 'signed-out', 'linux')).toBe('/t/tray-signed-out.png')
    expect(trayImagePath('/t', 'running', 'win32')).toBe('/t/tray-running.png')
  })
})

describe('createTray', () => {
  it('shows the current state and follows host events', async () => {
    const { host, deps } = setup()
    await createTray(deps)
    const tray = latest()
    expect(tray?.image).toEqual({ path: '/res/tray/tray-signed-out.png' })
    expect(tray?.tooltip).toBe('Switchboard: stopped\nChatGPT: signed out')
    host.emit({ type: 'gateway:status', status: RUNNING })
    host.emit({
      type: 'auth:status',
      status: {
        signedIn: true,
        state: 'signed-in',
        usage: {
          primary: { usedPercent: 42, windowMinutes: 300 },
          secondary: { usedPercent: 18, windowMinutes: 10_080 },
        },
      },
    })
    expect(tray?.image).toEqual({ path: '/res/tray/tray-running.png' })
    expect(tray?.tooltip).toBe(
      'Switchboard: running on http://127.0.0.1:8787\nChatGPT: 5h 42% · week 18%',
    )
    expect(menuOf(tray)[0]).toEqual({ label: 'Running on http://127.0.0.1:8787', enabled: false })
  })

  it('says when a fallback serves and gives each pool account its forecast', async () => {
    const { host, deps } = setup()
    await createTray(deps)
    const tray = latest()
    const runsOutAt = new Date(Date.now() + 70 * 60_000).toISOString()
    const pool: AuthStatus = {
      signedIn: true,
      state: 'signed-in',
      email: 'work@x.com',
      accounts: [
        {
          id: 'acc-work',
          email: 'work@x.com',
          plan: 'plus',
          state: 'ready',
          usage: { primary: { usedPercent: 60, windowMinutes: 300, runsOutAt } },
        },
        { id: 'acc-home', email: 'home@x.com', plan: 'plus', state: 'needs sign-in' },
      ],
    }
    const fallback: GatewayStatus = {
      ...RUNNING,
      fallback: {
        provider: 'chatgpt',
        reason: 'usage_limit',
        message: 'every account is limited',
        servedBy: 'anthropic',
        since: new Date().toISOString(),
      },
    }
    host.emit({ type: 'gateway:status', status: fallback })
    host.emit({ type: 'auth:status', status: pool })
    const lines = (tray?.tooltip ?? '').split('\n')
    expect(lines[1]).toBe('Fallback: serving with anthropic (chatgpt limited)')
    expect(lines[2]).toMatch(/^work@x\.com: 5-hour window runs out at (\w{3} )?\d\d:\d\d$/)
    expect(lines[3]).toBe('home@x.com: needs sign-in')
    expect(menuOf(tray)[1]).toEqual({
      label: 'Fallback: serving with anthropic (chatgpt limited)',
      enabled: false,
    })
    host.emit({ type: 'gateway:status', status: RUNNING })
    expect(tray?.tooltip).not.toContain('Fallback')
    expect(menuOf(tray).some((i) => i.label?.startsWith('Fallback'))).toBe(false)
  })

  it('keeps the Windows tooltip within 127 characters', async () => {
    const { host, deps } = setup()
    await createTray({ ...deps, platform: 'win32' })
    host.emit({
      type: 'auth:status',
      status: {
        signedIn: true,
        state: 'signed-in',
        accounts: ['a', 'b', 'c', 'd'].map((n) => ({
          id: `acc-${n}`,
          email: `${n}-someone-with-a-long-address@example.com`,
          plan: 'plus',
          state: 'ready' as const,
        })),
      },
    })
    const tooltip = latest()?.tooltip ?? ''
    expect(tooltip.length).toBeLessThanOrEqual(127)
    expect(tooltip).toContain('a-someone-with-a-long-address@example.com: ready')
  })

  it('copies each snippet to the clipboard', async () => {
    const { deps } = setup()
    const controller = await createTray(deps)
    await controller.run('copy-claude')
    await controller.run('copy-codex')
    await controller.run('copy-openai')
    expect(mock.clipboard.writeText.mock.calls).toEqual([
      ['export ANTHROPIC_BASE_URL=http://127.0.0.1:8787'],
      ['model_provider = "switchboard"'],
      ['export OPENAI_BASE_URL=http://127.0.0.1:8787/v1'],
    ])
  })

  it('menu clicks start, sign in, open, toggle launch at login and quit', async () => {
    const { host, deps } = setup()
    const controller = await createTray(deps)
    const tray = latest()
    click(tray, 'Start Gateway')
    await vi.waitFor(() => expect(host.startGateway).toHaveBeenCalledTimes(1))
    click(tray, 'Sign In with ChatGPT…')
    await vi.waitFor(() => expect(host.signIn).toHaveBeenCalledWith({ method: 'browser' }))
    click(tray, 'Open Switchboard')
    await vi.waitFor(() => expect(deps.showWindow).toHaveBeenCalled())
    await controller.run('toggle-launch-at-login')
    expect(deps.launchAtLogin.set).toHaveBeenCalledWith(true)
    expect(menuOf(latest()).find((i) => i.label === 'Launch at Login')?.checked).toBe(true)
    click(latest(), 'Quit Switchboard')
    await vi.waitFor(() => expect(deps.quit).toHaveBeenCalled())
  })

  it('reports a failed action instead of throwing', async () => {
    const { host, deps } = setup()
    host.signIn.mockRejectedValueOnce(new Error('ChatGPT sign-in is not available in this build.'))
    const controller = await createTray(deps)
    await controller.run('sign-in')
    expect(deps.notify).toHaveBeenCalledWith(
      'Switchboard',
      'ChatGPT sign-in is not available in this build.',
    )
  })

  it('tells the user when Start fails', async () => {
    const { host, deps } = setup()
    host.startGateway.mockResolvedValueOnce({
      ...STOPPED,
      state: 'error',
      error: 'Port 8787 is already in use',
    })
    const controller = await createTray(deps)
    await controller.run('start')
    expect(deps.notify).toHaveBeenCalledWith(
      'The gateway did not start',
      'Port 8787 is already in use',
    )
  })

  it('stops listening and removes the icon on dispose', async () => {
    const { host, deps } = setup()
    const controller = await createTray(deps)
    controller.dispose()
    expect(latest()?.destroyed).toBe(true)
    expect(host.listenerCount()).toBe(0)
  })

  it('leaves status lines unclickable', () => {
    const template = menuTemplate(
      [{ type: 'normal', label: 'Stopped', enabled: false }, { type: 'separator' }],
      () => undefined,
    )
    expect(template).toEqual([{ label: 'Stopped', enabled: false }, { type: 'separator' }])
  })
})

describe('each tray state through the Tray', () => {
  const SIGNED_IN: AuthStatus = { signedIn: true, state: 'signed-in', email: 'ada@example.com' }
  const UNAVAILABLE: AuthStatus = { signedIn: false, state: 'unavailable' }
  const STARTING: GatewayStatus = { ...STOPPED, state: 'starting' }
  const FAILED: GatewayStatus = { ...STOPPED, state: 'error', error: 'Port 8787 is already in use' }
  const cases: {
    name: string
    status: GatewayStatus
    auth: AuthStatus
    chatgpt?: boolean
    image: string
    tooltip: string
    lines: string[]
    toggle: { label: string; enabled: boolean }
  }[] = [
    {
      name: 'running, signed in',
      status: RUNNING,
      auth: SIGNED_IN,
      image: 'tray-running.png',
      tooltip: 'Switchboard: running on http://127.0.0.1:8787\nChatGPT: signed in',
      lines: ['Running on http://127.0.0.1:8787', 'ChatGPT: ada@example.com'],
      toggle: { label: 'Stop Gateway', enabled: true },
    },
    {
      name: 'starting',
      status: STARTING,
      auth: SIGNED_IN,
      image: 'tray-stopped.png',
      tooltip: 'Switchboard: starting…\nChatGPT: signed in',
      lines: ['Starting…', 'ChatGPT: ada@example.com'],
      toggle: { label: 'Start Gateway', enabled: false },
    },
    {
      name: 'stopped',
      status: STOPPED,
      auth: SIGNED_IN,
      image: 'tray-stopped.png',
      tooltip: 'Switchboard: stopped\nChatGPT: signed in',
      lines: ['Stopped', 'ChatGPT: ada@example.com'],
      toggle: { label: 'Start Gateway', enabled: true },
    },
    {
      name: 'error',
      status: FAILED,
      auth: SIGNED_IN,
      image: 'tray-error.png',
      tooltip: 'Switchboard: error: Port 8787 is already in use\nChatGPT: signed in',
      lines: ['Error: Port 8787 is already in use', 'ChatGPT: ada@example.com'],
      toggle: { label: 'Start Gateway', enabled: true },
    },
    {
      name: 'running but signed out while ChatGPT is the route',
      status: RUNNING,
      auth: SIGNED_OUT,
      image: 'tray-signed-out.png',
      tooltip: 'Switchboard: running on http://127.0.0.1:8787\nChatGPT: signed out',
      lines: ['Running on http://127.0.0.1:8787', 'ChatGPT: signed out'],
      toggle: { label: 'Stop Gateway', enabled: true },
    },
    {
      name: 'signed out while no route uses ChatGPT',
      status: RUNNING,
      auth: SIGNED_OUT,
      chatgpt: false,
      image: 'tray-running.png',
      tooltip: 'Switchboard: running on http://127.0.0.1:8787\nChatGPT: signed out',
      lines: ['Running on http://127.0.0.1:8787', 'ChatGPT: signed out'],
      toggle: { label: 'Stop Gateway', enabled: true },
    },
    {
      name: 'sign-in unavailable in this build',
      status: RUNNING,
      auth: UNAVAILABLE,
      image: 'tray-running.png',
      tooltip: 'Switchboard: running on http://127.0.0.1:8787',
      lines: ['Running on http://127.0.0.1:8787'],
      toggle: { label: 'Stop Gateway', enabled: true },
    },
  ]

  for (const c of cases) {
    it(c.name, async () => {
      const { host, deps } = setup()
      if (c.chatgpt === false) {
        host.settings = {
          ...host.settings,
          providers: [
            ...host.settings.providers,
            { id: 'local', kind: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' },
          ],
          defaultProvider: 'local',
        }
      }
      await createTray(deps)
      host.emit({ type: 'gateway:status', status: c.status })
      host.emit({ type: 'auth:status', status: c.auth })
      const tray = latest()
      expect(tray?.image).toEqual({ path: `/res/tray/${c.image}` })
      expect(tray?.tooltip).toBe(c.tooltip)
      const menu = menuOf(tray) as { label?: string; enabled?: boolean; click?: () => void }[]
      const lines = menu.slice(0, c.lines.length).map((i) => i.label)
      expect(lines).toEqual(c.lines)
      for (const line of menu.slice(0, c.lines.length)) expect(line.enabled).toBe(false)
      const toggle = menu.find((i) => i.label === c.toggle.label)
      expect(toggle?.enabled ?? true).toBe(c.toggle.enabled)
      const account = menu.find((i) => i.label?.includes('ChatGPT') && i.click)
      if (c.auth.state === 'unavailable') expect(account).toBeUndefined()
      else
        expect(account?.label).toBe(
          c.auth.signedIn ? 'Sign Out of ChatGPT' : 'Sign In with ChatGPT…',
        )
    })
  }
})
