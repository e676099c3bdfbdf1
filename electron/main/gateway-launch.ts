// Starting the gateway when the app launches, and telling the user when it cannot (a taken port offers a free one).
import type { Settings } from '../../bridge/config/schema.js'
import type { GatewayStatus } from '../../bridge/control/contract.js'
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

/** Moves the gateway to a free port (port 0) and starts it; saved, so the next launch does the same. */
export async function useFreePort(host: LaunchHost): Promise<GatewayStatus> {
  const stored = await host.getSettings()
  await host.updateSettings({ ...stored, server: { ...stored.server, port: 0 } })
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
