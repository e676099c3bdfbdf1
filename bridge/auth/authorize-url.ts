// The authorize URL in the Codex CLI's parameter order, spaces as %20 (the issuer is reported to reject `+`).
import { endpoints } from './auth-config.js'
import type { AuthConfig } from './auth-config.js'

export interface AuthorizeParams {
  redirectUri: string
  codeChallenge: string
  state: string
}

export function buildAuthorizeUrl(config: AuthConfig, params: AuthorizeParams): string {
  const pairs: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', config.clientId],
    ['redirect_uri', params.redirectUri],
    ['scope', config.scope],
    ['code_challenge', params.codeChallenge],
    ['code_challenge_method', 'S256'],
    ['id_token_add_organizations', 'true'],
    ['codex_cli_simplified_flow', 'true'],
    ['state', params.state],
    ['originator', config.originator],
  ]
  if (config.forceLoginPrompt) pairs.push(['prompt', 'login'])
  const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  return `${endpoints.authorize(config)}?${query}`
}
