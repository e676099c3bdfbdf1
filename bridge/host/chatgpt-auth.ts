// ChatGPT sign-in as the control API exposes it: browser or device code started from the UI or tray (each
// adds an account to the pool), finishing in the background, with status changes pushed to subscribers.
import type { AccountPool, AccountStatus, CredentialStatus, StoredTokens } from '../auth/index.js'
import type { AccountsSettings } from '../upstream/chatgpt/account-choice.js'
import { orderAccounts } from '../upstream/chatgpt/account-choice.js'
import type { UsageTracker } from '../upstream/chatgpt/usage-tracker.js'
import { accountView } from './account-view.js'
import type {
  AccountView,
  AuthStatus,
  SignInStart,
  UsageWindows,
} from '../control/contract/accounts.js'
import type { AuthController } from '../control/host-types.js'
import { toUsageView } from './usage-view.js'

export function toAuthStatus(s: CredentialStatus, usage?: UsageWindows): AuthStatus {
  const out: AuthStatus = { signedIn: s.signedIn, state: s.state, message: s.message }
  if (s.email) out.email = s.email
  if (s.plan) out.plan = s.plan
  if (s.accountId) out.accountId = s.accountId
  if (s.expiresAt) out.expiresAt = new Date(s.expiresAt).toISOString()
  if (s.mode) out.mode = s.mode
  if (usage) out.usage = usage
  return out
}

export interface ChatgptAuthOptions {
  /** Usage per account, as the provider records it. */
  usage?: UsageTracker
  /** The chatgpt provider's `accounts` settings, read at each call (serving order). */
  accountsSettings?: () => AccountsSettings | undefined
}

export class ChatgptAuth implements AuthController {
  private listeners = new Set<(s: AuthStatus) => void>()
  private pending: AbortController | undefined

  constructor(
    private readonly pool: AccountPool,
    private readonly options: ChatgptAuthOptions = {},
  ) {}

  usage(): UsageWindows | undefined {
    return toUsageView(this.options.usage?.latest())
  }

  /** Every account in serving order with state, usage and forecast. */
  async accounts(now = Date.now()): Promise<AccountView[]> {
    const statuses: AccountStatus[] = await this.pool.statuses()
    return orderAccounts(statuses, this.options.accountsSettings?.()?.order).map((s) =>
      accountView(s, this.options.usage?.stored(s.id), now),
    )
  }

  async status(): Promise<AuthStatus> {
    const accounts = await this.accounts()
    const first = accounts[0]
    const out = toAuthStatus(
      await this.pool.status(),
      toUsageView(first ? this.options.usage?.latest(first.id) : undefined),
    )
    if (accounts.length > 0) out.accounts = accounts
    return out
  }

  onChange(listener: (s: AuthStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tells subscribers the current status (after a sign-in, a refresh failure or new usage figures). */
  async announce(): Promise<void> {
    const status = await this.status()
    for (const l of this.listeners) l(status)
  }

  async signIn(
    method: 'browser' | 'device',
    openExternal: (url: string) => Promise<void>,
  ): Promise<SignInStart> {
    this.pending?.abort()
    const abort = new AbortController()
    this.pending = abort
    const finish = (p: Promise<unknown>): void => {
      p.then(
        () => this.announce(),
        () => this.announce(),
      ).finally(() => {
        if (this.pending === abort) this.pending = undefined
      })
    }
    if (method === 'browser') {
      const login = await this.pool.startBrowserLogin({
        openBrowser: openExternal,
        signal: abort.signal,
      })
      finish(login.result)
      return { method: 'browser', authorizeUrl: login.authorizeUrl }
    }
    return new Promise<SignInStart>((resolve, reject) => {
      const done = this.pool.loginWithDeviceCode({
        signal: abort.signal,
        onUserCode: (p) =>
          resolve({
            method: 'device',
            verificationUrl: p.verificationUrl,
            userCode: p.userCode,
            expiresAt: new Date(p.expiresAt).toISOString(),
          }),
      })
      done.catch(reject)
      finish(done)
    })
  }

  async cancelSignIn(): Promise<void> {
    this.pending?.abort()
    this.pending = undefined
  }

  /** Without an account: every account (plain `logout`). */
  async signOut(account?: string): Promise<AuthStatus> {
    if (account === undefined) await this.pool.removeAll()
    else {
      const removed = await this.pool.remove(account)
      if (removed) this.options.usage?.forget(removed.id)
    }
    await this.announce()
    return this.status()
  }

  async importCodexLogin(): Promise<AuthStatus> {
    await this.pool.importCodexLogin()
    await this.announce()
    return this.status()
  }

  async importTokens(tokens: StoredTokens): Promise<AuthStatus> {
    await this.pool.add(tokens)
    await this.announce()
    return this.status()
  }
}
