// ChatGPT sign-in as the control API exposes it: browser or device code started from the UI or tray,
// finishing in the background, with status changes pushed to subscribers.
import type { CredentialService, CredentialStatus } from '../auth/index.js'
import type { AuthStatus, SignInStart, UsageWindows } from '../control/contract.js'
import type { AuthController } from '../control/host-types.js'

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

export class ChatgptAuth implements AuthController {
  private listeners = new Set<(s: AuthStatus) => void>()
  private pending: AbortController | undefined

  constructor(
    private readonly credentials: CredentialService,
    private readonly latestUsage: () => UsageWindows | undefined = () => undefined,
  ) {}

  usage(): UsageWindows | undefined {
    return this.latestUsage()
  }

  async status(): Promise<AuthStatus> {
    return toAuthStatus(await this.credentials.status(), this.latestUsage())
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
      const login = await this.credentials.startBrowserLogin({
        openBrowser: openExternal,
        signal: abort.signal,
      })
      finish(login.result)
      return { method: 'browser', authorizeUrl: login.authorizeUrl }
    }
    return new Promise<SignInStart>((resolve, reject) => {
      const done = this.credentials.loginWithDeviceCode({
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

  async signOut(): Promise<AuthStatus> {
    await this.credentials.logout()
    await this.announce()
    return this.status()
  }

  async importCodexLogin(): Promise<AuthStatus> {
    await this.credentials.importCodexLogin()
    await this.announce()
    return this.status()
  }
}
