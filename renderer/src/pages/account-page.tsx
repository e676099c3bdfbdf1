// Account: ChatGPT sign-in (browser or device code), sign out, import the Codex CLI login or chatgpt-codex-proxy's
// sign-in, status and usage.
import { useEffect, useState } from 'react'
import type { AuthStatus, SignInStart } from '../../../bridge/control/contract/accounts.js'
import { useClient } from '../api/client-context.js'
import { CopyButton } from '../components/copy-button.js'
import { Icon } from '../components/icons.js'
import { Badge, Card, Notice, Page } from '../components/page.js'
import { UsageMeters } from '../components/usage-meters.js'
import { formatRelative } from '../lib/format.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'
import { ProxyTokensCard } from './proxy-tokens-card.js'

function PendingSignIn({
  start,
  onCancel,
  busy,
}: {
  start: SignInStart
  onCancel: () => void
  busy: boolean
}) {
  return (
    <div className="pending" aria-live="polite">
      {start.method === 'browser' ? (
        <>
          <p>Finish signing in in your browser. If it did not open, open this address:</p>
          <div className="row url-row">
            <code className="url ellipsis" title={start.authorizeUrl}>
              {start.authorizeUrl}
            </code>
            <CopyButton text={start.authorizeUrl} small ariaLabel="Copy sign-in URL" />
            <a
              className="btn btn-sm"
              href={start.authorizeUrl}
              target="_blank"
              rel="noreferrer noopener"
            >
              <Icon name="external" size={14} />
              <span>Open</span>
            </a>
          </div>
        </>
      ) : (
        <>
          <p>Open the address below on any device and enter this code:</p>
          <div className="device-code" aria-label="Device code">
            {start.userCode}
          </div>
          <div className="row url-row">
            <code className="url">{start.verificationUrl}</code>
            <CopyButton text={start.verificationUrl} small ariaLabel="Copy verification URL" />
            <CopyButton
              text={start.userCode}
              small
              label="Copy code"
              ariaLabel="Copy device code"
            />
          </div>
          <p className="dim small">The code expires {formatRelative(start.expiresAt) ?? 'soon'}.</p>
        </>
      )}
      <div className="row">
        <span className="spinner" aria-hidden="true" />
        <span>Waiting…</span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function StatusFields({ auth }: { auth: AuthStatus }) {
  const rows: [string, string | undefined][] = [
    ['Email', auth.email],
    ['Plan', auth.plan],
    ['Account ID', auth.accountId],
    [
      'Token expires',
      auth.expiresAt
        ? `${new Date(auth.expiresAt).toLocaleString()} (${formatRelative(auth.expiresAt)})`
        : undefined,
    ],
    ['Login source', auth.mode],
  ]
  return (
    <div className="kv">
      <span className="kv-k">State</span>
      <span className="kv-v">
        <Badge tone={auth.signedIn ? 'ok' : 'neutral'}>
          {auth.signedIn ? 'Signed in' : 'Signed out'}
        </Badge>{' '}
        {stateNote(auth.state) && <span className="dim">{stateNote(auth.state)}</span>}
      </span>
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <FragmentRow key={k} k={k} v={v ?? ''} />
        ))}
    </div>
  )
}

/** What a state adds to "Signed in" / "Signed out", in words; plain states add nothing and raw names never show. */
function stateNote(state: string): string | undefined {
  switch (state) {
    case 'signed_out_refresh_failed':
      return 'the saved login expired; sign in again'
    case 'unavailable':
      return 'sign-in is not available in this build'
    default:
      return undefined
  }
}

/** Status messages written for the command line ("Run `switchboard login`") are not for this page, which has the buttons. */
function pageMessage(message: string | undefined): string | undefined {
  return message && !/switchboard login/i.test(message) ? message : undefined
}

function FragmentRow({ k, v }: { k: string; v: string }) {
  return (
    <>
      <span className="kv-k">{k}</span>
      <span className="kv-v">{v}</span>
    </>
  )
}

export function AccountPage() {
  const client = useClient()
  const { auth, setAuth } = useAppState()
  const [pending, setPending] = useState<SignInStart>()

  // The sign-in finishes elsewhere (browser, phone); the auth:status event ends the wait.
  useEffect(() => {
    if (auth?.signedIn) setPending(undefined)
  }, [auth?.signedIn])

  const signIn = useAsyncAction(async (method: 'browser' | 'device') =>
    setPending(await client.signIn({ method })),
  )
  const cancel = useAsyncAction(async () => {
    await client.cancelSignIn()
    setPending(undefined)
  })
  const signOut = useAsyncAction(async () => setAuth(await client.signOut()))
  const importLogin = useAsyncAction(async () => setAuth(await client.importCodexLogin()))
  const error = signIn.error ?? cancel.error ?? signOut.error ?? importLogin.error

  return (
    <Page
      title="Account"
      description="Use your ChatGPT subscription as an upstream. Tokens stay in the system keychain."
    >
      {error && <Notice tone="error">{error}</Notice>}
      {pageMessage(auth?.message) && (
        <Notice tone={auth?.signedIn ? 'info' : 'warn'}>{pageMessage(auth?.message)}</Notice>
      )}
      <div className="grid-2">
        <Card title="Status">
          {auth ? <StatusFields auth={auth} /> : <p className="dim">Loading…</p>}
          {auth?.signedIn && (
            <div className="card-foot">
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => void signOut.run()}
                disabled={signOut.busy}
              >
                Sign out
              </button>
            </div>
          )}
        </Card>
        <Card title="Usage">
          {auth?.signedIn ? (
            <UsageMeters usage={auth.usage} />
          ) : (
            <p className="dim">Sign in to see your 5-hour and weekly limits.</p>
          )}
          {auth?.signedIn && auth.usage?.updatedAt && (
            <p className="dim small">Updated {formatRelative(auth.usage.updatedAt)}</p>
          )}
        </Card>
      </div>
      {!auth?.signedIn && (
        <Card title="Sign in with ChatGPT">
          {pending ? (
            <PendingSignIn start={pending} onCancel={() => void cancel.run()} busy={cancel.busy} />
          ) : (
            <div className="choice-grid">
              <div className="choice">
                <h3>In your browser</h3>
                <p className="dim">Opens the ChatGPT sign-in page; you return here when done.</p>
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => void signIn.run('browser')}
                  disabled={signIn.busy}
                >
                  Sign in with browser
                </button>
              </div>
              <div className="choice">
                <h3>With a device code</h3>
                <p className="dim">For headless machines: enter a short code on another device.</p>
                <button
                  type="button"
                  className="btn"
                  onClick={() => void signIn.run('device')}
                  disabled={signIn.busy}
                >
                  Use a device code
                </button>
              </div>
              <div className="choice">
                <h3>From Codex CLI</h3>
                <p className="dim">Reuse the login in ~/.codex/auth.json.</p>
                <button
                  type="button"
                  className="btn"
                  onClick={() => void importLogin.run()}
                  disabled={importLogin.busy}
                >
                  Import Codex CLI login
                </button>
              </div>
            </div>
          )}
        </Card>
      )}
      <ProxyTokensCard />
    </Page>
  )
}
