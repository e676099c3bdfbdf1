// The control token in the browser: taken once from the UI link's fragment (#token=…), kept in sessionStorage
// (scoped to this origin, port included, unlike a cookie) and sent as a header by the HTTP client.
import { CONTROL_UI_TOKEN_PARAM } from '../../../bridge/control/contract.js'

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
