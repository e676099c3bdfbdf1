// The virtualized exchange list: fixed-height rows, a focusable listbox with arrow-key selection.
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import type { ExchangeSummary } from '../../../bridge/control/contract/exchange.js'
import { DIALECT_LABEL, formatClock, formatMs, formatTokens } from '../lib/format.js'
import { isError } from './log-filter.js'

export const ROW_HEIGHT = 32

function StatusCell({ e }: { e: ExchangeSummary }) {
  if (e.state === 'active')
    return (
      <span className="status status-active">
        <span className="pulse" aria-hidden="true" />
        {e.status ?? 'live'}
      </span>
    )
  return (
    <span className={`status ${isError(e) ? 'status-error' : 'status-ok'}`}>
      {e.status ?? 'error'}
    </span>
  )
}

function ModelCell({ e }: { e: ExchangeSummary }) {
  const requested = e.requestedModel ?? e.path
  const routed = e.routedModel && e.routedModel !== e.requestedModel ? e.routedModel : undefined
  const failed = isError(e) && e.error
  return (
    <span
      className="cell-model"
      title={[routed ? `${requested} → ${routed}` : requested, failed ? e.error : undefined]
        .filter(Boolean)
        .join('\n')}
    >
      <span className="model-req">{requested}</span>
      {routed && (
        <>
          <span className="arrow" aria-label="routed to">
            →
          </span>
          <span className="model-routed">{routed}</span>
        </>
      )}
      <Badges e={e} />
      {failed && <span className="row-error">{e.error}</span>}
    </span>
  )
}

/** What happened, at a glance: streamed, called a tool, fell back, passed through untranslated, has notes. */
function Badges({ e }: { e: ExchangeSummary }) {
  return (
    <span className="badges">
      {e.stream && (
        <span className="tag" title="Streamed">
          stream
        </span>
      )}
      {e.toolCall && (
        <span className="tag tag-tool" title="The answer called a tool">
          tool
        </span>
      )}
      {e.fallback && e.fallback.length > 0 && (
        <span
          className="tag tag-fallback"
          title={[
            e.state === 'error'
              ? 'No provider could serve:'
              : `Served by ${e.provider ?? 'a fallback'} after:`,
            ...e.fallback.map((f) => `${f.provider}: ${f.message}`),
          ].join('\n')}
        >
          fallback
        </span>
      )}
      {e.passthrough && (
        <span className="tag tag-pass" title="Same dialect both ways: bytes passed through">
          pass
        </span>
      )}
      {e.notes.length > 0 && (
        <span className="tag tag-note" title={e.notes.join('\n')}>
          {e.notes.length === 1 ? 'note' : `${e.notes.length} notes`}
        </span>
      )}
    </span>
  )
}

function tokensTitle(e: ExchangeSummary): string | undefined {
  const u = e.usage
  if (!u) return 'The upstream reported no usage'
  return `${u.inputTokens} in (${u.cachedInputTokens} cached) · ${u.outputTokens} out (${u.reasoningTokens} reasoning)`
}

// Memoized: on a scroll or a new row, only rows whose entry, position or selection changed re-render.
const LogRow = memo(function LogRow({
  e,
  start,
  selected,
  onSelect,
}: {
  e: ExchangeSummary
  start: number
  selected: boolean
  onSelect: (id: string) => void
}) {
  return (
    <div
      id={`log-row-${e.id}`}
      role="option"
      aria-selected={selected}
      className={`log-row${selected ? ' is-selected' : ''}${isError(e) ? ' is-error' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onSelect(e.id)}
    >
      <span className="mono dim col-time">{formatClock(e.startedAt)}</span>
      <span className="col-client">
        {e.clientDialect ? DIALECT_LABEL[e.clientDialect] : e.method}
      </span>
      <ModelCell e={e} />
      <span className="ellipsis col-provider">{e.provider ?? '—'}</span>
      <span className="num col-status">
        <StatusCell e={e} />
      </span>
      <span className="num mono col-ttfb">{formatMs(e.ttfbMs)}</span>
      <span className="num mono col-duration">{formatMs(e.durationMs)}</span>
      <span className="num mono col-tokens" title={tokensTitle(e)}>
        {formatTokens(e.usage)}
      </span>
    </div>
  )
})

export function LogHeader() {
  return (
    <div className="log-row log-head" aria-hidden="true">
      <span className="col-time">Time</span>
      <span className="col-client">Client</span>
      <span>Requested → routed</span>
      <span className="col-provider">Provider</span>
      <span className="num col-status">Status</span>
      <span className="num col-ttfb">TTFB</span>
      <span className="num col-duration">Duration</span>
      <span className="num col-tokens">Tokens</span>
    </div>
  )
}

export function LogList({
  rows,
  selectedId,
  onSelect,
}: {
  rows: readonly ExchangeSummary[]
  selectedId: string | undefined
  onSelect: (id: string) => void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Keyed by position, not by entry: when new rows arrive on top, each row element shows the entry now at its
    // place (a few text changes) instead of every visible row being torn down and built again; and the
    // virtualizer keeps its row positions instead of recomputing all of them for each batch.
  })
  const selectedIndex = selectedId === undefined ? -1 : rows.findIndex((r) => r.id === selectedId)

  // A selection made elsewhere (j/k on the page) is scrolled into view; new rows arriving do not move the view.
  const indexRef = useRef(selectedIndex)
  indexRef.current = selectedIndex
  useEffect(() => {
    if (indexRef.current >= 0) virtualizer.scrollToIndex(indexRef.current, { align: 'auto' })
  }, [selectedId, virtualizer])

  // New rows arrive on top; once the reader has scrolled down, keep the row they were reading in place. The
  // scroll position is kept from scroll events: reading scrollTop right after a render would force a layout.
  const anchor = useRef<{ id: string; offset: number } | undefined>(undefined)
  const scrollTop = useRef(0)
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const prev = anchor.current
    if (prev && scrollTop.current > 0) {
      const index = rows.findIndex((r) => r.id === prev.id)
      const top = index * ROW_HEIGHT + prev.offset
      if (index >= 0 && top !== scrollTop.current) el.scrollTop = scrollTop.current = top
    }
    const remember = (top: number) => {
      scrollTop.current = top
      const row = rows[Math.floor(top / ROW_HEIGHT)]
      anchor.current = row && top > 0 ? { id: row.id, offset: top % ROW_HEIGHT } : undefined
    }
    remember(scrollTop.current)
    const onScroll = () => remember(el.scrollTop)
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => el.removeEventListener('scroll', onScroll)
  }, [rows])

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const last = rows.length - 1
    if (last < 0) return
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    )
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, selectedIndex + 1),
      ArrowUp: Math.max(0, selectedIndex - 1),
      PageDown: Math.min(last, Math.max(0, selectedIndex) + page),
      PageUp: Math.max(0, selectedIndex - page),
      Home: 0,
      End: last,
    }
    const next = moves[ev.key]
    if (next === undefined) return
    ev.preventDefault()
    const row = rows[next]
    if (!row) return
    onSelect(row.id)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  return (
    <div
      ref={scrollRef}
      className="log-scroll"
      role="listbox"
      tabIndex={0}
      aria-label="Exchanges, newest first"
      aria-activedescendant={selectedIndex >= 0 ? `log-row-${selectedId}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const e = rows[item.index]
          if (!e) return null
          return (
            <LogRow
              key={item.key}
              e={e}
              start={item.start}
              selected={e.id === selectedId}
              onSelect={onSelect}
            />
          )
        })}
      </div>
    </div>
  )
}
