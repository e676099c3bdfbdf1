// The gateway's state as a coloured badge, shared by the sidebar and Overview.
import type { GatewayStatus } from '../../../bridge/control/contract/gateway-status.js'
import { Badge } from './page.js'

const TONE = { running: 'ok', starting: 'info', stopped: 'neutral', error: 'error' } as const
const TEXT = {
  running: 'Running',
  starting: 'Starting…',
  stopped: 'Stopped',
  error: 'Error',
} as const

export function GatewayBadge({ status }: { status: GatewayStatus | undefined }) {
  if (!status) return <Badge>…</Badge>
  return <Badge tone={TONE[status.state]}>{TEXT[status.state]}</Badge>
}
