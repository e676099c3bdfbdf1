// The control token in the browser: taken once from the UI link's fragment (#token=…), kept in sessionStorage
// (scoped to this origin, port included, unlike a cookie) and sent as a header by the HTTP client; or pasted
// by the user on the token page, as the whole link or the token alone.
import { CONTROL_UI_TOKEN_PARAM } from '../../../bridge/control/contract/transports.js'

const KEY = 'switchboard.controlToken'

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
  history: Pick<History, 'replaceState'>
}

/** Reads the fragment when there is one, removes it from the address bar, and returns the kept token. */
export function takeControlToken(place: TokenPlace): string | undefined {
  const fragment = new URLSearchParams(place.location.hash.replace(/^#/, ''))
  const fresh = fragment.get(CONTROL_UI_TOKEN_PARAM)
  if (fresh) {
    place.storage.setItem(KEY, fresh)
    // Out of the address bar, so it is not bookmarked, shared in a screenshot or kept in history.
    place.history.replaceState(null, '', `${place.location.pathname}${place.location.search}`)
  }
  return place.storage.getItem(KEY) ?? undefined
}

export function keepControlToken(storage: Pick<Storage, 'setItem'>, token: string): void {
  storage.setItem(KEY, token)
}

export type PastedToken =
  | { kind: 'token'; token: string }
  /** A link to another gateway (another port or host): its page takes the token from there. */
  | { kind: 'elsewhere'; url: string }
  | { kind: 'invalid'; message: string }

/**
 * What the user pasted: the link `switchboard serve` printed (`…/ui/#token=…`, or an older `…/ui?token=…`), the
 * `web UI:` line around it, or the token alone.
 */
export function readPastedToken(text: string, origin: string): PastedToken {
  const trimmed = text.trim().replace(/^web UI:\s*/i, '')
  if (trimmed === '') return { kind: 'invalid', message: 'Paste the link or the token.' }
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL
    try {
      url = new URL(trimmed)
    } catch {
      return { kind: 'invalid', message: 'That link is not a valid address.' }
    }
    const token =
      new URLSearchParams(url.hash.replace(/^#/, '')).get(CONTROL_UI_TOKEN_PARAM) ??
      url.searchParams.get(CONTROL_UI_TOKEN_PARAM)
    if (!token)
      return {
        kind: 'invalid',
        message: `That link has no token: use the whole line, ending in #${CONTROL_UI_TOKEN_PARAM}=…`,
      }
    if (url.origin !== origin) return { kind: 'elsewhere', url: url.href }
    return { kind: 'token', token }
  }
  if (/\s/.test(trimmed))
    return { kind: 'invalid', message: 'A token has no spaces: paste the link or the token alone.' }
  return { kind: 'token', token: trimmed }
}
