// The timing waterfall of one exchange: received → upstream connected → first bytes → last byte, with Switchboard's own share.
import type { ExchangeEntry, ExchangeTiming } from '../../../bridge/control/contract/exchange.js'
import { formatMs } from '../lib/format.js'

interface Segment {
  label: string
  from: number
  to: number
  kind: 'own' | 'network' | 'upstream' | 'stream'
}

export function segments(t: ExchangeTiming, total: number): Segment[] {
  const out: Segment[] = []
  const push = (
    label: string,
    from: number | undefined,
    to: number | undefined,
    kind: Segment['kind'],
  ) => {
    if (from !== undefined && to !== undefined && to >= from) out.push({ label, from, to, kind })
  }
  push('Switchboard: decode, route, encode', 0, t.upstreamSentMs, 'own')
  push('Connect to the upstream', t.upstreamSentMs, t.upstreamConnectedMs, 'network')
  push(
    'Upstream thinking (to headers)',
    t.upstreamConnectedMs ?? t.upstreamSentMs,
    t.upstreamHeadersMs,
    'upstream',
  )
  push('Upstream headers → first byte', t.upstreamHeadersMs, t.upstreamFirstByteMs, 'upstream')
  push('Switchboard: first byte to the client', t.upstreamFirstByteMs, t.clientFirstByteMs, 'own')
  push(
    'Streaming to the client',
    t.clientFirstByteMs ?? t.upstreamFirstByteMs,
    t.lastByteMs ?? total,
    'stream',
  )
  return out
}

/** Time spent in Switchboard itself: before the upstream call, and between the upstream's first byte and the client's. */
export function ownShare(t: ExchangeTiming): number | undefined {
  if (t.upstreamSentMs === undefined) return undefined
  const translate =
    t.upstreamFirstByteMs !== undefined && t.clientFirstByteMs !== undefined
      ? Math.max(0, t.clientFirstByteMs - t.upstreamFirstByteMs)
      : 0
  return t.upstreamSentMs + translate
}

export function Waterfall({ entry }: { entry: ExchangeEntry }) {
  const t = entry.timing
  if (!t) return <p className="empty-inline">No timing recorded for this exchange.</p>
  const total = Math.max(entry.durationMs ?? 0, t.lastByteMs ?? 0, 1)
  const parts = segments(t, total)
  const own = ownShare(t)
  const marks: [string, number | undefined][] = [
    ['received', 0],
    ['upstream connected', t.upstreamConnectedMs],
    ['upstream first byte', t.upstreamFirstByteMs],
    ['client first byte', t.clientFirstByteMs],
    ['last byte', t.lastByteMs],
  ]
  return (
    <section className="waterfall" aria-label="Timing">
      <ol className="waterfall-bars">
        {parts.map((p) => (
          <li key={p.label} className="waterfall-row">
            <span className="waterfall-label small">{p.label}</span>
            <span className="waterfall-track">
              <span
                className={`waterfall-bar bar-${p.kind}`}
                style={{
                  left: `${(p.from / total) * 100}%`,
                  width: `max(2px, ${((p.to - p.from) / total) * 100}%)`,
                }}
              />
            </span>
            <span className="waterfall-ms mono small">{formatMs(p.to - p.from)}</span>
          </li>
        ))}
      </ol>
      <p className="small dim">
        {marks
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k} +${formatMs(v)}`)
          .join(' → ')}
      </p>
      {own !== undefined && (
        <p className="small">
          Switchboard's own share: <strong>{formatMs(own)}</strong> of {formatMs(total)} (
          {Math.round((own / total) * 100)}%)
        </p>
      )}
    </section>
  )
}
