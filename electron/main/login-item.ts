// Launch at login: the OS login item on macOS and Windows, an XDG autostart entry on Linux (where Electron has no API for it).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { App } from 'electron'

/** Passed when the OS starts us at login: stay in the tray, open no window. */
export const HIDDEN_FLAG = '--hidden'

export interface LoginItemDeps {
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  execPath?: string
  home?: string
}

export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'autostart', 'switchboard.desktop')
}

// An AppImage runs from a temporary mount; $APPIMAGE is the file the user actually has.
export function autostartEntry(env: NodeJS.ProcessEnv, execPath: string): string {
  const exec = env['APPIMAGE'] || execPath
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchboard',
    `Exec="${exec.replace(/(["`$\\])/g, '\\$1')}" ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n')
}

export function createLoginItem(deps: LoginItemDeps): {
  get(): boolean
  set(on: boolean): Promise<void>
} {
  const platform = deps.platform ?? process.platform
  const env = deps.env ?? process.env
  const file = autostartFile(env, deps.home ?? homedir())
  return {
    get() {
      if (platform === 'linux') return existsSync(file)
      return deps.app.getLoginItemSettings(
        platform === 'win32' ? { args: [HIDDEN_FLAG] } : undefined,
      ).openAtLogin
    },
    async set(on) {
      if (platform === 'linux') {
        if (on) {
          await mkdir(join(file, '..'), { recursive: true })
          await writeFile(file, autostartEntry(env, deps.execPath ?? process.execPath), {
            mode: 0o644,
          })
        } else {
          await rm(file, { force: true })
        }
        return
      }
      deps.app.setLoginItemSettings({
        openAtLogin: on,
        ...(platform === 'win32' ? { args: [HIDDEN_FLAG] } : {}),
      })
    },
  }
}
