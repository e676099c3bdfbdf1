// Pages and hash routing (`#/log`): works the same from /ui/ on the gateway and from file:// in Electron.
import { useEffect, useRef, useState } from 'react'
import type { IconName } from './components/icons.js'

export const PAGES = [
  { id: 'overview', label: 'Overview', icon: 'overview' },
  { id: 'account', label: 'Account', icon: 'account' },
  { id: 'providers', label: 'Providers', icon: 'providers' },
  { id: 'mappings', label: 'Model mappings', icon: 'mappings' },
  { id: 'filters', label: 'Filters', icon: 'filters' },
  { id: 'log', label: 'Live log', icon: 'log' },
  { id: 'usage', label: 'Usage', icon: 'usage' },
  { id: 'snippets', label: 'Snippets', icon: 'snippets' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
] as const satisfies readonly { id: string; label: string; icon: IconName }[]

export type PageId = (typeof PAGES)[number]['id']

function fromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '')
  return PAGES.find((p) => p.id === id)?.id ?? 'overview'
}

let focus: { page: PageId; item: string } | undefined

/** Opens a page; `item` asks it to show that item first (a provider by id). */
export function navigate(page: PageId, item?: string): void {
  focus = item === undefined ? undefined : { page, item }
  window.location.hash = `#/${page}`
}

/** The item a link asked `page` to show first; asked once, then forgotten. */
export function takeFocus(page: PageId): string | undefined {
  if (focus?.page !== page) return undefined
  const item = focus.item
  focus = undefined
  return item
}

/** Asked before the page changes; false keeps the current page (e.g. to ask about unsaved changes first). */
type LeaveGuard = (next: PageId) => boolean
let leaveGuard: LeaveGuard | undefined

export function setLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuard = guard
  return () => {
    if (leaveGuard === guard) leaveGuard = undefined
  }
}

export function useCurrentPage(): PageId {
  const [page, setPage] = useState<PageId>(() => fromHash(window.location.hash))
  const current = useRef(page)
  useEffect(() => {
    const onChange = () => {
      const next = fromHash(window.location.hash)
      if (next === current.current) return
      if (leaveGuard && !leaveGuard(next)) {
        // Back to the page being left, without a history entry of its own.
        window.history.replaceState(null, '', `#/${current.current}`)
        return
      }
      current.current = next
      setPage(next)
    }
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return page
}
