// Small pure pieces of sign-in: settings and env override, PKCE, the authorize URL, claims, issuer error shapes.
import { createHash } from 'node:crypto'
import { UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { resolveAuthConfig } from '../../auth/auth-config.js'
import { buildAuthorizeUrl } from '../../auth/authorize-url.js'
import { readTokenClaims } from '../../auth/jwt-claims.js'
import { createPkce, createState } from '../../auth/pkce.js'
import { parseIssuerError, TokenEndpointError } from '../../auth/token-endpoint.js'

describe('auth settings', () => {
  it('defaults to the Codex CLI client and issuer; SWITCHBOARD_OAUTH_ISSUER overrides the setting', () => {
    const defaults = resolveAuthConfig({}, {})
    expect(defaults.issuer).toBe('https://auth.openai.com')
    expect(defaults.clientId).toBe('app_EMoamEEZ73f0CkXaXp7hrann')
    expect(defaults.callbackPorts).toEqual([1455, 1457])
    expect(defaults.refreshSkewSeconds).toBe(300)
    expect(resolveAuthConfig({ issuer: 'https://corp.example/' }, {}).issuer).toBe(
      'https://corp.example',
    )
    expect(
      resolveAuthConfig(
        { issuer: 'https://corp.example' },
        { SWITCHBOARD_OAUTH_ISSUER: 'http://127.0.0.1:9' },
      ).issuer,
    ).toBe('http://127.0.0.1:9')
  })
})

describe('PKCE and the authorize URL', () => {
  it('makes an S256 challenge of an 86-char verifier and a 43-char state', () => {
    const { verifier, challenge } = createPkce()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{86}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createState()).not.toBe(createState())
  })

  it('lists the parameters in the Codex CLI order with %20 spaces', () => {
    const config = resolveAuthConfig({ forceLoginPrompt: true }, {})
    const url = buildAuthorizeUrl(config, {
      redirectUri: 'http://localhost:1455/auth/callback',
      codeChallenge: 'c',
      state: 's',
    })
    expect(url).toBe(
      'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
        '&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback&scope=openid%20profile%20email%20offline_access' +
        '&code_challenge=c&code_challenge_method=S256&id_token_add_organizations=true&codex_cli_simplified_flow=true' +
        '&state=s&originator=codex_cli_rs&prompt=login',
    )
  })
})

describe('token claims', () => {
  it('reads email, plan, account id and expiry, with the profile-claim fallback', () => {
    const id = new UnsecuredJWT({
      'https://api.openai.com/profile': { email: 'bo@example.com' },
      'https://api.openai.com/auth': { chatgpt_account_id: 'acc-1', chatgpt_plan_type: 'pro' },
    }).encode()
    const access = new UnsecuredJWT({}).setExpirationTime(2_000_000_000).encode()
    expect(readTokenClaims(id, access)).toEqual({
      email: 'bo@example.com',
      plan: 'pro',
      accountId: 'acc-1',
      expiresAt: 2_000_000_000_000,
    })
    expect(readTokenClaims('not-a-jwt', undefined)).toEqual({
      email: null,
      plan: null,
      accountId: null,
      expiresAt: null,
    })
  })
})

describe('issuer errors', () => {
  it('parses both error shapes and classifies refresh failures', () => {
    expect(parseIssuerError({ error: 'invalid_grant', error_description: 'nope' })).toEqual({
      code: 'invalid_grant',
      message: 'nope',
    })
    expect(parseIssuerError({ error: { code: 'refresh_token_reused', message: 'used' } })).toEqual({
      code: 'refresh_token_reused',
      message: 'used',
    })
    expect(new TokenEndpointError(401, 'refresh_token_reused', 'x').permanent).toBe(true)
    expect(new TokenEndpointError(403, 'refresh_token_expired', 'x').permanent).toBe(true)
    expect(new TokenEndpointError(503, undefined, 'x').permanent).toBe(false)
    expect(new TokenEndpointError(0, undefined, 'x').permanent).toBe(false)
  })
})
