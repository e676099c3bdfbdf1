// Upstream and client SSE frames side by side, each with its time since the exchange started.
import { useState } from 'react'
import type { LoggedFrame } from '../../../bridge/control/contract.js'
import { prettyJson } from '../lib/format.js'

const INITIAL = 300

function FrameColumn({ title, frames }: { title: string; frames: LoggedFrame[] }) {
  const [limit, setLimit] = useState(INITIAL)
  const shown = frames.slice(0, limit)
  return (
    <section className="frame-col" aria-label={`${title} frames`}>
      <h3 className="frame-col-title">{title} <span className="dim">· {frames.length}</span></h3>
      {frames.length === 0 ? (
        <p className="empty-inline">No frames</p>
      ) : (
        <ol className="frames">
          {shown.map((f, i) => (
            <li key={i} className="frame">
              <span className="frame-t mono">+{f.t} ms</span>
              <pre className="code">{prettyJson(f.data)}</pre>
            </li>
          ))}
        </ol>
      )}
      {frames.length > limit && (
        <button type="button" className="btn btn-sm" onClick={() => setLimit(frames.length)}>
          Show all {frames.length} frames
        </button>
      )}
    </section>
  )
}

export function FramesView({ frames, dropped }: { frames: LoggedFrame[]; dropped: number }) {
  return (
    <div className="frames-view">
      {dropped > 0 && <p className="dim small">{dropped} frames not kept (over the body size cap).</p>}
      <div className="split-2">
        <FrameColumn title="Upstream" frames={frames.filter((f) => f.side === 'upstream')} />
        <FrameColumn title="Client" frames={frames.filter((f) => f.side === 'client')} />
      </div>
    </div>
  )
}
