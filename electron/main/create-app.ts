// The tray app's front end: electron-store settings and the keychain through the one composition root
// (bridge/host/create-host.ts), then what is Electron's own — security, IPC, window, tray, login item.
import { existsSync } from 'node:fs'
import { app, ipcMain, Menu, session, shell } from 'electron'
import type { Settings } from '../../bridge/config/schema.js'
import { defaultConfigDir } from '../../bridge/config/settings-file.js'
import type { GatewayHost } from '../../bridge/control/gateway-host.js'
import type { AuthController } from '../../bridge/control/host-types.js'
import { createHost } from '../../bridge/host/create-host.js'
import type { SecretStore } from '../../bridge/secrets/secret-store.js'
import { startOnLaunch } from './gateway-launch.js'
import { registerIpc } from './ipc.js'
import { createLoginItem } from './login-item.js'
import { notify } from './notify.js'
import { appPaths } from './paths.js'
import { isOwnRendererUrl, isSafeExternalUrl } from './renderer-target.js'
import { installAppGuards, installSessionSecurity } from './security.js'
import { electronSettingsStore } from './settings-store.js'
import { createTray, type TrayController } from './tray.js'
import { createMainWindow, createWindowManager } from './windows.js'

export interface AuthContext {
  secrets: SecretStore
  userData: string
  settings: () => Settings
}

export interface CreateAppOptions {
  /** ChatGPT sign-in; without it the account items say sign-in is unavailable. */
  auth?: (context: AuthContext) => AuthController | undefined
  /** Where secrets live (tests); the keychain, or the file store the user opted into, otherwise. */
  openSecrets?: () => Promise<SecretStore>
  /** `--secret-store file`: the opt-in file store where no keychain works (the same choice as serve's flag). */
  secretStore?: 'keychain' | 'file'
  /** Started by the OS at login: no window. */
  hidden?: boolean
}

export interface AppHandle {
  host: GatewayHost
  showWindow(): void
  dispose(): Promise<void>
}

// Sign-in may use a local issuer (tests, self-hosted), so http is allowed here; links from the page are https only.
async function openExternal(url: string): Promise<void> {
  if (!isSafeExternalUrl(url, true))
    throw new Error(`Refusing to open ${url}: only http(s) links are opened.`)
  await shell.openExternal(url)
}

const NOTICE_TITLES: Record<string, string> = {
  'settings-reset': 'Switchboard settings were reset',
  'settings-warning': 'Switchboard settings need attention',
  'secrets-unavailable': 'Switchboard cannot use the keychain',
  'secrets-in-file': 'Switchboard keeps its secrets in a file',
  'usage-history': 'Switchboard usage history needs attention',
}

export async function createApp(options: CreateAppOptions = {}): Promise<AppHandle> {
  const paths = appPaths({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    env: process.env,
  })
  const userData = app.getPath('userData')
  // The same settings document and access key as `switchboard serve`, so the tray app and the headless
  // gateway are one installation.
  const configDir = defaultConfigDir(process.env)
  const authOverride = options.auth
  const { host: gateway, notices } = await createHost({
    env: process.env,
    configDir,
    settingsStore: electronSettingsStore({ cwd: configDir }),
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
    ...(options.openSecrets ? { openSecrets: options.openSecrets } : {}),
    ...(authOverride
      ? { auth: ({ secrets, settings }) => authOverride({ secrets, userData, settings }) }
      : {}),
    openExternal,
    ...(paths.sqliteBinding && existsSync(paths.sqliteBinding)
      ? { sqliteBinding: paths.sqliteBinding }
      : {}),
  })
  for (const n of notices) {
    console.error(`switchboard: ${n.message}`)
    const title = NOTICE_TITLES[n.code]
    if (n.level === 'warning' && title) notify({ title, body: n.message })
  }

  installAppGuards(app, { target: paths.renderer, openExternal: (url) => shell.openExternal(url) })
  installSessionSecurity(session.defaultSession, paths.renderer)
  if (process.platform === 'darwin') {
    // Without an application menu, copy and paste shortcuts do nothing in macOS text fields.
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]),
    )
  } else {
    Menu.setApplicationMenu(null)
  }

  const windows = createWindowManager(() =>
    createMainWindow({ preload: paths.preload, renderer: paths.renderer, icon: paths.icon }),
  )
  const isTrustedUrl = (url: string): boolean => isOwnRendererUrl(url, paths.renderer)
  const disposeIpc = registerIpc({
    ipcMain,
    host: gateway,
    isTrustedUrl,
    targets: () =>
      windows
        .all()
        .map((w) => w.webContents)
        .filter((c) => isTrustedUrl(c.getURL())),
    watchWindows: (listener) => {
      listener(windows.all().length > 0)
      return windows.onOpenChange(listener)
    },
  })

  const loginItem = createLoginItem({ app })
  const launchAtLogin = {
    get: () => gateway.settings.ui?.launchAtLogin ?? loginItem.get(),
    async set(on: boolean) {
      const stored = await gateway.getSettings()
      await gateway.updateSettings({ ...stored, ui: { ...stored.ui, launchAtLogin: on } })
    },
  }
  // The settings document is the truth; the OS login item follows it, whether the tray or the window changed it.
  const syncLoginItem = async (): Promise<void> => {
    const wanted = gateway.settings.ui?.launchAtLogin
    if (wanted !== undefined && wanted !== loginItem.get()) await loginItem.set(wanted)
  }
  const unsubscribe = gateway.watch(['settings:changed'], (event) => {
    if (event.type === 'settings:changed')
      void syncLoginItem().catch((e: unknown) =>
        console.error(`switchboard: launch at login: ${String(e)}`),
      )
  })
  await syncLoginItem().catch((e: unknown) =>
    console.error(`switchboard: launch at login: ${String(e)}`),
  )

  let tray: TrayController | undefined
  try {
    tray = await createTray({
      host: gateway,
      trayDir: paths.trayDir,
      showWindow: () => windows.show(),
      quit: () => app.quit(),
      launchAtLogin,
      notify: (title, body) => notify({ title, body }),
    })
  } catch (error) {
    // Some Linux desktops have no tray; the window is then the only way in.
    console.error(`switchboard: no tray icon: ${String(error)}`)
  }

  await startOnLaunch(gateway, notify)
  if (!options.hidden || !tray) windows.show()

  return {
    host: gateway,
    showWindow: () => windows.show(),
    async dispose() {
      unsubscribe()
      disposeIpc()
      tray?.dispose()
      await gateway.close()
    },
  }
}
