// Launch at login: XDG autostart entry on Linux, the OS login item (with --hidden on Windows) elsewhere.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { autostartEntry, createLoginItem } from '../main/login-item.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-login-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function fakeApp(openAtLogin = false) {
  return {
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin }) as Electron.LoginItemSettings),
  }
}

describe('login item', () => {
  it('writes and removes an XDG autostart entry on Linux', async () => {
    const app = fakeApp()
    const item = createLoginItem({
      app,
      platform: 'linux',
      env: { XDG_CONFIG_HOME: dir },
      execPath: '/opt/Switchboard/switchboard',
    })
    expect(item.get()).toBe(false)
    await item.set(true)
    expect(item.get()).toBe(true)
    const text = await readFile(join(dir, 'autostart', 'switchboard.desktop'), 'utf8')
    expect(text).toContain('Exec="/opt/Switchboard/switchboard" --hidden')
    await item.set(false)
    expect(item.get()).toBe(false)
    expect(app.setLoginItemSettings).not.toHaveBeenCalled()
  })

  it('starts the AppImage file, not its temporary mount', () => {
    expect(
      autostartEntry(
        { APPIMAGE: '/home/a/Apps/Switchboard.AppImage' },
        '/tmp/.mount_x/switchboard',
      ),
    ).toContain('Exec="/home/a/Apps/Switchboard.AppImage" --hidden')
    expect(autostartEntry({}, '/opt/my "app"/bin')).toContain(
      'Exec="/opt/my \\"app\\"/bin" --hidden',
    )
  })

  it('uses the OS login item on Windows and macOS', async () => {
    const win = fakeApp(true)
    const item = createLoginItem({ app: win, platform: 'win32' })
    expect(item.get()).toBe(true)
    await item.set(false)
    expect(win.setLoginItemSettings).toHaveBeenCalledWith({
      openAtLogin: false,
      args: ['--hidden'],
    })
    const mac = fakeApp()
    await createLoginItem({ app: mac, platform: 'darwin' }).set(true)
    expect(mac.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
  })
})
