// Usage: tokens per day by provider (a chart), each provider's spend against its caps, and the period's
// totals per provider × account × model — the same history `switchboard usage` prints.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import type { ProviderSpend, UsageHistory } from '../../../bridge/control/contract/usage-history.js'
import { errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { Icon } from '../components/icons.js'
import { Card, Notice, Page } from '../components/page.js'
import { compactTokens, tokensPerDay, totalsByModel, usd } from './usage-data.js'

const PERIODS = [7, 30, 90] as const

// The charting library is loaded with this page only, so the rest of the UI starts as fast as before.
const UsageChart = lazy(() => import('./usage-chart.js').then((m) => ({ default: m.UsageChart })))

function CapMeter({
  label,
  spent,
  cap,
}: {
  label: string
  spent: number
  cap: number | undefined
}) {
  if (cap === undefined) return <span>{usd(spent)}</span>
  const pct = cap === 0 ? 100 : Math.min(100, (spent / cap) * 100)
  const tone = pct >= 100 ? 'danger' : pct >= 80 ? 'warn' : 'ok'
  return (
    <span className="cap-meter">
      <span>
        {usd(spent)} of {usd(cap)}
      </span>
      <progress
        className={`meter-bar tone-${tone}`}
        max={100}
        value={pct}
        aria-label={`${label} spending cap used`}
      />
    </span>
  )
}

function SpendTable({ spend }: { spend: ProviderSpend[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Today</th>
          <th scope="col">This month</th>
          <th scope="col">Not priced</th>
        </tr>
      </thead>
      <tbody>
        {spend.map((s) => (
          <tr key={s.provider}>
            <th scope="row">{s.provider}</th>
            <td>
              <CapMeter label={`${s.provider} daily`} spent={s.todayUsd} cap={s.dailyCapUsd} />
            </td>
            <td>
              <CapMeter label={`${s.provider} monthly`} spent={s.monthUsd} cap={s.monthlyCapUsd} />
            </td>
            <td className="dim small">{s.unpriced.join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function UsagePage() {
  const client = useClient()
  const [days, setDays] = useState<number>(30)
  const [history, setHistory] = useState<UsageHistory>()
  const [error, setError] = useState<string>()
  const load = useCallback(() => {
    client.usageHistory({ days }).then(
      (h) => {
        setHistory(h)
        setError(undefined)
      },
      (e: unknown) => setError(errorText(e)),
    )
  }, [client, days])
  useEffect(load, [load])

  const chart = history ? tokensPerDay(history.rows, days) : undefined
  const totals = history ? totalsByModel(history.rows) : []
  return (
    <Page
      title="Usage"
      description="Tokens per day, model, provider and account, kept across restarts; spend from each provider's prices."
      actions={
        <>
          <label className="inline-field">
            <span className="dim small">Period</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  Last {p} days
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" onClick={load}>
            <Icon name="refresh" /> Refresh
          </button>
        </>
      }
    >
      {error && <Notice tone="error">{error}</Notice>}
      {history && !history.available && (
        <Notice tone="warn" title="No usage history">
          This gateway keeps no history (no configuration directory, or the database could not be
          opened; see the notices above).
        </Notice>
      )}
      {chart && (
        <Card title="Tokens per day">
          {history?.rows.length ? (
            <div className="usage-chart-scroll">
              <Suspense fallback={<p className="dim">Drawing the chart…</p>}>
                <UsageChart points={chart.points} providers={chart.providers} />
              </Suspense>
            </div>
          ) : (
            <p className="dim">No usage recorded in this period.</p>
          )}
        </Card>
      )}
      {history && history.spend.length > 0 && (
        <Card title="Spend">
          <SpendTable spend={history.spend} />
        </Card>
      )}
      {totals.length > 0 && (
        <Card title="By model">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Account</th>
                <th scope="col">Model</th>
                <th scope="col">Input</th>
                <th scope="col">Cached</th>
                <th scope="col">Output</th>
                <th scope="col">Reasoning</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={`${t.provider}|${t.account}|${t.model}`}>
                  <td>{t.provider}</td>
                  <td>{t.account || '—'}</td>
                  <td>{t.model}</td>
                  <td>{compactTokens(t.inputTokens)}</td>
                  <td>{compactTokens(t.cachedInputTokens)}</td>
                  <td>{compactTokens(t.outputTokens)}</td>
                  <td>{compactTokens(t.reasoningTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </Page>
  )
}
