// Account: the pool of ChatGPT accounts requests are served with. Each account with its state, usage windows and
// forecast; adding one (browser, device code, the Codex CLI's login, chatgpt-codex-proxy's sign-in), removing one
// or all. The list follows the gateway's auth events, so a sign-in finished elsewhere shows at once.
import { useEffect, useRef, useState } from 'react'
import type {
  AccountView,
  AuthStatus,
  SignInStart,
} from '../../../bridge/control/contract/accounts.js'
import { useClient } from '../api/client-context.js'
import { Icon } from '../components/icons.js'
import { Card, Notice, Page } from '../components/page.js'
import { useAsyncAction } from '../lib/use-async.js'
import { navigate } from '../nav.js'
import { useAppState } from '../state/app-state.js'
import { AccountCard } from './account-card.js'
import { ProxyTokensCard } from './proxy-tokens-card.js'
import { PendingSignIn, SignInChoices } from './sign-in-panel.js'

/** What a state adds when nobody is signed in, in words; plain states add nothing and raw names never show. */
function stateNote(state: string | undefined): string | undefined {
  switch (state) {
    case 'signed_out_refresh_failed':
      return 'The saved login expired; sign in again.'
    case 'unavailable':
      return 'Sign-in is not available in this build.'
    default:
      return undefined
  }
}

/** Status messages written for the command line ("Run `switchboard login`") are not for this page, which has the buttons. */
function pageMessage(message: string | undefined): string | undefined {
  return message && !/switchboard login/i.test(message) ? message : undefined
}

/** The pool as the gateway lists it; a gateway that lists none but is signed in has exactly the one it describes. */
function poolOf(auth: AuthStatus | undefined): AccountView[] {
  if (!auth) return []
  if (auth.accounts) return auth.accounts
  if (!auth.signedIn) return []
  const one: AccountView = {
    id: auth.accountId ?? 'account',
    email: auth.email ?? null,
    plan: auth.plan ?? null,
    state: 'ready',
    servesNext: true,
  }
  if (auth.mode) one.mode = auth.mode
  if (auth.usage) one.usage = auth.usage
  return [one]
}

/** How the last sign-in ended, once this page started it. */
function Outcome({ auth }: { auth: AuthStatus }) {
  const s = auth.signIn
  if (!s || s.state === 'pending') return null
  if (s.state === 'failed')
    return <Notice tone="error">Sign-in did not finish: {s.message ?? 'it was refused'}</Notice>
  return (
    <Notice tone="ok">
      {s.added === false
        ? `${s.account ?? 'The account'} was already in the pool: its sign-in is renewed.`
        : `${s.account ?? 'The account'} is added to the pool.`}
    </Notice>
  )
}

function PoolSummary({ accounts }: { accounts: AccountView[] }) {
  const { settings } = useAppState()
  const chatgpt = settings?.providers.find((p) => p.kind === 'chatgpt')
  const next = accounts.find((a) => a.servesNext)
  const threshold = chatgpt?.accounts?.switchAtPercent ?? 95
  return (
    <p className="pool-summary dim">
      {accounts.length === 1 ? 'One account' : `${accounts.length} accounts`}
      {next ? `; new conversations go to ${next.email ?? next.id}` : '; none can serve right now'}
      {accounts.length > 1 && `, switching at ${threshold}% of a window`}.{' '}
      {chatgpt && (
        <button
          type="button"
          className="link-button"
          onClick={() => navigate('providers', chatgpt.id)}
        >
          Order, reserve and switch point
        </button>
      )}
    </p>
  )
}

export function AccountPage() {
  const client = useClient()
  const { auth, setAuth } = useAppState()
  const [pending, setPending] = useState<SignInStart>()
  const [adding, setAdding] = useState(false)
  const [confirmAll, setConfirmAll] = useState(false)
  const [removing, setRemoving] = useState<string>()
  const [now, setNow] = useState(() => Date.now())
  const started = useRef(false)
  const accounts = poolOf(auth)

  // Reset times and forecasts are told against the clock; a minute is their finest step.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  // The sign-in finishes elsewhere (browser, phone); the gateway's auth event says how it ended.
  const signInState = auth?.signIn?.state
  useEffect(() => {
    if (!pending) return
    // A gateway that reports no progress: the first account signing in ends the wait.
    const ended = signInState ? signInState !== 'pending' : auth?.signedIn === true && !adding
    if (ended) {
      setPending(undefined)
      if (signInState !== 'failed') setAdding(false)
    }
  }, [pending, signInState, auth?.signedIn, adding])

  const signIn = useAsyncAction(async (method: 'browser' | 'device') => {
    const start = await client.signIn({ method })
    started.current = true
    // Read the progress the sign-in just opened, so an earlier one's outcome cannot end this wait.
    setAuth(await client.authStatus())
    setPending(start)
  })
  const cancel = useAsyncAction(async () => {
    await client.cancelSignIn()
    setPending(undefined)
  })
  const remove = useAsyncAction(async (account: string) => {
    setRemoving(account)
    try {
      setAuth(await client.signOut({ account }))
    } finally {
      setRemoving(undefined)
    }
  })
  const signOutAll = useAsyncAction(async () => {
    setAuth(await client.signOut())
    setConfirmAll(false)
  })
  const importLogin = useAsyncAction(async () => {
    setAuth(await client.importCodexLogin())
    setAdding(false)
  })
  const error =
    signIn.error ?? cancel.error ?? remove.error ?? signOutAll.error ?? importLogin.error
  const showChoices = accounts.length === 0 || adding
  const note = accounts.length === 0 ? stateNote(auth?.state) : undefined

  return (
    <Page
      title="Account"
      description="The ChatGPT accounts requests are served with. Tokens stay in the system keychain."
      actions={
        accounts.length > 0 && (
          <>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setAdding(true)}
              disabled={adding || pending !== undefined}
            >
              <Icon name="plus" />
              <span>Add account</span>
            </button>
            <button
              type="button"
              className="btn btn-danger"
              aria-expanded={confirmAll}
              onClick={() => setConfirmAll(true)}
            >
              Sign out all
            </button>
          </>
        )
      }
    >
      {error && <Notice tone="error">{error}</Notice>}
      {note && <Notice tone="warn">{note}</Notice>}
      {pageMessage(auth?.message) && accounts.length === 0 && (
        <Notice tone="warn">{pageMessage(auth?.message)}</Notice>
      )}
      {auth && started.current && !pending && <Outcome auth={auth} />}
      {confirmAll && accounts.length > 0 && (
        <Notice tone="warn" title={`Sign out of all ${accounts.length} accounts?`}>
          <p>
            Every account's tokens are deleted from the keychain and their sign-ins revoked.
            Requests meant for ChatGPT fail (or go to its fallback) until you sign in again.
          </p>
          <div className="row">
            <button type="button" className="btn" onClick={() => setConfirmAll(false)}>
              Keep them
            </button>
            <button
              type="button"
              className="btn btn-danger-solid"
              onClick={() => void signOutAll.run()}
              disabled={signOutAll.busy}
            >
              {signOutAll.busy ? 'Signing out…' : 'Sign out all'}
            </button>
          </div>
        </Notice>
      )}
      {(showChoices || pending) && (
        <Card
          title={accounts.length === 0 ? 'Sign in with ChatGPT' : 'Add a ChatGPT account'}
          actions={
            accounts.length > 0 &&
            !pending && (
              <button type="button" className="btn btn-ghost" onClick={() => setAdding(false)}>
                Cancel
              </button>
            )
          }
        >
          {accounts.length === 0 && !pending && (
            <p className="dim card-lead">
              Sign in with one account or several: Switchboard moves new conversations to the next
              account before one reaches its limit.
            </p>
          )}
          {accounts.length > 0 && !pending && (
            <p className="dim card-lead">
              Sign in with another ChatGPT account to add it; signing in with one already listed
              renews it.
            </p>
          )}
          {pending ? (
            <PendingSignIn start={pending} onCancel={() => void cancel.run()} busy={cancel.busy} />
          ) : (
            <SignInChoices
              adding={accounts.length > 0}
              busy={signIn.busy || importLogin.busy}
              onSignIn={(method) => void signIn.run(method)}
              onImport={() => void importLogin.run()}
            />
          )}
        </Card>
      )}
      {accounts.length > 0 && (
        <div className="account-list" aria-label="ChatGPT accounts" role="list">
          <PoolSummary accounts={accounts} />
          {accounts.map((a) => (
            <div role="listitem" key={a.id}>
              <AccountCard
                account={a}
                now={now}
                removing={removing === a.id}
                onRemove={() => void remove.run(a.id)}
                onSignInAgain={() => {
                  setAdding(true)
                  window.scrollTo?.({ top: 0 })
                }}
              />
            </div>
          ))}
        </div>
      )}
      <ProxyTokensCard />
    </Page>
  )
}
