// A usage meter for one ChatGPT rate-limit window (5-hour or weekly).
import type { UsageWindow } from '../../../bridge/control/contract/accounts.js'
import { formatRelative } from '../lib/format.js'

/** `foot` replaces the relative reset time (the Account page tells the clock time too). */
export function Meter({
  label,
  window,
  foot,
}: {
  label: string
  window: UsageWindow | undefined
  foot?: string
}) {
  const pct = window ? Math.max(0, Math.min(100, window.usedPercent)) : 0
  const tone = pct >= 90 ? 'danger' : pct >= 70 ? 'warn' : 'ok'
  const reset = formatRelative(window?.resetsAt)
  return (
    <div className="meter">
      <div className="meter-head">
        <span className="meter-label">{label}</span>
        <span className="meter-value">{window ? `${Math.round(pct)}%` : '—'}</span>
      </div>
      <progress
        className={`meter-bar tone-${tone}`}
        max={100}
        value={pct}
        aria-label={`${label} used`}
      />
      <div className="meter-foot">
        {window ? (foot ?? (reset ? `Resets ${reset}` : 'Reset time unknown')) : 'No data yet'}
      </div>
    </div>
  )
}
