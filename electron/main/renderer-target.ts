// Where the renderer comes from (the built file or the Vite dev server) and whether a URL is that renderer.
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export type RendererTarget = { kind: 'file'; file: string } | { kind: 'dev'; url: string }

/** The URL the window loads for `target`. */
export function rendererUrl(target: RendererTarget): string {
  switch (target.kind) {
    case 'file':
      return pathToFileURL(target.file).href
    case 'dev':
      return target.url
  }
}

/** True only for our own renderer: the exact index file (any query or hash), or the dev server's origin. */
export function isOwnRendererUrl(url: string, target: RendererTarget): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  switch (target.kind) {
    case 'file':
      if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost'))
        return false
      try {
        parsed.search = ''
        parsed.hash = ''
        const a = resolve(fileURLToPath(parsed))
        const b = resolve(target.file)
        // Windows paths compare without case (drive letters differ between sources).
        return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b
      } catch {
        return false
      }
    case 'dev':
      return parsed.origin === new URL(target.url).origin
  }
}

/** Links the app may hand to the system browser: https always, http only when the caller allows it (sign-in against a local issuer). */
export function isSafeExternalUrl(url: string, allowHttp = false): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || (allowHttp && protocol === 'http:')
  } catch {
    return false
  }
}
