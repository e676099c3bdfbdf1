// The two ChatGPT usage windows (5-hour and weekly) as meters.
import type { UsageWindow, UsageWindows } from '../../../bridge/control/contract/accounts.js'
import { Meter } from './meter.js'

function windowLabel(w: UsageWindow | undefined, fallback: string): string {
  const m = w?.windowMinutes
  if (m === undefined) return fallback
  if (m === 10_080) return 'Weekly'
  if (m % 1440 === 0) return `${m / 1440}-day`
  if (m % 60 === 0) return `${m / 60}-hour`
  return `${m}-minute`
}

export function UsageMeters({ usage }: { usage: UsageWindows | undefined }) {
  return (
    <div className="meters">
      <Meter label={`${windowLabel(usage?.primary, '5-hour')} window`} window={usage?.primary} />
      <Meter
        label={`${windowLabel(usage?.secondary, 'Weekly')} window`}
        window={usage?.secondary}
      />
    </div>
  )
}
