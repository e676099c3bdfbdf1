// A recording stand-in for the `electron` module: enough of app, BrowserWindow, session, Tray, Menu, ipc and contextBridge for main-process tests.
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown

export class FakeWebContents extends EventEmitter {
  url = ''
  windowOpenHandler: Handler | undefined
  sent: { channel: string; args: unknown[] }[] = []
  destroyed = false
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler
  }
  getURL(): string {
    return this.url
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loaded: { file?: string; url?: string } = {}
  destroyed = false
  shown = 0
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file }
    this.webContents.url = `file://${file}`
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    this.webContents.url = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  show(): void {
    this.shown++
  }
  focus(): void {}
}

export class FakeSession extends EventEmitter {
  headersListener: Handler | undefined
  permissionRequestHandler: Handler | undefined
  permissionCheckHandler: Handler | undefined
  readonly webRequest = {
    onHeadersReceived: (listener: Handler) => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  image: unknown
  tooltip = ''
  menu: unknown
  destroyed = false
  constructor(image: unknown) {
    super()
    this.image = image
    FakeTray.instances.push(this)
  }
  setImage(image: unknown): void {
    this.image = image
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>()
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn<(channel: string, arg?: unknown) => Promise<unknown>>()
}

export function createElectronMock() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    getPath: vi.fn(() => '/tmp/switchboard-test'),
    getVersion: () => '0.1.0',
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false })),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
    setAppUserModelId: vi.fn(),
    dock: { hide: vi.fn() },
  })
  const defaultSession = new FakeSession()
  const api = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: vi.fn(),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: { shouldUseDarkColors: false },
    clipboard: { writeText: vi.fn<(text: string) => void>() },
    shell: { openExternal: vi.fn(async () => undefined) },
    session: { defaultSession },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>() },
    Notification: Object.assign(class extends EventEmitter {}, { isSupported: () => false }),
    /** Answers with the index of the button a test chose (0 by default). */
    dialog: { showMessageBoxSync: vi.fn<(...args: unknown[]) => number>(() => 0) },
  }
  return { ...api, default: api }
}

export type ElectronMock = ReturnType<typeof createElectronMock>
