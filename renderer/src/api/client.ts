// Picks the transport: Electron's preload bridge when present, otherwise HTTP to the serving gateway.
import type { ControlClient } from '../../../bridge/control/contract.js'
import { takeControlToken } from './control-token.js'
import { createHttpClient } from './http-client.js'
import { createIpcClient } from './ipc-client.js'

export function createClient(): ControlClient {
  const bridge = typeof window !== 'undefined' ? window.switchboard : undefined
  if (bridge) return createIpcClient(bridge)
  const token = takeControlToken({
    location: window.location,
    storage: window.sessionStorage,
    history: window.history,
  })
  return createHttpClient(token ? { token } : {})
}
