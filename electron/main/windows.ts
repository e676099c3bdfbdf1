// The Switchboard window: the one place that sets webPreferences, and the single reusable window the tray opens.
import { BrowserWindow, dialog, nativeTheme, type WebPreferences } from 'electron'
import { rendererUrl, type RendererTarget } from './renderer-target.js'

/** Every security-relevant switch set explicitly, so a changed Electron default cannot loosen them. */
export function webPreferencesFor(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  }
}

export interface WindowOptions {
  preload: string
  renderer: RendererTarget
  /** Linux window icon. */
  icon?: string
  platform?: NodeJS.Platform
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Switchboard',
    width: 1180,
    height: 780,
    minWidth: 760,
    minHeight: 520,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1c1e' : '#f5f5f7',
    ...((options.platform ?? process.platform) === 'linux' && options.icon
      ? { icon: options.icon }
      : {}),
    webPreferences: webPreferencesFor(options.preload),
  })
  win.once('ready-to-show', () => win.show())
  // The page holds unsaved settings (its beforeunload said so): ask before closing rather than closing silently.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Close Without Saving', 'Keep Editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'Close Switchboard with unsaved settings?',
      detail: 'Your changes to the settings are not saved yet.',
    })
    if (choice === 0) event.preventDefault()
  })
  const target = options.renderer
  const loading =
    target.kind === 'file' ? win.loadFile(target.file) : win.loadURL(rendererUrl(target))
  loading.catch((error: unknown) => {
    console.error(`switchboard: the window could not load ${rendererUrl(target)}: ${String(error)}`)
  })
  return win
}

export interface WindowManager {
  /** Shows the window, creating it when it was closed (closing destroys it; the app stays in the tray). */
  show(): BrowserWindow
  all(): BrowserWindow[]
  /** Calls `listener` when the window is created (true) and when it is closed (false). */
  onOpenChange(listener: (open: boolean) => void): () => void
}

export function createWindowManager(create: () => BrowserWindow): WindowManager {
  let current: BrowserWindow | undefined
  const listeners = new Set<(open: boolean) => void>()
  const tell = (open: boolean): void => {
    for (const l of listeners) l(open)
  }
  return {
    show() {
      if (!current || current.isDestroyed()) {
        const win = create()
        current = win
        win.on('closed', () => {
          if (current === win) current = undefined
          tell(false)
        })
        tell(true)
      } else {
        if (current.isMinimized()) current.restore()
        current.show()
      }
      current.focus()
      return current
    },
    all() {
      return current && !current.isDestroyed() ? [current] : []
    },
    onOpenChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
