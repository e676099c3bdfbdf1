// Renderer hardening: CSP header, navigation and window-open guards, permission denial (Electron's security checklist).
import type { App, Session, WebContents } from 'electron'
import { isOwnRendererUrl, isSafeExternalUrl, type RendererTarget } from './renderer-target.js'

const BASE_CSP: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
}

/** The policy for `target`; the dev server additionally needs Vite's inline preamble, injected styles and its HMR socket. */
export function contentSecurityPolicy(target: RendererTarget): string {
  const directives: Record<string, string> = { ...BASE_CSP }
  if (target.kind === 'dev') {
    const origin = new URL(target.url).origin
    const socket = origin.replace(/^http/, 'ws')
    directives['script-src'] = `'self' 'unsafe-inline' ${origin}`
    directives['style-src'] = `'self' 'unsafe-inline' ${origin}`
    directives['connect-src'] = `'self' ${origin} ${socket}`
  }
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

/** The one permission the renderer gets: sanitized clipboard writes from our own page (its copy buttons). Everything else is denied. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  target: RendererTarget,
): boolean {
  return (
    permission === 'clipboard-sanitized-write' &&
    requestingUrl !== undefined &&
    isOwnRendererUrl(requestingUrl, target)
  )
}

/** Only files our own page built in memory (blob: URLs, e.g. the log export) may be saved. */
export function isAllowedDownload(url: string, pageUrl: string, target: RendererTarget): boolean {
  return url.startsWith('blob:') && isOwnRendererUrl(pageUrl, target)
}

export function installSessionSecurity(session: Session, target: RendererTarget): void {
  const csp = contentSecurityPolicy(target)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // A policy sent by the server must not loosen ours; only one CSP header survives.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [csp]
    callback({ responseHeaders: headers })
  })
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, target))
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? contents?.getURL(), target),
  )
  // The log's Export saves a file the page made itself (a blob: URL); any other download is refused.
  session.on('will-download', (event, item, contents) => {
    if (!isAllowedDownload(item.getURL(), contents.getURL(), target)) event.preventDefault()
  })
}

export interface GuardOptions {
  target: RendererTarget
  openExternal: (url: string) => Promise<void>
}

/** No navigation away from the renderer, no new windows, no webviews; https links go to the system browser. */
export function hardenWebContents(contents: WebContents, options: GuardOptions): void {
  const sendOut = (url: string): void => {
    if (isSafeExternalUrl(url)) void options.openExternal(url).catch(() => undefined)
  }
  contents.on('will-navigate', (event) => {
    if (isOwnRendererUrl(event.url, options.target)) return
    event.preventDefault()
    sendOut(event.url)
  })
  contents.on('will-redirect', (event) => {
    if (!isOwnRendererUrl(event.url, options.target)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url)
    return { action: 'deny' }
  })
}

/** Applies the guards to every web contents the app ever creates, not just the windows we make. */
export function installAppGuards(app: App, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options))
}
