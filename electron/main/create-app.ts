// Composition root of the tray app: stores, keychain, gateway host, security, IPC, window and tray; returns dispose().
import { app, ipcMain, Menu, session, shell } from 'electron'
import type { Settings } from '../../bridge/config/schema.js'
import { fileAccessKeyStore } from '../../bridge/control/file-stores.js'
import { GatewayHost } from '../../bridge/control/gateway-host.js'
import type { AuthController } from '../../bridge/control/host-types.js'
import { KeytarSecretStore } from '../../bridge/secrets/keytar-secret-store.js'
import type { SecretStore } from '../../bridge/secrets/secret-store.js'
import { CredentialService, resolveAuthConfig } from '../../bridge/auth/index.js'
import { defaultConfigDir } from '../../bridge/config/settings-file.js'
import { ChatgptAuth } from '../../bridge/control/chatgpt-auth.js'
import { toUsageView } from '../../bridge/control/usage-view.js'
import { ChatgptRuntime } from '../../bridge/upstream/chatgpt/runtime.js'
import { createProviderRegistry } from '../../bridge/upstream/registry.js'
import { CodexCliRuntime } from '../../bridge/upstream/codex-cli/index.js'
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
  const settingsStore = electronSettingsStore({ cwd: configDir })
  const secrets = new KeytarSecretStore()
  const credentials = new CredentialService({
    store: secrets,
    config: resolveAuthConfig((await settingsStore.load()).settings.auth, process.env),
  })
  const chatgpt = new ChatgptRuntime(credentials, process.env)
  const chatgptAuth = new ChatgptAuth(credentials, () => toUsageView(chatgpt.usage.latest()))
  chatgpt.usage.subscribe(() => void chatgptAuth.announce())
  const ready: { host?: GatewayHost } = {}
  const settings = (): Settings => {
    if (!ready.host) throw new Error('settings are read before the gateway host exists')
    return ready.host.settings
  }
  const auth = options.auth ? options.auth({ secrets, userData, settings }) : chatgptAuth
  const gateway = new GatewayHost({
    settingsStore,
    accessKeys: fileAccessKeyStore(configDir),
    secrets,
    providers: createProviderRegistry({ chatgpt, codex: new CodexCliRuntime({ stateDir: configDir }) }),
    dataDir: configDir,
    ...(auth ? { auth } : {}),
    openExternal,
  })
  ready.host = gateway
  await gateway.init()
  for (const m of gateway.messages) console.error(`switchboard: ${m}`)
  const brokenSettings = gateway.messages.find((m) => m.includes('could not be used'))
  if (brokenSettings) notify({ title: 'Switchboard settings were reset', body: brokenSettings })

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
  const unsubscribe = gateway.subscribe((event) => {
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
