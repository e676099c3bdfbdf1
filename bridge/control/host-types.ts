// What a gateway host needs from its surroundings: where settings, the access key and sign-in live.
import type { Settings } from '../config/schema.js'
import type { LoadedSettings } from '../config/settings-file.js'
import type { AuthStatus, SignInStart, UsageWindows } from './contract/accounts.js'

export interface SettingsStore {
  /** Read once per run by the composition root; a broken document is kept aside and reported, never thrown. */
  load(): Promise<LoadedSettings>
  save(settings: Settings): Promise<void>
  /** Where the document lives, for messages. */
  readonly location: string
}

export interface AccessKeyStore {
  get(): Promise<string>
  regenerate(): Promise<string>
}

/** Sign-in tokens read by the host from another tool's file; only the sign-in code looks inside. */
export type ImportedTokens = { readonly access_token: string; readonly refresh_token: string }

/** ChatGPT sign-in as the host exposes it; absent when the build has no ChatGPT support. */
export interface AuthController {
  status(): Promise<AuthStatus>
  signIn(
    method: 'browser' | 'device',
    openExternal: (url: string) => Promise<void>,
  ): Promise<SignInStart>
  cancelSignIn(): Promise<void>
  /** One account (email or id), or all of them. */
  signOut(account?: string): Promise<AuthStatus>
  importCodexLogin(): Promise<AuthStatus>
  /**
   * Adds a sign-in read from another tool's file (chatgpt-codex-proxy's tokens) to the pool, as
   * `switchboard login --import-proxy` does; the tokens are opaque to the control plane.
   */
  importTokens(tokens: ImportedTokens): Promise<AuthStatus>
  usage(): UsageWindows | undefined
  onChange(listener: (status: AuthStatus) => void): () => void
}
