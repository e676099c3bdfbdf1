// ChatGPT sign-in as the control API exposes it: browser or device code started from the UI or tray (each
// adds an account to the pool), finishing in the background, with status changes pushed to subscribers.
import type { AccountPool, AccountStatus, CredentialStatus, StoredTokens } from '../auth/index.js'
import { accountIdOf } from '../auth/index.js'
import type { AccountsSettings } from '../upstream/chatgpt/account-choice.js'
import type { UsageTracker } from '../upstream/chatgpt/usage-tracker.js'
import { poolViews } from './account-view.js'
import type {
  AccountView,
  AuthStatus,
  SignInProgress,
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
  private progress: SignInProgress | undefined
  /** The newest sign-in: only it may report how it ended. */
  private attempt: object | undefined

  constructor(
    private readonly pool: AccountPool,
    private readonly options: ChatgptAuthOptions = {},
  ) {}

  usage(): UsageWindows | undefined {
    return toUsageView(this.options.usage?.latest())
  }

  /** Every account in serving order with state, usage and forecast, and which one new conversations go to. */
  async accounts(now = Date.now()): Promise<AccountView[]> {
    const statuses: AccountStatus[] = await this.pool.statuses()
    const usage = (id: string) => this.options.usage?.stored(id)
    return poolViews(statuses, usage, this.options.accountsSettings?.(), now)
  }

  async status(): Promise<AuthStatus> {
    const accounts = await this.accounts()
    const first = accounts[0]
    const out = toAuthStatus(
      await this.pool.status(),
      toUsageView(first ? this.options.usage?.latest(first.id) : undefined),
    )
    if (accounts.length > 0) out.accounts = accounts
    if (this.progress) out.signIn = { ...this.progress }
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
    const known = new Set((await this.pool.statuses()).map((s) => s.id))
    const progress: SignInProgress = {
      state: 'pending',
      method,
      startedAt: new Date().toISOString(),
    }
    this.progress = progress
    const attempt = {}
    this.attempt = attempt
    // Only the newest sign-in reports: one replaced or cancelled ends without a word.
    const finish = (p: Promise<string>): void => {
      void p
        .then(
          async (id) => {
            if (this.attempt !== attempt) return
            const who = (await this.pool.statuses()).find((s) => s.id === id)
            this.progress = {
              ...progress,
              state: 'done',
              account: who?.email ?? id,
              added: !known.has(id),
            }
          },
          (error: unknown) => {
            if (this.attempt !== attempt) return
            this.progress = abort.signal.aborted
              ? undefined
              : {
                  ...progress,
                  state: 'failed',
                  message: error instanceof Error ? error.message : String(error),
                }
          },
        )
        .then(() => this.announce())
        .finally(() => {
          if (this.pending === abort) this.pending = undefined
        })
    }
    try {
      const start = await this.startSignIn(method, openExternal, abort.signal, finish)
      // The tray and other windows hear that a sign-in is open.
      void this.announce()
      return start
    } catch (error) {
      // It never started (no free callback port, the issuer refused the device code): the caller hears why.
      if (this.attempt === attempt) {
        this.attempt = undefined
        this.progress = undefined
        void this.announce()
      }
      throw error
    }
  }

  private async startSignIn(
    method: 'browser' | 'device',
    openExternal: (url: string) => Promise<void>,
    signal: AbortSignal,
    finish: (account: Promise<string>) => void,
  ): Promise<SignInStart> {
    if (method === 'browser') {
      const login = await this.pool.startBrowserLogin({ openBrowser: openExternal, signal })
      finish(login.result.then(accountIdOf))
      return { method: 'browser', authorizeUrl: login.authorizeUrl }
    }
    return new Promise<SignInStart>((resolve, reject) => {
      const done = this.pool.loginWithDeviceCode({
        signal,
        onUserCode: (p) =>
          resolve({
            method: 'device',
            verificationUrl: p.verificationUrl,
            userCode: p.userCode,
            expiresAt: new Date(p.expiresAt).toISOString(),
          }),
      })
      done.catch(reject)
      finish(done.then((s) => s.id))
    })
  }

  async cancelSignIn(): Promise<void> {
    this.pending?.abort()
    this.pending = undefined
    this.attempt = undefined
    if (this.progress?.state === 'pending') this.progress = undefined
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
