// Public surface of ChatGPT sign-in for the CLI, the provider and the Electron layer.
export { resolveAuthConfig, DEFAULT_ISSUER, CODEX_CLIENT_ID, ISSUER_ENV } from './auth-config.js'
export type { AuthConfig, AuthSettings, BodyEncoding } from './auth-config.js'
export { AuthError, SIGN_IN_AGAIN } from './auth-errors.js'
export type { AuthErrorCode } from './auth-errors.js'
export { startBrowserLogin, loginWithBrowser } from './browser-login.js'
export type { BrowserLogin, BrowserLoginOptions } from './browser-login.js'
export { loginWithDeviceCode } from './device-login.js'
export type { DeviceCodePrompt, DeviceLoginOptions } from './device-login.js'
export { CredentialService } from './credential-service.js'
export { AccountPool, ACCOUNTS_SECRET, accountIdOf, accountSecretName } from './account-pool.js'
export type {
  AccountPoolOptions,
  AccountStatus,
  AddResult,
  PoolAccount,
  RemoveResult,
} from './account-pool.js'
export type {
  AccessCredentials,
  CredentialState,
  CredentialStatus,
  CredentialServiceOptions,
} from './credential-service.js'
export { defaultCodexAuthPath } from './codex-auth-file.js'
export { defaultProxyTokensPath, readProxyTokens } from './proxy-tokens-file.js'
export { readTokenClaims } from './jwt-claims.js'
export type { TokenClaims } from './jwt-claims.js'
export { TOKENS_SECRET } from './token-set.js'
export type { StoredTokens, TokenMode } from './token-set.js'
