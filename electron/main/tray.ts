// The tray icon: renders trayModel() into an Electron Tray and runs the menu's actions against the host.
import { join } from 'node:path'
import {
  clipboard,
  Menu,
  nativeImage,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron'
import type { Settings } from '../../bridge/config/schema.js'
import type { ControlEvent } from '../../bridge/control/contract.js'
import type { WatchedEvent } from '../../bridge/control/control-events.js'
import type { AuthStatus } from '../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import type { SnippetId } from '../../bridge/control/contract/settings-views.js'
import {
  chatgptInUse,
  trayModel,
  type TrayAction,
  type TrayImage,
  type TrayMenuItem,
  type TrayModel,
} from './tray-model.js'

export { trayModel } from './tray-model.js'

export interface TrayHost {
  readonly settings: Settings
  watch(types: readonly WatchedEvent[], listener: (event: ControlEvent) => void): () => void
  gatewayStatus(): Promise<GatewayStatus>
  authStatus(): Promise<AuthStatus>
  startGateway(): Promise<GatewayStatus>
  stopGateway(): Promise<GatewayStatus>
  snippets(): Promise<{ id: SnippetId; text: string }[]>
  signIn(args: { method: 'browser' | 'device' }): Promise<unknown>
  signOut(): Promise<AuthStatus>
}

export interface TrayDeps {
  host: TrayHost
  trayDir: string
  showWindow(): void
  quit(): void
  launchAtLogin: { get(): boolean; set(on: boolean): Promise<void> }
  notify(title: string, body: string): void
  platform?: NodeJS.Platform
}

export interface TrayController {
  readonly model: TrayModel
  /** Runs a menu action as a click would. */
  run(action: TrayAction): Promise<void>
  dispose(): void
}

/** macOS gets monochrome template images for the calm states (the menu bar tints them); colour marks the states that need attention. */
export function trayImagePath(dir: string, image: TrayImage, platform: NodeJS.Platform): string {
  if (platform === 'darwin' && image === 'running') return join(dir, 'trayTemplate.png')
  if (platform === 'darwin' && image === 'stopped') return join(dir, 'trayStoppedTemplate.png')
  return join(dir, `tray-${image}.png`)
}

export function menuTemplate(
  items: TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          click: () => onAction(item.action),
        }
      case 'normal': {
        const action = item.action
        return action
          ? { label: item.label, enabled: item.enabled, click: () => onAction(action) }
          : { label: item.label, enabled: item.enabled }
      }
    }
  })
}

const SNIPPET_FOR: Partial<Record<TrayAction, SnippetId>> = {
  'copy-claude': 'claude',
  'copy-codex': 'codex',
  'copy-openai': 'openai',
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export async function createTray(deps: TrayDeps): Promise<TrayController> {
  const platform = deps.platform ?? process.platform
  let status = await deps.host.gatewayStatus()
  let auth = await deps.host.authStatus()
  let model = build()
  const tray = new Tray(image(model.image))

  function build(): TrayModel {
    return trayModel(status, auth, {
      launchAtLogin: deps.launchAtLogin.get(),
      needsSignIn: chatgptInUse(deps.host.settings),
      // Windows cuts tray tooltips at 127 characters; elsewhere every account's line fits.
      tooltipMax: platform === 'win32' ? 127 : 1_000,
    })
  }

  function image(name: TrayImage): NativeImage {
    return nativeImage.createFromPath(trayImagePath(deps.trayDir, name, platform))
  }

  function render(): void {
    model = build()
    tray.setImage(image(model.image))
    tray.setToolTip(model.tooltip)
    tray.setContextMenu(
      Menu.buildFromTemplate(menuTemplate(model.menu, (action) => void run(action))),
    )
  }

  async function run(action: TrayAction): Promise<void> {
    try {
      await perform(action)
    } catch (error) {
      deps.notify('Switchboard', message(error))
    }
    render()
  }

  async function perform(action: TrayAction): Promise<void> {
    switch (action) {
      case 'start': {
        const next = await deps.host.startGateway()
        if (next.state === 'error')
          deps.notify('The gateway did not start', next.error ?? 'Unknown error')
        return
      }
      case 'stop':
        await deps.host.stopGateway()
        return
      case 'copy-claude':
      case 'copy-codex':
      case 'copy-openai': {
        const id = SNIPPET_FOR[action]
        const found = (await deps.host.snippets()).find((s) => s.id === id)
        if (!found) throw new Error(`No ${String(id)} snippet is available.`)
        clipboard.writeText(found.text)
        return
      }
      case 'sign-in':
        await deps.host.signIn({ method: 'browser' })
        return
      case 'sign-out':
        auth = await deps.host.signOut()
        return
      case 'open':
        deps.showWindow()
        return
      case 'toggle-launch-at-login':
        await deps.launchAtLogin.set(!deps.launchAtLogin.get())
        return
      case 'quit':
        deps.quit()
        return
    }
  }

  const unsubscribe = deps.host.watch(
    ['gateway:status', 'auth:status', 'settings:changed'],
    (event) => {
      if (event.type === 'gateway:status') status = event.status
      else if (event.type === 'auth:status') auth = event.status
      else if (event.type !== 'settings:changed') return
      render()
    },
  )
  // Windows opens menus on right-click only; a left click there means "show me the app".
  if (platform === 'win32') tray.on('click', () => deps.showWindow())
  render()

  return {
    get model() {
      return model
    },
    run,
    dispose() {
      unsubscribe()
      tray.destroy()
    },
  }
}
