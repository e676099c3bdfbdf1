// ChatGPT sign-in and the account pool as the control contract offers them: status, sign-in and out, and the
// imports of another tool's login; "not available" when the build has no ChatGPT support.
import { importProxyTokens, proxyTokensOffer } from '../host/proxy-tokens-offer.js'
import type { ControlApi } from './contract.js'
import type { AuthStatus, ProxyTokensOffer, SignInStart } from './contract/accounts.js'
import { ControlFailure } from './control-failure.js'
import type { AuthController } from './host-types.js'

const UNAVAILABLE = 'ChatGPT sign-in is not available in this build.'

export type AccountMethod =
  | 'authStatus'
  | 'signIn'
  | 'cancelSignIn'
  | 'signOut'
  | 'importCodexLogin'
  | 'proxyTokensOffer'
  | 'importProxyTokens'

export interface HostAccountsOptions {
  auth?: AuthController
  openExternal?: (url: string) => Promise<void>
  /** chatgpt-codex-proxy's tokens.json (under the user's HOME), offered for import; no offer when omitted. */
  proxyTokens?: string
}

export class HostAccounts implements Pick<ControlApi, AccountMethod> {
  constructor(private readonly opts: HostAccountsOptions) {}

  private requireAuth(): AuthController {
    if (!this.opts.auth) throw new ControlFailure('unavailable', UNAVAILABLE)
    return this.opts.auth
  }

  async authStatus(): Promise<AuthStatus> {
    return this.opts.auth
      ? this.opts.auth.status()
      : { signedIn: false, state: 'unavailable', message: UNAVAILABLE }
  }

  async signIn(args: { method: 'browser' | 'device' }): Promise<SignInStart> {
    const open = this.opts.openExternal ?? (async () => undefined)
    return this.requireAuth().signIn(args.method, open)
  }

  async cancelSignIn(): Promise<void> {
    await this.opts.auth?.cancelSignIn()
  }

  /** One account (by email or id), or every account when none is named. */
  async signOut(args?: { account?: string }): Promise<AuthStatus> {
    return this.requireAuth().signOut(args?.account)
  }

  async importCodexLogin(): Promise<AuthStatus> {
    return this.requireAuth().importCodexLogin()
  }

  async proxyTokensOffer(): Promise<ProxyTokensOffer | null> {
    return proxyTokensOffer(this.opts.proxyTokens)
  }

  async importProxyTokens(args: { deleteFile: boolean }): Promise<AuthStatus> {
    return importProxyTokens(this.opts.proxyTokens, this.requireAuth(), args.deleteFile)
  }
}
