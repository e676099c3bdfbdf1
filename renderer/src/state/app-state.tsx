// Shared live state: gateway status, account status and the saved settings, kept current by control events.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import type { AuthStatus } from '../../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../../bridge/control/contract/gateway-status.js'
import type { Settings } from '../../../bridge/config/schema.js'
import { errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'

export interface AppState {
  gateway: GatewayStatus | undefined
  auth: AuthStatus | undefined
  settings: Settings | undefined
  loadError: string | undefined
  setGateway: (s: GatewayStatus) => void
  setAuth: (s: AuthStatus) => void
  setSettings: (s: Settings) => void
  reload: () => void
}

const AppStateContext = createContext<AppState | null>(null)

export function AppStateProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const [gateway, setGateway] = useState<GatewayStatus>()
  const [auth, setAuth] = useState<AuthStatus>()
  const [settings, setSettings] = useState<Settings>()
  const [loadError, setLoadError] = useState<string>()
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    let live = true
    // Read now, and again whenever the event stream (re)opens: a change made before it was connected is not lost.
    const load = (): void => {
      Promise.all([client.gatewayStatus(), client.authStatus(), client.getSettings()])
        .then(([g, a, s]) => {
          if (!live) return
          setGateway(g)
          setAuth(a)
          setSettings(s)
          setLoadError(undefined)
        })
        .catch((e: unknown) => {
          if (live) setLoadError(errorText(e))
        })
    }
    const unsubscribe = client.subscribe((event) => {
      if (!live) return
      switch (event.type) {
        case 'gateway:status':
          setGateway(event.status)
          break
        case 'auth:status':
          setAuth(event.status)
          break
        case 'settings:changed':
          setSettings(event.settings)
          break
        case 'log:appended':
        case 'log:updated':
        case 'log:frames':
        case 'log:cleared':
          break
      }
    }, load)
    load()
    return () => {
      live = false
      unsubscribe()
    }
  }, [client, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const value = useMemo<AppState>(
    () => ({ gateway, auth, settings, loadError, setGateway, setAuth, setSettings, reload }),
    [gateway, auth, settings, loadError, reload],
  )
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext)
  if (!state) throw new Error('useAppState outside AppStateProvider')
  return state
}
