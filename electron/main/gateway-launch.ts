// Starting the gateway when the app launches, and telling the user when it cannot (a taken port offers a free one).
import { createServer } from 'node:net'
import type { Settings } from '../../bridge/config/schema.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import type { Notifier } from './notify.js'

export interface LaunchHost {
  readonly settings: Settings
  startGateway(): Promise<GatewayStatus>
  getSettings(): Promise<Settings>
  updateSettings(settings: Settings): Promise<unknown>
}

export function isPortTaken(status: GatewayStatus): boolean {
  return status.state === 'error' && /already in use|EADDRINUSE/i.test(status.error ?? '')
}

/** A port that is free on `host` now: the OS picks it, and the listener is closed again at once. */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port was found'))))
    })
  })
}

/**
 * Moves the gateway to a port that is free now and saves that number, not 0: with port 0 every launch would
 * pick a new one and the snippets users pasted into their tools would stop working.
 */
export async function useFreePort(
  host: LaunchHost,
  freePort: (host: string) => Promise<number> = findFreePort,
): Promise<GatewayStatus> {
  const stored = await host.getSettings()
  const port = await freePort(stored.server.host)
  await host.updateSettings({ ...stored, server: { ...stored.server, port } })
  return host.startGateway()
}

export async function startOnLaunch(
  host: LaunchHost,
  notify: Notifier,
): Promise<GatewayStatus | undefined> {
  if (host.settings.ui?.startGatewayOnLaunch === false) return undefined
  const status = await host.startGateway()
  if (status.state !== 'error') return status
  const title = 'Switchboard could not start the gateway'
  if (!isPortTaken(status)) {
    notify({ title, body: status.error ?? 'Unknown error' })
    return status
  }
  notify({
    title,
    body: `${status.error ?? 'The port is taken.'}`,
    action: {
      text: 'Use a Free Port',
      run: () => {
        void useFreePort(host).then(
          (next) => {
            if (next.state === 'running')
              notify({
                title: 'Switchboard is running',
                body: `Now listening on ${next.url ?? `port ${next.port}`}. Copy a fresh snippet from the tray.`,
              })
            else notify({ title, body: next.error ?? 'Unknown error' })
          },
          (error: unknown) =>
            notify({ title, body: error instanceof Error ? error.message : String(error) }),
        )
      },
    },
  })
  return status
}
