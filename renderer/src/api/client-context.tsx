// React access to the one ControlClient, so pages and tests inject it the same way.
import { createContext, useContext, type ReactNode } from 'react'
import type { ControlClient } from '../../../bridge/control/contract.js'

const ClientContext = createContext<ControlClient | null>(null)

export function ClientProvider({
  client,
  children,
}: {
  client: ControlClient
  children: ReactNode
}) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
}

export function useClient(): ControlClient {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient outside ClientProvider')
  return client
}
