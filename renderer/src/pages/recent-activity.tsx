// Overview's glance at the live log: counts and the latest few exchanges.
import { Card } from '../components/page.js'
import { isError } from '../log/log-filter.js'
import { useLogView } from '../log/live-log.js'
import { formatClock, formatMs } from '../lib/format.js'
import { navigate } from '../nav.js'

export function RecentActivity() {
  const { rows, loaded } = useLogView()
  const recent = rows.slice(0, 5)
  const errors = rows.reduce((n, e) => n + (isError(e) ? 1 : 0), 0)
  const active = rows.reduce((n, e) => n + (e.state === 'active' ? 1 : 0), 0)
  return (
    <Card
      title="Recent requests"
      actions={
        <button type="button" className="btn btn-ghost" onClick={() => navigate('log')}>
          Open live log
        </button>
      }
    >
      <div className="stats">
        <div>
          <span className="stat-value">{rows.length}</span>
          <span className="stat-label">in the log</span>
        </div>
        <div>
          <span className="stat-value">{active}</span>
          <span className="stat-label">in progress</span>
        </div>
        <div>
          <span className={`stat-value${errors > 0 ? ' text-error' : ''}`}>{errors}</span>
          <span className="stat-label">failed</span>
        </div>
      </div>
      {recent.length === 0 ? (
        <p className="dim">{loaded ? 'No requests yet.' : 'Loading…'}</p>
      ) : (
        <ul className="recent">
          {recent.map((e) => (
            <li key={e.id} className="recent-row">
              <span className="mono dim">{formatClock(e.startedAt).slice(0, 8)}</span>
              <span
                className={`status ${e.state === 'active' ? 'status-active' : isError(e) ? 'status-error' : 'status-ok'}`}
              >
                {e.status ?? e.state}
              </span>
              <span className="mono ellipsis">
                {e.requestedModel ?? e.path}
                {e.routedModel && e.routedModel !== e.requestedModel ? ` → ${e.routedModel}` : ''}
              </span>
              <span className="dim ellipsis">{e.provider ?? ''}</span>
              <span className="mono dim num">{formatMs(e.durationMs)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}
