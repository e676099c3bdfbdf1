// The compact frames view: one line per event (+ms, side, event type, size, preview), client and upstream
// aligned by time, searchable, each line expandable to its JSON.
import { useMemo, useState } from 'react'
import type { LoggedFrame } from '../../../bridge/control/contract/exchange.js'
import { formatBytes, prettyJson } from '../lib/format.js'
import { frameLine, frameMatches } from './frame-line.js'

const INITIAL = 400

function FrameRow({
  frame,
  open,
  onToggle,
}: {
  frame: LoggedFrame
  open: boolean
  onToggle: () => void
}) {
  const line = frameLine(frame)
  const expandable = frame.data !== undefined
  const cell = (
    <button
      type="button"
      className="frame-cell"
      aria-expanded={expandable ? open : undefined}
      disabled={!expandable}
      onClick={onToggle}
    >
      <span className="frame-event mono">{line.event}</span>
      <span className="frame-size mono dim">{formatBytes(frame.bytes)}</span>
      <span className="frame-preview ellipsis">{line.preview}</span>
    </button>
  )
  return (
    <li className={`frame-line side-${frame.side}`}>
      <span className="frame-t mono">+{frame.t} ms</span>
      <span
        className="frame-side"
        aria-label={frame.side === 'upstream' ? 'from the upstream' : 'to the client'}
      >
        {frame.side === 'upstream' ? '↓ up' : '↑ client'}
      </span>
      <div className="frame-upstream">{frame.side === 'upstream' && cell}</div>
      <div className="frame-client">{frame.side === 'client' && cell}</div>
      {open && frame.data !== undefined && (
        <pre className="code frame-json">{prettyJson(frame.data)}</pre>
      )}
    </li>
  )
}

export function FramesView({
  frames,
  dropped,
  passthrough,
}: {
  frames: LoggedFrame[]
  dropped: number
  passthrough: boolean
}) {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const [limit, setLimit] = useState(INITIAL)
  // Both sides in one timeline; a stable sort keeps each side's own order for equal times.
  const ordered = useMemo(
    () => frames.map((f, i) => ({ f, i })).sort((a, b) => a.f.t - b.f.t),
    [frames],
  )
  const shown = useMemo(
    () => ordered.filter(({ f }) => frameMatches(f, query.trim())),
    [ordered, query],
  )
  const upstream = frames.filter((f) => f.side === 'upstream').length
  const client = frames.length - upstream
  const textless = frames.length > 0 && frames.every((f) => f.data === undefined)
  const toggle = (i: number) =>
    setOpen((cur) => {
      const next = new Set(cur)
      if (next.has(i)) next.delete(i)
      else next.add(i)
      return next
    })

  return (
    <div className="frames-view">
      <div className="frames-toolbar">
        <input
          className="input frames-search"
          type="search"
          placeholder="Search frames"
          aria-label="Search frames"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="dim small">
          {upstream} upstream ·{' '}
          {passthrough
            ? 'the client received the same frames (passthrough)'
            : `${client} to the client`}
          {query.trim() && ` · ${shown.length} match`}
        </span>
      </div>
      {dropped > 0 && (
        <p className="dim small">{dropped} frames not kept (over the body size cap).</p>
      )}
      {textless && (
        <p className="dim small">
          Body capture is off: frames keep their time, event and size only. Turn it on in Settings
          to see their text.
        </p>
      )}
      {frames.length === 0 ? (
        <p className="empty-inline">
          No frames: the answer was not streamed, or nothing arrived yet.
        </p>
      ) : (
        <>
          <div className="frame-line frame-head" aria-hidden="true">
            <span>Time</span>
            <span />
            <span>Upstream</span>
            <span>{passthrough ? 'Client (same frames)' : 'Client'}</span>
          </div>
          <ol className="frame-lines" aria-label="Frames in time order">
            {shown.slice(0, limit).map(({ f, i }) => (
              <FrameRow key={i} frame={f} open={open.has(i)} onToggle={() => toggle(i)} />
            ))}
          </ol>
          {shown.length > limit && (
            <button type="button" className="btn btn-sm" onClick={() => setLimit(shown.length)}>
              Show all {shown.length} frames
            </button>
          )}
        </>
      )}
    </div>
  )
}
