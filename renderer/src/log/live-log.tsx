// Owns the one LogStore for the app: control events, and a snapshot each time their stream opens, so no entry
// is missed at start or across a reconnect and the log survives page changes.
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import { useClient } from '../api/client-context.js'
import { useAppState } from '../state/app-state.js'
import { LogStore, type LogView } from './log-store.js'

const LogStoreContext = createContext<LogStore | null>(null)

export function LiveLogProvider({
  children,
  store: given,
}: {
  children: ReactNode
  store?: LogStore
}) {
  const client = useClient()
  const { settings } = useAppState()
  const [resyncs, setResyncs] = useState(0)
  const [store] = useState(() => given ?? new LogStore({ resync: () => setResyncs((n) => n + 1) }))

  useEffect(() => {
    let live = true
    const loadSnapshot = (): void => {
      client
        .logSnapshot()
        .then((entries) => {
          if (live) store.load(entries)
        })
        .catch(() => {
          if (live) store.load([])
        })
    }
    const unsubscribe = client.subscribe((event) => {
      switch (event.type) {
        case 'log:appended':
        case 'log:updated':
        case 'log:frames':
        case 'log:cleared':
          store.push(event)
          break
        case 'gateway:status':
        case 'auth:status':
        case 'settings:changed':
          break
      }
    }, loadSnapshot)
    // Also at once, so the log shows even while the event stream cannot connect.
    loadSnapshot()
    return () => {
      live = false
      unsubscribe()
    }
  }, [client, store, resyncs])

  const maxEntries = settings?.log.maxEntries
  useEffect(() => {
    if (maxEntries !== undefined) store.setCap(maxEntries)
  }, [store, maxEntries])

  return <LogStoreContext.Provider value={store}>{children}</LogStoreContext.Provider>
}

export function useLogStore(): LogStore {
  const store = useContext(LogStoreContext)
  if (!store) throw new Error('useLogStore outside LiveLogProvider')
  return store
}

export function useLogView(): LogView {
  const store = useLogStore()
  return useSyncExternalStore(store.subscribe, store.getView)
}
