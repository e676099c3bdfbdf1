// Live log page: search with field filters (`/` to focus), pause, clear (asks first), export as HAR or NDJSON, the
// virtualized list (j/k to move), and the detail pane (Esc to close).
import {
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type PointerEvent as ReactPointerEvent,
} from 'react'
import type { DialectId } from '../../../bridge/control/contract/exchange.js'
import { useClient } from '../api/client-context.js'
import { ConfirmButton } from '../components/confirm-button.js'
import { Icon } from '../components/icons.js'
import { Page } from '../components/page.js'
import { downloadText } from '../lib/download.js'
import { DIALECT_LABEL, formatCount } from '../lib/format.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'
import { toHar, toNdjson } from './export-formats.js'
import { useLogStore, useLogView } from './live-log.js'
import { LogDetail } from './log-detail.js'
import {
  applyFilter,
  EMPTY_FILTER,
  parseQuery,
  type LogFilter,
  type StatusFilter,
} from './log-filter.js'
import { LogHeader, LogList } from './log-list.js'

const STATUS_OPTIONS: [StatusFilter, string][] = [
  ['all', 'All statuses'],
  ['ok', 'Succeeded'],
  ['error', 'Failed'],
  ['active', 'In progress'],
]

const clampShare = (v: number): number => Math.min(85, Math.max(15, v))

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  )
}

/** Ids whose bodies, frames or headers hold the search's free words, asked of the gateway after a pause in typing. */
function useBodyHits(words: string): ReadonlySet<string> | undefined {
  const client = useClient()
  const [hits, setHits] = useState<ReadonlySet<string>>()
  useEffect(() => {
    setHits(undefined)
    if (words === '') return
    let live = true
    const timer = setTimeout(() => {
      client
        .logSearch({ text: words })
        .then((ids) => live && setHits(new Set(ids)))
        .catch(() => undefined)
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [client, words])
  return hits
}

export function LogPage() {
  const client = useClient()
  const { gateway } = useAppState()
  const store = useLogStore()
  const view = useLogView()
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER)
  const [selected, setSelected] = useState<string>()
  const search = useRef<HTMLInputElement>(null)
  const deferredFilter = useDeferredValue(filter)
  const words = useMemo(
    () => parseQuery(deferredFilter.text).words.join(' '),
    [deferredFilter.text],
  )
  const bodyHits = useBodyHits(words)
  const rows = useMemo(
    () => applyFilter(view.rows, deferredFilter, bodyHits),
    [view.rows, deferredFilter, bodyHits],
  )

  const clear = useAsyncAction(async () => {
    await client.clearLog()
    setSelected(undefined)
  })
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-')
  const exportAs = useAsyncAction(async (format: 'har' | 'ndjson') => {
    const entries = await client.logExport()
    if (format === 'har') {
      const origin =
        gateway?.url ?? `http://${gateway?.host ?? '127.0.0.1'}:${gateway?.port ?? 8787}`
      downloadText(
        `switchboard-log-${stamp()}.har`,
        JSON.stringify(toHar(entries, origin, gateway?.version ?? ''), null, 2),
        'application/json',
      )
    } else {
      downloadText(`switchboard-log-${stamp()}.ndjson`, toNdjson(entries), 'application/x-ndjson')
    }
  })

  // Keyboard: `/` searches, j/k move the selection, Esc closes the detail.
  const rowsRef = useRef(rows)
  rowsRef.current = rows
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.metaKey || ev.ctrlKey || ev.altKey) return
      if (ev.key === 'Escape') {
        if (ev.target === search.current && search.current?.value) return
        setSelected(undefined)
        return
      }
      if (typingIn(ev.target)) return
      if (ev.key === '/') {
        ev.preventDefault()
        search.current?.focus()
        search.current?.select()
      } else if (ev.key === 'j' || ev.key === 'k') {
        const list = rowsRef.current
        if (list.length === 0) return
        ev.preventDefault()
        setSelected((cur) => {
          const i = cur === undefined ? -1 : list.findIndex((r) => r.id === cur)
          const next = ev.key === 'j' ? Math.min(list.length - 1, i + 1) : Math.max(0, i - 1)
          return list[next]?.id ?? cur
        })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // The list/detail split: dragged with the pointer or moved with the arrow keys on the separator.
  const layout = useRef<HTMLDivElement>(null)
  const [listShare, setListShare] = useState(34)
  const startResize = (down: ReactPointerEvent<HTMLDivElement>) => {
    const box = layout.current?.getBoundingClientRect()
    if (!box || box.height === 0) return
    down.currentTarget.setPointerCapture(down.pointerId)
    const move = (ev: PointerEvent) =>
      setListShare(clampShare(((ev.clientY - box.top) / box.height) * 100))
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  const set = (patch: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...patch }))
  const counts =
    rows.length === view.rows.length
      ? `${formatCount(rows.length)} ${rows.length === 1 ? 'exchange' : 'exchanges'}`
      : `${formatCount(rows.length)} of ${formatCount(view.rows.length)}`

  return (
    <Page
      title="Live log"
      wide
      description="Every exchange through the gateway as it happens. Bodies and frames are redacted of secrets."
    >
      <div className="toolbar log-toolbar" role="toolbar" aria-label="Log controls">
        <div className="search">
          <Icon name="search" />
          <input
            ref={search}
            className="input"
            type="search"
            placeholder="Search  /   e.g. status:4xx provider:anthropic model:haiku"
            aria-label="Filter log"
            aria-keyshortcuts="/"
            value={filter.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </div>
        <select
          className="input select"
          aria-label="Status"
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          {STATUS_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <select
          className="input select"
          aria-label="Client dialect"
          value={filter.dialect}
          onChange={(e) => set({ dialect: e.target.value as DialectId | 'all' })}
        >
          <option value="all">All clients</option>
          {(Object.keys(DIALECT_LABEL) as DialectId[]).map((d) => (
            <option key={d} value={d}>
              {DIALECT_LABEL[d]}
            </option>
          ))}
        </select>
        <span className="toolbar-spacer" />
        <span className="dim small log-count" aria-live="polite">
          {counts}
        </span>
        <button
          type="button"
          className={`btn${view.paused ? ' btn-primary' : ''}`}
          aria-pressed={view.paused}
          onClick={() => store.setPaused(!view.paused)}
        >
          <Icon name={view.paused ? 'play' : 'pause'} />
          <span>
            {view.paused
              ? `Resume${view.buffered > 0 ? ` (${formatCount(view.buffered)} new)` : ''}`
              : 'Pause'}
          </span>
        </button>
        <ConfirmButton
          confirmLabel="Clear every entry?"
          onConfirm={() => void clear.run()}
          disabled={clear.busy || view.rows.length === 0}
        >
          <Icon name="trash" />
          <span>Clear</span>
        </ConfirmButton>
        <details className="menu">
          <summary className="btn" aria-label="Export">
            <Icon name="download" />
            <span>Export</span>
          </summary>
          <div className="menu-list" role="menu">
            <button
              type="button"
              role="menuitem"
              className="btn btn-ghost"
              disabled={exportAs.busy}
              onClick={(e) => {
                e.currentTarget.closest('details')?.removeAttribute('open')
                void exportAs.run('har')
              }}
            >
              HAR (browser devtools, HAR viewers)
            </button>
            <button
              type="button"
              role="menuitem"
              className="btn btn-ghost"
              disabled={exportAs.busy}
              onClick={(e) => {
                e.currentTarget.closest('details')?.removeAttribute('open')
                void exportAs.run('ndjson')
              }}
            >
              NDJSON (one exchange per line)
            </button>
          </div>
        </details>
      </div>
      {(clear.error ?? exportAs.error) && (
        <p className="form-error" role="alert">
          {clear.error ?? exportAs.error}
        </p>
      )}
      {view.paused && (
        <p className="paused-banner" role="status">
          Paused —{' '}
          {view.buffered > 0
            ? `${formatCount(view.buffered)} new ${view.buffered === 1 ? 'request' : 'requests'} held`
            : 'no new requests yet'}
          . The gateway keeps logging.
        </p>
      )}
      {view.dropped > 0 && (
        <p className="dim small" role="note">
          {formatCount(view.dropped)} older {view.dropped === 1 ? 'entry was' : 'entries were'}{' '}
          dropped: the log keeps the newest {formatCount(view.rows.length)} (Settings → Live log).
        </p>
      )}
      <div
        ref={layout}
        className={`log-layout${selected ? ' has-detail' : ''}`}
        style={{ '--list-share': `${listShare}%` } as CSSProperties}
      >
        <div className="log-table">
          <LogHeader />
          {rows.length === 0 ? (
            <div className="log-empty">
              {!view.loaded
                ? 'Loading…'
                : view.rows.length === 0
                  ? 'No requests yet. Point a client at the gateway and they appear here live.'
                  : 'Nothing matches the search.'}
            </div>
          ) : (
            <LogList rows={rows} selectedId={selected} onSelect={setSelected} />
          )}
        </div>
        {selected && (
          <div
            className="splitter"
            role="separator"
            aria-orientation="horizontal"
            aria-label="Resize the list and the detail"
            aria-valuemin={15}
            aria-valuemax={85}
            aria-valuenow={Math.round(listShare)}
            tabIndex={0}
            onPointerDown={startResize}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowUp' ? -5 : e.key === 'ArrowDown' ? 5 : 0
              if (step === 0) return
              e.preventDefault()
              setListShare((v) => clampShare(v + step))
            }}
          />
        )}
        {selected && <LogDetail id={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </Page>
  )
}
