// One ChatGPT account of the pool: who, plan, state (ready, limited until …, needs sign-in), whether new
// conversations go to it or it is the reserve, its 5-hour and weekly windows with reset times, the burn-rate
// forecast, and Remove (asked once more: its tokens leave the keychain).
import { useState } from 'react'
import type { AccountUsageWindow, AccountView } from '../../../bridge/control/contract/accounts.js'
import {
  clockText,
  forecastText,
  stateText,
  windowLabel,
} from '../../../bridge/usage/usage-words.js'
import { Icon } from '../components/icons.js'
import { Meter } from '../components/meter.js'
import { Badge } from '../components/page.js'
import { formatRelative } from '../lib/format.js'

function title(s: string): string {
  return s.slice(0, 1).toUpperCase() + s.slice(1)
}

/** "Resets 15:05 (in 2h 13m)": the clock time, and how long until then. */
function resetText(w: AccountUsageWindow | undefined, now: number): string | undefined {
  const at = w?.resetsAt ? Date.parse(w.resetsAt) : NaN
  if (Number.isNaN(at)) return undefined
  return `Resets ${clockText(at, now)} (${formatRelative(w?.resetsAt, now) ?? ''})`
}

/** "just now" rather than "0m ago". */
function updatedText(iso: string, now: number): string {
  const at = Date.parse(iso)
  return !Number.isNaN(at) && now - at < 60_000 ? 'just now' : (formatRelative(iso, now) ?? '')
}

function ForecastLine({ account, now }: { account: AccountView; now: number }) {
  const usage = account.usage
  if (!usage)
    return (
      <p className="dim small">No usage seen yet: it shows after the account's first request.</p>
    )
  const runsOut = forecastText(account, now)
  if (runsOut) return <p className="forecast is-warn">At this rate the {runsOut}.</p>
  const rate = usage.primary?.percentPerHour ?? usage.secondary?.percentPerHour
  if (rate !== undefined)
    return (
      <p className="forecast dim">
        At the recent rate ({rate.toLocaleString('en', { maximumFractionDigits: 1 })}% an hour)
        neither window runs out before it resets.
      </p>
    )
  return <p className="forecast dim">Not enough readings yet for a forecast.</p>
}

function StateBadge({ account, now }: { account: AccountView; now: number }) {
  switch (account.state) {
    case 'ready':
      return <Badge tone="ok">Ready</Badge>
    case 'limited':
      return <Badge tone="warn">{title(stateText(account, now))}</Badge>
    case 'needs sign-in':
      return <Badge tone="error">Needs sign-in</Badge>
  }
}

export function AccountCard({
  account,
  now,
  removing,
  onRemove,
  onSignInAgain,
}: {
  account: AccountView
  now: number
  removing: boolean
  onRemove: () => void
  onSignInAgain: () => void
}) {
  const [confirming, setConfirming] = useState(false)
  const who = account.email ?? account.id
  const usage = account.usage
  return (
    <section
      className={`card account-card${account.state === 'ready' ? '' : ' is-unavailable'}`}
      aria-label={`Account ${who}`}
    >
      <div className="account-head">
        <span className="avatar" aria-hidden="true">
          {who.slice(0, 1).toUpperCase()}
        </span>
        <div className="account-who">
          <h2 className="card-title">{who}</h2>
          <div className="badges">
            {account.plan && <Badge>{title(account.plan)}</Badge>}
            <StateBadge account={account} now={now} />
            {account.servesNext && <Badge tone="info">Serves new conversations</Badge>}
            {account.reserve && <Badge>Reserve</Badge>}
          </div>
        </div>
        <div className="card-actions">
          {account.state === 'needs sign-in' && (
            <button type="button" className="btn btn-primary" onClick={onSignInAgain}>
              Sign in again
            </button>
          )}
          <button
            type="button"
            className="btn btn-ghost"
            aria-label={`Remove ${who}`}
            aria-expanded={confirming}
            onClick={() => setConfirming(true)}
            disabled={removing}
          >
            <Icon name="trash" size={14} />
            <span>Remove</span>
          </button>
        </div>
      </div>
      {confirming && (
        <div className="confirm-strip" role="alertdialog" aria-label={`Remove ${who}?`}>
          <p>
            Remove <strong>{who}</strong> from Switchboard? Its tokens are deleted from the keychain
            {account.mode === 'codex-linked'
              ? ' (the Codex CLI keeps its own login)'
              : ' and its sign-in is revoked'}
            ; conversations on it move to the next account.
          </p>
          <div className="row">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
            <button
              type="button"
              className="btn btn-danger-solid"
              onClick={onRemove}
              disabled={removing}
            >
              {removing ? 'Removing…' : 'Remove account'}
            </button>
          </div>
        </div>
      )}
      {account.state === 'needs sign-in' && (
        <p className="text-error small">
          Its sign-in has ended, so it serves no requests. Sign in again as {who} to renew it.
        </p>
      )}
      <div className="meters">
        <Meter
          label={`${title(windowLabel(usage?.primary?.windowMinutes ?? 300))} window`}
          window={usage?.primary}
          foot={resetText(usage?.primary, now)}
        />
        <Meter
          label={`${title(windowLabel(usage?.secondary?.windowMinutes ?? 10_080))} window`}
          window={usage?.secondary}
          foot={resetText(usage?.secondary, now)}
        />
      </div>
      <ForecastLine account={account} now={now} />
      <p className="account-meta dim small">
        <span>
          Account ID <code>{account.id}</code>
        </span>
        {account.mode === 'codex-linked' && <span>Shared with the Codex CLI</span>}
        {usage?.updatedAt && <span>Usage updated {updatedText(usage.updatedAt, now)}</span>}
      </p>
    </section>
  )
}
