// The banner for what the gateway host found at start-up (a settings file moved aside, no keychain, …),
// the same notices `serve` prints and the tray shows as notifications.
import { useState } from 'react'
import type { HostNotice } from '../../../bridge/control/contract/gateway-status.js'
import { useAppState } from '../state/app-state.js'

const TITLE: Record<HostNotice['code'], string> = {
  'settings-reset': 'Settings were reset',
  'settings-migrated': 'Settings were updated to the current format',
  'settings-warning': 'A setting needs attention',
  'secrets-unavailable': 'No keychain available',
  'secrets-in-file': 'Secrets are kept in a file',
  overlay: 'Command-line flags or environment variables apply',
  'import-offer': 'Settings from an earlier bridge can be imported',
  'response-store': 'Stored responses',
  'usage-history': 'Usage history',
}

function noticeKey(n: HostNotice): string {
  return `${n.code}:${n.message}`
}

export function HostNotices() {
  const { gateway } = useAppState()
  // Dismissed for this window only: the host reports the same list for its whole run.
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const shown = (gateway?.notices ?? []).filter((n) => !dismissed.has(noticeKey(n)))
  if (shown.length === 0) return null
  return (
    <section className="host-notices" aria-label="Start-up notices">
      {shown.map((n) => (
        <div
          key={noticeKey(n)}
          className={`notice${n.level === 'warning' ? ' notice-warn' : ''} host-notice`}
          role={n.level === 'warning' ? 'alert' : 'status'}
        >
          <div className="host-notice-text">
            <span className="notice-title">{TITLE[n.code]}</span>
            <span>{n.message}</span>
            {n.fields && n.fields.length > 0 && (
              <span className="dim small">Fields: {n.fields.join(', ')}</span>
            )}
            {n.keptAs && (
              <span className="dim small">
                The earlier file was kept as <code>{n.keptAs}</code>
              </span>
            )}
          </div>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-label={`Dismiss: ${TITLE[n.code]}`}
            onClick={() => setDismissed(new Set([...dismissed, noticeKey(n)]))}
          >
            Dismiss
          </button>
        </div>
      ))}
    </section>
  )
}
