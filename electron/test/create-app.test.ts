// The composition root end to end with a mocked Electron: real host, electron-store settings, IPC, tray, window and a real listening gateway.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.hoisted(() => {
  process.env['ELECTRON_OVERRIDE_DIST_PATH'] ??= '/nonexistent'
})
vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())

import * as electron from 'electron'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { CONTROL_METHODS } from '../../bridge/control/contract.js'
import { IPC_PREFIX } from '../../bridge/control/contract/transports.js'
import { GatewayHost } from '../../bridge/control/gateway-host.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'
import { createApp, type AppHandle } from '../main/create-app.js'
import { FakeBrowserWindow, FakeTray, type ElectronMock } from './mocks/electron.js'

const mock = electron as unknown as ElectronMock
let dir = ''
let handle: AppHandle | undefined
const savedXdg = process.env['XDG_CONFIG_HOME']

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-app-'))
  mock.app.getPath.mockReturnValue(dir)
  // The Linux login item writes an autostart entry; keep it inside the test folder.
  process.env['XDG_CONFIG_HOME'] = dir
  mock.ipcMain.handlers.clear()
  FakeBrowserWindow.instances.length = 0
  FakeTray.instances.length = 0
  const settings = defaultSettings()
  settings.server.port = 0
  settings.ui = { launchAtLogin: false }
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings))
})

afterEach(async () => {
  await handle?.dispose()
  handle = undefined
  if (savedXdg === undefined) delete process.env['XDG_CONFIG_HOME']
  else process.env['XDG_CONFIG_HOME'] = savedXdg
  await rm(dir, { recursive: true, force: true })
})

describe('createApp', () => {
  it('wires store, host, IPC, tray and window, and starts the gateway', async () => {
    handle = await createApp()
    const status = await handle.host.gatewayStatus()
    expect(status.state).toBe('running')
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(status.accessKey).toMatch(/^sb-/)

    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(
      CONTROL_METHODS.map((m) => IPC_PREFIX + m).sort(),
    )
    expect(FakeTray.instances).toHaveLength(1)
    expect(FakeTray.instances[0]?.tooltip).toContain(`running on ${status.url ?? ''}`)
    const win = FakeBrowserWindow.instances[0]
    expect(win?.loaded.file).toMatch(/dist[\\/]renderer[\\/]index\.html$/)
    expect((win?.options['webPreferences'] as { preload: string }).preload).toMatch(
      /dist[\\/]electron[\\/]preload[\\/]index\.cjs$|electron[\\/]preload[\\/]index\.cjs$/,
    )

    const res = await fetch(`${status.url ?? ''}/v1/models`, {
      headers: { authorization: `Bearer ${status.accessKey}` },
    })
    expect(res.status).toBe(200)
  })

  it('answers IPC from the window it opened and refuses others', async () => {
    handle = await createApp()
    const win = FakeBrowserWindow.instances[0]
    const handler = mock.ipcMain.handlers.get(`${IPC_PREFIX}getSettings`)
    const ours = await handler?.(
      { senderFrame: { url: win?.webContents.getURL(), parent: null } },
      undefined,
    )
    expect(ours).toMatchObject({ ok: true, value: { version: 1 } })
    const theirs = await handler?.(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      undefined,
    )
    expect(theirs).toMatchObject({ ok: false })
  })

  it('tells the user when the settings file could not be used: the field and where it was kept', async () => {
    // The tray reads the same settings directory as serve: XDG_CONFIG_HOME/switchboard here.
    const configDir = join(dir, 'switchboard')
    await mkdir(configDir, { recursive: true })
    await writeFile(join(configDir, 'settings.json'), JSON.stringify({ server: { port: 'x' } }))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      handle = await createApp({ hidden: true, openSecrets: async () => new MemorySecretStore() })
      const kept = (await readdir(configDir)).find((n) => n.startsWith('settings.json.broken-'))
      expect(kept).toBeDefined()
      // Notification is unsupported in the mock, so notify() writes the notification's title and body.
      const shown = errors.mock.calls
        .map((c) => String(c[0]))
        .find((m) => m.includes('Switchboard settings were reset'))
      expect(shown).toContain('server.port')
      expect(shown).toContain(join(configDir, kept ?? ''))
      const status = await handle.host.gatewayStatus()
      expect(status.notices).toContainEqual(
        expect.objectContaining({ code: 'settings-reset', fields: ['server.port'] }),
      )
    } finally {
      errors.mockRestore()
    }
  })

  it('opens no window when started hidden, and stops the gateway on dispose', async () => {
    handle = await createApp({ hidden: true })
    expect(FakeBrowserWindow.instances).toHaveLength(0)
    const { url } = await handle.host.gatewayStatus()
    await handle.dispose()
    handle = undefined
    await expect(fetch(`${url ?? ''}/v1/models`)).rejects.toThrow()
    expect(FakeTray.instances[0]?.destroyed).toBe(true)
  })

  it('subscribes to the log only while a window is open; the tray follows the status throughout', async () => {
    const original = GatewayHost.prototype.subscribe
    const subscribe = vi.spyOn(GatewayHost.prototype, 'subscribe')
    const unsubscribed = vi.fn()
    subscribe.mockImplementation(function (this: GatewayHost, listener) {
      const stop = original.call(this, listener)
      return () => {
        unsubscribed()
        stop()
      }
    })
    try {
      handle = await createApp({ hidden: true })
      expect(FakeBrowserWindow.instances).toHaveLength(0)
      expect(subscribe).not.toHaveBeenCalled()
      const { url, accessKey } = await handle.host.gatewayStatus()
      const res = await fetch(`${url ?? ''}/v1/models`, {
        headers: { authorization: `Bearer ${accessKey}` },
      })
      expect(res.status).toBe(200)
      // The tray's own watch still hears the status.
      await handle.host.stopGateway()
      expect(FakeTray.instances[0]?.tooltip).toMatch(/stopped/i)
      expect(subscribe).not.toHaveBeenCalled()

      handle.showWindow()
      expect(subscribe).toHaveBeenCalledTimes(1)
      const win = FakeBrowserWindow.instances[0]
      await handle.host.startGateway()
      expect(win?.webContents.sent.flatMap((s) => s.args[0] as { type: string }[])).toContainEqual(
        expect.objectContaining({ type: 'gateway:status' }),
      )
      win?.emit('closed')
      expect(unsubscribed).toHaveBeenCalledTimes(1)
      handle.showWindow()
      expect(subscribe).toHaveBeenCalledTimes(2)
    } finally {
      subscribe.mockRestore()
    }
  })

  it('follows the launch-at-login setting', async () => {
    handle = await createApp({ hidden: true })
    const stored = await handle.host.getSettings()
    mock.app.setLoginItemSettings.mockClear()
    await handle.host.updateSettings({ ...stored, ui: { launchAtLogin: true } })
    if (process.platform === 'linux') {
      await vi.waitFor(() =>
        expect(existsSync(join(dir, 'autostart', 'switchboard.desktop'))).toBe(true),
      )
    } else {
      await vi.waitFor(() =>
        expect(mock.app.setLoginItemSettings).toHaveBeenCalledWith(
          expect.objectContaining({ openAtLogin: true }),
        ),
      )
    }
  })
})
