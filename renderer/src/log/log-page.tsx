// Live log page: toolbar (filter, pause, clear, export), the virtualized list, and the detail pane.
import { useDeferredValue, useMemo, useState } from 'react'
import type { DialectId } from '../../../bridge/control/contract.js'
import { useClient } from '../api/client-context.js'
import { Icon } from '../components/icons.js'
import { Page } from '../components/page.js'
import { downloadJson } from '../lib/download.js'
import { DIALECT_LABEL, formatCount } from '../lib/format.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useLogStore, useLogView } from './live-log.js'
import { LogDetail } from './log-detail.js'
import { applyFilter, EMPTY_FILTER, type LogFilter, type StatusFilter } from './log-filter.js'
import { LogHeader, LogList } from './log-list.js'

const STATUS_OPTIONS: [StatusFilter, string][] = [['all', 'All statuses'], ['ok', 'Succeeded'], ['error', 'Failed'], ['active', 'In progress']]

export function LogPage() {
  const client = useClient()
  const store = useLogStore()
  const view = useLogView()
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER)
  const [selected, setSelected] = useState<string>()
  const deferredFilter = useDeferredValue(filter)
  const rows = useMemo(() => applyFilter(view.rows, deferredFilter), [view.rows, deferredFilter])

  const clear = useAsyncAction(async () => {
    await client.clearLog()
    setSelected(undefined)
  })
  const exportLog = useAsyncAction(async () => {
    const snapshot = await client.logSnapshot()
    downloadJson(`switchboard-log-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, snapshot)
  })

  const set = (patch: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...patch }))
  const counts = rows.length === view.rows.length ? `${formatCount(rows.length)} ${rows.length === 1 ? 'exchange' : 'exchanges'}` : `${formatCount(rows.length)} of ${formatCount(view.rows.length)}`

  return (
    <Page title="Live log" wide description="Every exchange through the gateway as it happens. Bodies and frames are redacted of secrets.">
      <div className="toolbar" role="toolbar" aria-label="Log controls">
        <div className="search">
          <Icon name="search" />
          <input
            className="input"
            type="search"
            placeholder="Filter: model, provider, status…"
            aria-label="Filter log"
            value={filter.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </div>
        <select className="input select" aria-label="Status" value={filter.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
          {STATUS_OPTIONS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
        <select className="input select" aria-label="Client dialect" value={filter.dialect} onChange={(e) => set({ dialect: e.target.value as DialectId | 'all' })}>
          <option value="all">All clients</option>
          {(Object.keys(DIALECT_LABEL) as DialectId[]).map((d) => <option key={d} value={d}>{DIALECT_LABEL[d]}</option>)}
        </select>
        <span className="toolbar-spacer" />
        <span className="dim small" aria-live="polite">{counts}</span>
        <button
          type="button"
          className={`btn${view.paused ? ' btn-primary' : ''}`}
          aria-pressed={view.paused}
          onClick={() => store.setPaused(!view.paused)}
        >
          <Icon name={view.paused ? 'play' : 'pause'} />
          <span>{view.paused ? `Resume${view.buffered > 0 ? ` (${formatCount(view.buffered)} new)` : ''}` : 'Pause'}</span>
        </button>
        <button type="button" className="btn" onClick={() => void clear.run()} disabled={clear.busy}>
          <Icon name="trash" />
          <span>Clear</span>
        </button>
        <button type="button" className="btn" onClick={() => void exportLog.run()} disabled={exportLog.busy}>
          <Icon name="download" />
          <span>Export</span>
        </button>
      </div>
      {(clear.error ?? exportLog.error) && <p className="form-error" role="alert">{clear.error ?? exportLog.error}</p>}
      {view.paused && (
        <p className="paused-banner" role="status">
          Paused — {view.buffered > 0 ? `${formatCount(view.buffered)} events held` : 'no new events yet'}. The gateway keeps logging.
        </p>
      )}
      <div className={`log-layout${selected ? ' has-detail' : ''}`}>
        <div className="log-table">
          <LogHeader />
          {rows.length === 0 ? (
            <div className="log-empty">
              {!view.loaded ? 'Loading…' : view.rows.length === 0 ? 'No requests yet. Point a client at the gateway and they appear here live.' : 'Nothing matches the filter.'}
            </div>
          ) : (
            <LogList rows={rows} selectedId={selected} onSelect={setSelected} />
          )}
        </div>
        {selected && <LogDetail id={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </Page>
  )
}
