// The detail pane for one exchange: summary, notes, frames on one timeline, the timing waterfall, requests, headers.
import { useState } from 'react'
import type { ExchangeEntry } from '../../../bridge/control/contract/exchange.js'
import { CopyButton } from '../components/copy-button.js'
import { Icon } from '../components/icons.js'
import { Badge } from '../components/page.js'
import { Tabs } from '../components/tabs.js'
import {
  DIALECT_LABEL,
  formatBytes,
  formatClock,
  formatMs,
  formatUsage,
  prettyJson,
} from '../lib/format.js'
import { useAppState } from '../state/app-state.js'
import { curlCommand, upstreamCurlCommand } from './curl.js'
import { FramesView } from './frames-view.js'
import { isError } from './log-filter.js'
import { useLogEntry } from './use-log-entry.js'
import { ownShare, Waterfall } from './waterfall.js'

type TabKey = 'frames' | 'timing' | 'requests' | 'response' | 'headers'

function CodePanel({
  title,
  text,
  empty,
}: {
  title: string
  text: string | undefined
  empty: string
}) {
  return (
    <section className="code-panel" aria-label={title}>
      <div className="code-panel-head">
        <h3 className="frame-col-title">{title}</h3>
        {text !== undefined && (
          <CopyButton text={text} small variant="ghost" ariaLabel={`Copy ${title.toLowerCase()}`} />
        )}
      </div>
      {text === undefined ? (
        <p className="empty-inline">{empty}</p>
      ) : (
        <pre className="code">{prettyJson(text)}</pre>
      )}
    </section>
  )
}

function HeadersPanel({
  title,
  headers,
  empty,
}: {
  title: string
  headers: Record<string, string> | undefined
  empty: string
}) {
  const list = Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b))
  return (
    <section className="code-panel" aria-label={title}>
      <div className="code-panel-head">
        <h3 className="frame-col-title">{title}</h3>
        {list.length > 0 && (
          <CopyButton
            text={list.map(([k, v]) => `${k}: ${v}`).join('\n')}
            small
            variant="ghost"
            ariaLabel={`Copy ${title.toLowerCase()}`}
          />
        )}
      </div>
      {list.length === 0 ? (
        <p className="empty-inline">{empty}</p>
      ) : (
        <dl className="header-list mono">
          {list.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

function Facts({ entry }: { entry: ExchangeEntry }) {
  const own = entry.timing ? ownShare(entry.timing) : undefined
  const facts: [string, string][] = [
    ['Started', formatClock(entry.startedAt)],
    ['Client', entry.clientDialect ? DIALECT_LABEL[entry.clientDialect] : '—'],
    [
      'Upstream',
      entry.upstreamDialect
        ? DIALECT_LABEL[entry.upstreamDialect]
        : entry.passthrough
          ? 'passthrough'
          : '—',
    ],
    ['Provider', entry.provider ?? '—'],
    ['Route', entry.route ?? '—'],
    ['TTFB', formatMs(entry.ttfbMs)],
    ['Duration', formatMs(entry.durationMs)],
    ['Switchboard', own === undefined ? '—' : formatMs(own)],
    ['Tokens', formatUsage(entry.usage)],
    ['Frames', `${entry.frames.length} · ${formatBytes(entry.frameBytes)}`],
  ]
  return (
    <dl className="facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

function Detail({ entry, onClose }: { entry: ExchangeEntry; onClose: () => void }) {
  const { gateway } = useAppState()
  const [tab, setTab] = useState<TabKey>(entry.stream ? 'frames' : 'requests')
  const gatewayUrl =
    gateway?.url ?? `http://${gateway?.host ?? '127.0.0.1'}:${gateway?.port ?? 8787}`
  return (
    <div className="detail" aria-label="Exchange detail" role="region">
      <header className="detail-head">
        <div className="detail-title">
          <Badge tone={entry.state === 'active' ? 'info' : isError(entry) ? 'error' : 'ok'}>
            {entry.status ?? entry.state}
          </Badge>
          <code className="detail-path">
            {entry.method} {entry.path}
          </code>
          <span className="detail-models">
            {entry.requestedModel ?? '—'}
            {entry.routedModel && entry.routedModel !== entry.requestedModel ? (
              <>
                {' '}
                → <strong>{entry.routedModel}</strong>
              </>
            ) : null}
          </span>
        </div>
        <div className="row detail-actions">
          <CopyButton text={() => curlCommand(entry, gatewayUrl)} label="Copy as curl" small />
          {entry.upstreamUrl && (
            <CopyButton
              text={() => upstreamCurlCommand(entry) ?? ''}
              label="Copy upstream request as curl"
              small
            />
          )}
          <button
            type="button"
            className="btn btn-ghost btn-icon"
            onClick={onClose}
            aria-label="Close detail"
          >
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="detail-body">
        <Facts entry={entry} />
        {entry.upstreamUrl && <p className="small dim mono ellipsis">→ {entry.upstreamUrl}</p>}
        {entry.error && (
          <p className="detail-error" role="alert">
            {entry.error}
          </p>
        )}
        {entry.notes.length > 0 && (
          <ul className="notes" aria-label="Notes">
            {entry.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
        <Tabs<TabKey>
          label="Exchange parts"
          active={tab}
          onChange={setTab}
          tabs={[
            { key: 'frames', label: `Frames (${entry.frames.length})` },
            { key: 'timing', label: 'Timing' },
            { key: 'requests', label: 'Requests' },
            { key: 'response', label: 'Response' },
            { key: 'headers', label: 'Headers' },
          ]}
        >
          {tab === 'frames' && (
            <FramesView
              frames={entry.frames}
              dropped={entry.framesDropped}
              passthrough={entry.passthrough === true}
            />
          )}
          {tab === 'timing' && <Waterfall entry={entry} />}
          {tab === 'requests' && (
            <div className="split-2">
              <CodePanel
                title="Client request"
                text={entry.clientRequest}
                empty="Not captured — turn on body capture in Settings."
              />
              <CodePanel
                title="Upstream request"
                text={entry.upstreamRequest}
                empty={
                  entry.passthrough
                    ? 'Passthrough: sent as received.'
                    : 'Not captured — turn on body capture in Settings.'
                }
              />
            </div>
          )}
          {tab === 'response' && (
            <CodePanel
              title="Client response"
              text={entry.clientResponse}
              empty={entry.stream ? 'Streamed — see Frames.' : 'Not captured.'}
            />
          )}
          {tab === 'headers' && (
            <div className="split-3">
              <HeadersPanel
                title="Client request headers"
                headers={entry.requestHeaders}
                empty="No headers recorded."
              />
              <HeadersPanel
                title="Upstream request headers"
                headers={entry.upstreamRequestHeaders}
                empty="The upstream was not called."
              />
              <HeadersPanel
                title="Upstream response headers"
                headers={entry.upstreamResponseHeaders}
                empty="No answer from the upstream yet."
              />
            </div>
          )}
        </Tabs>
      </div>
    </div>
  )
}

export function LogDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const state = useLogEntry(id)
  switch (state.status) {
    case 'loading':
      return (
        <div className="detail detail-empty" aria-busy="true">
          Loading…
        </div>
      )
    case 'missing':
      return <div className="detail detail-empty">This exchange is no longer in the log.</div>
    case 'error':
      return (
        <div className="detail detail-empty" role="alert">
          {state.message}
        </div>
      )
    case 'ready':
      return <Detail key={state.entry.id} entry={state.entry} onClose={onClose} />
  }
}
