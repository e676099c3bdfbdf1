// Window and session hardening: exact webPreferences, CSP, navigation / new-window / webview blocking, permission denial.
import { describe, expect, it, vi, beforeEach } from 'vitest'

vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())

import * as electron from 'electron'
import {
  contentSecurityPolicy,
  hardenWebContents,
  installAppGuards,
  installSessionSecurity,
  isAllowedDownload,
  isPermissionAllowed,
} from '../main/security.js'
import { isOwnRendererUrl, rendererUrl, type RendererTarget } from '../main/renderer-target.js'
import { createMainWindow, createWindowManager, webPreferencesFor } from '../main/windows.js'
import {
  FakeBrowserWindow,
  FakeSession,
  FakeWebContents,
  type ElectronMock,
} from './mocks/electron.js'

const mock = electron as unknown as ElectronMock
const FILE: RendererTarget = { kind: 'file', file: '/opt/switchboard/dist/renderer/index.html' }
const DEV: RendererTarget = { kind: 'dev', url: 'http://localhost:5174/' }
const OWN = rendererUrl(FILE)

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() }
}

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0
})

describe('webPreferences', () => {
  it('sets every security switch explicitly', () => {
    expect(webPreferencesFor('/app/preload/index.cjs')).toEqual({
      preload: '/app/preload/index.cjs',
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
    })
  })

  it('creates the window hidden with those preferences and loads the built renderer from file', () => {
    createMainWindow({ preload: '/app/preload/index.cjs', renderer: FILE })
    const win = FakeBrowserWindow.instances[0]
    expect(win?.options['show']).toBe(false)
    expect(win?.options['webPreferences']).toEqual(webPreferencesFor('/app/preload/index.cjs'))
    expect(win?.loaded).toEqual({ file: FILE.file })
  })

  it('loads the dev server URL in development', () => {
    createMainWindow({ preload: '/p.cjs', renderer: DEV })
    expect(FakeBrowserWindow.instances[0]?.loaded).toEqual({ url: 'http://localhost:5174/' })
  })

  it('reuses one window and makes a new one after it was closed', () => {
    const windows = createWindowManager(
      () => new FakeBrowserWindow({}) as unknown as electron.BrowserWindow,
    )
    const changes: boolean[] = []
    windows.onOpenChange((open) => changes.push(open))
    const first = windows.show()
    expect(windows.show()).toBe(first)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    ;(first as unknown as FakeBrowserWindow).destroyed = true
    first.emit('closed')
    expect(windows.all()).toEqual([])
    windows.show()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    expect(changes).toEqual([true, false, true])
  })
})

describe('renderer identity', () => {
  it('accepts the index file with any query or hash and nothing else', () => {
    expect(isOwnRendererUrl(`${OWN}#/log`, FILE)).toBe(true)
    expect(isOwnRendererUrl(`${OWN}?x=1`, FILE)).toBe(true)
    expect(isOwnRendererUrl('file:///opt/switchboard/dist/renderer/other.html', FILE)).toBe(false)
    expect(
      isOwnRendererUrl('file:///opt/switchboard/dist/renderer/../renderer/index.html', FILE),
    ).toBe(true)
    expect(
      isOwnRendererUrl('file://evil.example/opt/switchboard/dist/renderer/index.html', FILE),
    ).toBe(false)
    expect(isOwnRendererUrl('https://example.com/index.html', FILE)).toBe(false)
    expect(isOwnRendererUrl('not a url', FILE)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isOwnRendererUrl('http://localhost:5174/src/main.tsx', DEV)).toBe(true)
    expect(isOwnRendererUrl('http://localhost:5175/', DEV)).toBe(false)
    expect(isOwnRendererUrl('http://127.0.0.1:5174/', DEV)).toBe(false)
  })
})

describe('content security policy', () => {
  it('is strict for the built renderer', () => {
    const csp = contentSecurityPolicy(FILE)
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe')
    expect(csp).not.toContain('ws:')
  })

  it('allows Vite hot reload only against the dev server', () => {
    const csp = contentSecurityPolicy(DEV)
    expect(csp).toContain("connect-src 'self' http://localhost:5174 ws://localhost:5174")
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5174")
  })

  it('replaces any policy a response brings with ours', () => {
    const session = new FakeSession()
    installSessionSecurity(session as unknown as electron.Session, FILE)
    const callback = vi.fn()
    session.headersListener?.(
      {
        url: OWN,
        responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] },
      },
      callback,
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'X-Other': ['1'],
        'Content-Security-Policy': [contentSecurityPolicy(FILE)],
      },
    })
  })
})

describe('permissions', () => {
  it('denies every request except sanitized clipboard writes from our page', async () => {
    const session = new FakeSession()
    installSessionSecurity(session as unknown as electron.Session, FILE)
    const ask = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((done) =>
        session.permissionRequestHandler?.({}, permission, done, {
          requestingUrl,
          isMainFrame: true,
        }),
      )
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'display-capture',
    ]) {
      expect(await ask(permission, OWN)).toBe(false)
    }
    expect(await ask('clipboard-sanitized-write', OWN)).toBe(true)
    expect(await ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
  })

  it('answers permission checks the same way', () => {
    const session = new FakeSession()
    installSessionSecurity(session as unknown as electron.Session, FILE)
    const contents = { getURL: () => OWN }
    expect(
      session.permissionCheckHandler?.(contents, 'media', 'file://', { isMainFrame: true }),
    ).toBe(false)
    expect(
      session.permissionCheckHandler?.(null, 'clipboard-read', 'file://', { isMainFrame: true }),
    ).toBe(false)
    expect(
      session.permissionCheckHandler?.(contents, 'clipboard-sanitized-write', 'file://', {
        isMainFrame: true,
      }),
    ).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, FILE)).toBe(false)
  })

  it('cancels downloads from the network and from foreign pages', () => {
    const session = new FakeSession()
    installSessionSecurity(session as unknown as electron.Session, FILE)
    const download = (url: string, page: string) => {
      const event = { preventDefault: vi.fn() }
      const contents = new FakeWebContents()
      contents.url = page
      session.emit('will-download', event, { getURL: () => url }, contents)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(download('https://example.com/x.exe', OWN)).toBe(true)
    expect(download('blob:https://evil.example/1234', 'https://evil.example/')).toBe(true)
    expect(download('file:///etc/passwd', OWN)).toBe(true)
  })

  it("lets the log's Export save the file the page built (a blob: URL)", () => {
    const session = new FakeSession()
    installSessionSecurity(session as unknown as electron.Session, FILE)
    const event = { preventDefault: vi.fn() }
    const contents = new FakeWebContents()
    contents.url = `${OWN}#/log`
    session.emit('will-download', event, { getURL: () => 'blob:file:///5a1c-44' }, contents)
    expect(event.preventDefault).not.toHaveBeenCalled()
    expect(isAllowedDownload('blob:null/5a1c', `${OWN}#/log`, FILE)).toBe(true)
  })
})

describe('navigation and new windows', () => {
  function hardened() {
    const contents = new FakeWebContents()
    const openExternal = vi.fn(async () => undefined)
    hardenWebContents(contents as unknown as electron.WebContents, { target: FILE, openExternal })
    return { contents, openExternal }
  }

  it('blocks navigation away from the renderer and sends https links to the browser', () => {
    const { contents, openExternal } = hardened()
    const https = navEvent('https://platform.openai.com/docs')
    contents.emit('will-navigate', https)
    expect(https.preventDefault).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledWith('https://platform.openai.com/docs')

    const file = navEvent('file:///etc/passwd')
    contents.emit('will-navigate', file)
    expect(file.preventDefault).toHaveBeenCalled()
    const http = navEvent('http://example.com/')
    contents.emit('will-navigate', http)
    expect(http.preventDefault).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('lets the renderer reload itself', () => {
    const { contents } = hardened()
    const own = navEvent(`${OWN}#/settings`)
    contents.emit('will-navigate', own)
    expect(own.preventDefault).not.toHaveBeenCalled()
  })

  it('denies every new window, opening only https links externally', () => {
    const { contents, openExternal } = hardened()
    expect(contents.windowOpenHandler?.({ url: 'https://chatgpt.com/' })).toEqual({
      action: 'deny',
    })
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: OWN })).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://chatgpt.com/']])
  })

  it('blocks redirects and webviews', () => {
    const { contents } = hardened()
    const redirect = navEvent('https://evil.example/')
    contents.emit('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('guards every web contents the app creates', () => {
    installAppGuards(mock.app as unknown as electron.App, {
      target: FILE,
      openExternal: vi.fn(async () => undefined),
    })
    const contents = new FakeWebContents()
    mock.app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({ url: 'https://x.example/' })).toEqual({ action: 'deny' })
  })
})

describe('closing with unsaved settings', () => {
  it('asks, and closes only when the user says so', () => {
    const win = createMainWindow({ preload: '/p.cjs', renderer: FILE, platform: 'linux' })
    const fake = win as unknown as FakeBrowserWindow
    const ask = mock.dialog.showMessageBoxSync
    ask.mockReturnValueOnce(1)
    const keep = { preventDefault: vi.fn() }
    fake.webContents.emit('will-prevent-unload', keep)
    expect(keep.preventDefault).not.toHaveBeenCalled()
    ask.mockReturnValueOnce(0)
    const close = { preventDefault: vi.fn() }
    fake.webContents.emit('will-prevent-unload', close)
    // preventDefault on will-prevent-unload overrides the page's beforeunload: the window closes.
    expect(close.preventDefault).toHaveBeenCalled()
    expect(ask).toHaveBeenCalledTimes(2)
  })
})
