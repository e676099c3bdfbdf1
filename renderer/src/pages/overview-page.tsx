// Overview: is the gateway up and where, the access key, the account and its usage, one-click snippets.
import { useEffect, useState } from 'react'
import type { Snippet } from '../../../bridge/control/contract/settings-views.js'
import {
  clockText,
  fallbackText,
  forecastText,
  stateText,
} from '../../../bridge/usage/usage-words.js'
import { useClient } from '../api/client-context.js'
import { CopyButton } from '../components/copy-button.js'
import { GatewayBadge } from '../components/gateway-badge.js'
import { Icon } from '../components/icons.js'
import { Card, Notice, Page } from '../components/page.js'
import { SecretText } from '../components/secret-text.js'
import { UsageMeters } from '../components/usage-meters.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'
import { navigate } from '../nav.js'
import { BridgeImportCard } from './bridge-import-card.js'
import { RecentActivity } from './recent-activity.js'

const QUICK: Snippet['id'][] = ['claude', 'codex', 'openai']

function GatewayCard() {
  const client = useClient()
  const { gateway, setGateway } = useAppState()
  const toggle = useAsyncAction(async () => {
    setGateway(
      gateway?.state === 'running' ? await client.stopGateway() : await client.startGateway(),
    )
  })
  const running = gateway?.state === 'running'
  return (
    <Card
      title="Gateway"
      actions={
        <button
          type="button"
          className={`btn${running ? '' : ' btn-primary'}`}
          onClick={() => void toggle.run()}
          disabled={!gateway || toggle.busy || gateway.state === 'starting'}
        >
          <Icon name="power" />
          <span>{running ? 'Stop' : 'Start'}</span>
        </button>
      }
    >
      <div className="kv">
        <span className="kv-k">Status</span>
        <span className="kv-v">
          <GatewayBadge status={gateway} />
        </span>
        <span className="kv-k">URL</span>
        <span className="kv-v">
          {gateway?.url ? (
            <span className="row">
              <code className="url">{gateway.url}</code>
              <CopyButton text={gateway.url} small ariaLabel="Copy gateway URL" />
            </span>
          ) : (
            <span className="dim">
              Not listening · {gateway ? `${gateway.host}:${gateway.port}` : '…'}
            </span>
          )}
        </span>
        <span className="kv-k">Access key</span>
        <span className="kv-v">
          {gateway ? <SecretText secret={gateway.accessKey} label="Access key" /> : '…'}
        </span>
        <span className="kv-k">Version</span>
        <span className="kv-v dim">{gateway?.version ?? '…'}</span>
      </div>
      {gateway?.error && <Notice tone="error">{gateway.error}</Notice>}
      {toggle.error && (
        <p className="form-error" role="alert">
          {toggle.error}
        </p>
      )}
    </Card>
  )
}

function AccountCard() {
  const { auth } = useAppState()
  return (
    <Card
      title="ChatGPT account"
      actions={
        <button type="button" className="btn btn-ghost" onClick={() => navigate('account')}>
          Manage
        </button>
      }
    >
      {auth?.signedIn ? (
        <>
          <p className="account-line">
            <span className="avatar" aria-hidden="true">
              {(auth.email ?? '?').slice(0, 1).toUpperCase()}
            </span>
            <span>
              <strong>{auth.email ?? 'Signed in'}</strong>
              {auth.plan && <span className="dim"> · {auth.plan}</span>}
            </span>
          </p>
          <UsageMeters usage={auth.usage} />
          <AccountForecasts />
        </>
      ) : (
        <div className="empty-card">
          <p>
            {auth
              ? 'Not signed in. Sign in to route requests through your ChatGPT subscription.'
              : 'Loading…'}
          </p>
          {auth && (
            <button type="button" className="btn btn-primary" onClick={() => navigate('account')}>
              Sign in with ChatGPT
            </button>
          )}
        </div>
      )}
    </Card>
  )
}

/** Per pool account: the burn-rate forecast ("5-hour window runs out at 14:20"), or why it cannot serve. */
function AccountForecasts() {
  const { auth } = useAppState()
  const now = Date.now()
  const lines = (auth?.accounts ?? [])
    .map((a) => ({
      key: a.id,
      who: a.email ?? a.id,
      text: a.state === 'ready' ? forecastText(a, now) : stateText(a, now),
    }))
    .filter((l): l is { key: string; who: string; text: string } => l.text !== undefined)
  if (lines.length === 0) return null
  return (
    <ul className="forecast-list" aria-label="Usage forecast">
      {lines.map((l) => (
        <li key={l.key}>
          <strong>{l.who}</strong>: {l.text}
        </li>
      ))}
    </ul>
  )
}

/** While requests go past a provider that cannot serve: who serves instead, why, and since when. */
function FallbackNotice() {
  const { gateway } = useAppState()
  const fallback = gateway?.fallback
  if (!fallback) return null
  const since = Date.parse(fallback.since)
  return (
    <Notice tone={fallback.servedBy ? 'warn' : 'error'} title="Fallback active">
      {fallbackText(fallback)}
      {!Number.isNaN(since) && <span className="dim"> Since {clockText(since, Date.now())}.</span>}
    </Notice>
  )
}

function QuickSnippets() {
  const client = useClient()
  const { gateway } = useAppState()
  const [snippets, setSnippets] = useState<Snippet[]>([])
  useEffect(() => {
    let live = true
    client.snippets().then(
      (s) => live && setSnippets(s),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [client, gateway?.url, gateway?.accessKey])
  const quick = QUICK.map((id) => snippets.find((s) => s.id === id)).filter(
    (s): s is Snippet => s !== undefined,
  )
  return (
    <Card
      title="Connect a tool"
      actions={
        <button type="button" className="btn btn-ghost" onClick={() => navigate('snippets')}>
          All snippets
        </button>
      }
    >
      <ul className="quick-list">
        {quick.map((s) => (
          <li key={s.id} className="quick-item">
            <span>{s.title}</span>
            <CopyButton
              text={s.text}
              label="Copy setup"
              ariaLabel={`Copy ${s.title} snippet`}
              small
            />
          </li>
        ))}
        {quick.length === 0 && <li className="dim">Loading…</li>}
      </ul>
    </Card>
  )
}

export function OverviewPage() {
  const { loadError } = useAppState()
  return (
    <Page
      title="Overview"
      description="Switchboard translates between Claude Code, Codex and OpenAI-compatible tools and your upstreams."
    >
      {loadError && (
        <Notice tone="error" title="Cannot reach Switchboard">
          {loadError}
        </Notice>
      )}
      <FallbackNotice />
      <BridgeImportCard firstRunOnly />
      <div className="grid-2">
        <GatewayCard />
        <AccountCard />
      </div>
      <QuickSnippets />
      <RecentActivity />
    </Page>
  )
}
