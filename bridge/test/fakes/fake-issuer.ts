// A real-socket fake of auth.openai.com: authorize redirect, code exchange with PKCE, rotating refresh, revoke, device code.
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mintTokens } from './fake-issuer-tokens.js'
import type { Identity, MintedTokens } from './fake-issuer-tokens.js'

export const FAKE_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann'

/** What one device-code poll answers, in order; the last entry repeats. */
export type DevicePollAnswer = 'pending' | 'slow_down' | 'expired' | 'approve'

export interface FakeIssuerOptions {
  clientId?: string
  identity?: Partial<Identity>
  accessTtlSeconds?: number
  idTtlSeconds?: number
  /** Leave out `expires_in` so clients must read the access token's `exp`. */
  omitExpiresIn?: boolean
  signing?: 'none' | 'HS256'
  deviceEnabled?: boolean
  /** Called with every access token the issuer hands out, so a fake backend can accept exactly those. */
  onAccessToken?: (accessToken: string) => void
  deviceInterval?: string
  devicePolls?: DevicePollAnswer[]
  /** Answer the authorize request with `?error=` instead of a code. */
  denyAuthorize?: { error: string; description?: string }
}

type RefreshState = 'active' | 'used' | 'revoked'

export interface FakeIssuer {
  /** Issuer base URL (`http://127.0.0.1:PORT`). */
  url: string
  readonly counts: {
    authorize: number
    codeExchanges: number
    refreshes: number
    refreshFailures: number
    revokes: number
    devicePolls: number
  }
  /** Body encoding of every refresh request seen. */
  readonly refreshEncodings: ('json' | 'form')[]
  /** Raw query strings of the authorize requests. */
  readonly authorizeQueries: string[]
  readonly revoked: string[]
  /** A token set as if some other client (the Codex CLI) had signed in (as `identity`, default the current one). */
  mint(identity?: Partial<Identity>): Promise<MintedTokens>
  /** Who signs in from now on (another ChatGPT account); refreshes keep the account of their token. */
  setIdentity(identity: Partial<Identity>): void
  refreshTokenState(token: string): RefreshState | 'unknown'
  /** Next `n` refreshes fail with this status (e.g. 500) without consuming the token. */
  failNextRefreshes(n: number, status: number): void
  /** Lifetime of access tokens minted from now on. */
  setAccessTtlSeconds(seconds: number): void
  /** Token requests wait until the returned function is called. */
  holdTokenRequests(): () => void
  close(): Promise<void>
}

export async function startFakeIssuer(options: FakeIssuerOptions = {}): Promise<FakeIssuer> {
  const clientId = options.clientId ?? FAKE_CLIENT_ID
  let identity: Identity = {
    email: 'ada@example.com',
    planType: 'plus',
    accountId: '11111111-2222-4333-8444-555555555555',
    userId: 'user-fake',
    ...options.identity,
  }
  const secret = randomBytes(32)
  const codes = new Map<string, { challenge: string; redirectUri: string; used: boolean }>()
  const refreshTokens = new Map<string, RefreshState>()
  const refreshOwner = new Map<string, Identity>()
  const devices = new Map<string, { userCode: string; polls: number }>()
  const counts = {
    authorize: 0,
    codeExchanges: 0,
    refreshes: 0,
    refreshFailures: 0,
    revokes: 0,
    devicePolls: 0,
  }
  const refreshEncodings: ('json' | 'form')[] = []
  const authorizeQueries: string[] = []
  const revoked: string[] = []
  let failing = { left: 0, status: 500 }
  let gate: Promise<void> | null = null
  let issuer = ''
  let accessTtlSeconds = options.accessTtlSeconds ?? 10 * 24 * 3600

  const mint = async (who: Identity = identity): Promise<MintedTokens> => {
    const tokens = await mintTokens(who, {
      issuer,
      clientId,
      signing: options.signing ?? 'HS256',
      secret,
      accessTtlSeconds,
      idTtlSeconds: options.idTtlSeconds ?? 3600,
    })
    refreshTokens.set(tokens.refresh_token, 'active')
    refreshOwner.set(tokens.refresh_token, who)
    options.onAccessToken?.(tokens.access_token)
    return tokens
  }
  const tokenBody = (t: MintedTokens): Record<string, unknown> => ({
    id_token: t.id_token,
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    token_type: 'Bearer',
    ...(options.omitExpiresIn === true
      ? {}
      : { expires_in: t.access_exp - Math.floor(Date.now() / 1000) }),
  })

  const authorize = (url: URL, res: ServerResponse): void => {
    counts.authorize++
    authorizeQueries.push(url.search)
    const q = url.searchParams
    const redirectUri = q.get('redirect_uri') ?? ''
    const problems = [
      q.get('response_type') !== 'code' && 'response_type must be code',
      q.get('client_id') !== clientId && 'unknown client_id',
      !/^http:\/\/localhost:\d+\/auth\/callback$/.test(redirectUri) &&
        'redirect_uri is not registered',
      q.get('code_challenge_method') !== 'S256' && 'code_challenge_method must be S256',
      !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') &&
        'code_challenge is not a base64url SHA-256',
      (q.get('state') ?? '') === '' && 'state is required',
      !(q.get('scope') ?? '').split(' ').includes('offline_access') && 'scope lacks offline_access',
    ].filter((p): p is string => typeof p === 'string')
    if (problems.length > 0)
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: problems.join('; '),
      })
    const target = new URL(redirectUri)
    if (options.denyAuthorize !== undefined) {
      target.searchParams.set('error', options.denyAuthorize.error)
      if (options.denyAuthorize.description !== undefined)
        target.searchParams.set('error_description', options.denyAuthorize.description)
    } else {
      const code = `ac_${randomBytes(16).toString('base64url')}`
      codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri, used: false })
      target.searchParams.set('code', code)
    }
    target.searchParams.set('state', q.get('state') ?? '')
    res.writeHead(302, { location: target.toString() }).end()
  }

  const token = async (
    body: Record<string, string>,
    encoding: 'json' | 'form',
    res: ServerResponse,
  ): Promise<void> => {
    if (gate !== null) await gate
    if (body['client_id'] !== clientId)
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'unknown client_id' })
    if (body['grant_type'] === 'authorization_code') {
      const entry = codes.get(body['code'] ?? '')
      if (entry === undefined || entry.used)
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'unknown or used code',
        })
      entry.used = true
      if (body['redirect_uri'] !== entry.redirectUri)
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'redirect_uri mismatch',
        })
      const verifier = body['code_verifier'] ?? ''
      if (createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) {
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'code_verifier does not match code_challenge',
        })
      }
      counts.codeExchanges++
      return sendJson(res, 200, tokenBody(await mint()))
    }
    if (body['grant_type'] === 'refresh_token') {
      refreshEncodings.push(encoding)
      if (failing.left > 0) {
        failing.left--
        counts.refreshFailures++
        return sendJson(res, failing.status, {
          error: { message: 'upstream trouble', type: 'server_error', code: null },
        })
      }
      const rt = body['refresh_token'] ?? ''
      const state = refreshTokens.get(rt)
      if (state !== 'active') {
        counts.refreshFailures++
        const code =
          state === 'used'
            ? 'refresh_token_reused'
            : state === 'revoked'
              ? 'refresh_token_invalidated'
              : 'invalid_grant'
        return sendJson(res, 401, {
          error: {
            message: `refresh failed: ${code}`,
            type: 'invalid_request_error',
            param: null,
            code,
          },
        })
      }
      refreshTokens.set(rt, 'used')
      counts.refreshes++
      return sendJson(res, 200, tokenBody(await mint(refreshOwner.get(rt))))
    }
    return sendJson(res, 400, { error: 'unsupported_grant_type' })
  }

  const revoke = (body: Record<string, string>, res: ServerResponse): void => {
    counts.revokes++
    const t = body['token'] ?? ''
    revoked.push(t)
    if (refreshTokens.has(t)) refreshTokens.set(t, 'revoked')
    sendJson(res, 200, {})
  }

  const deviceUserCode = (body: Record<string, string>, res: ServerResponse): void => {
    if (options.deviceEnabled === false) return sendJson(res, 404, { error: 'not_found' })
    if (body['client_id'] !== clientId) return sendJson(res, 400, { error: 'invalid_client' })
    const id = `deviceauth_${randomBytes(8).toString('hex')}`
    const userCode =
      `${randomBytes(2).toString('hex')}-${randomBytes(3).toString('hex')}`.toUpperCase()
    devices.set(id, { userCode, polls: 0 })
    sendJson(res, 200, {
      device_auth_id: id,
      user_code: userCode,
      interval: options.deviceInterval ?? '5',
    })
  }

  const deviceToken = (body: Record<string, string>, res: ServerResponse): void => {
    counts.devicePolls++
    const device = devices.get(body['device_auth_id'] ?? '')
    if (device === undefined || device.userCode !== body['user_code'])
      return sendJson(res, 400, { error: 'invalid_request' })
    const script = options.devicePolls ?? ['pending', 'approve']
    const answer = script[Math.min(device.polls, script.length - 1)] ?? 'approve'
    device.polls++
    switch (answer) {
      case 'pending':
        return sendJson(res, 403, {
          error: {
            message: 'Device authorization is pending',
            code: 'deviceauth_authorization_pending',
          },
        })
      case 'slow_down':
        return sendJson(res, 400, { error: 'slow_down' })
      case 'expired':
        return sendJson(res, 400, { error: 'expired_token' })
      case 'approve': {
        const verifier = randomBytes(64).toString('base64url')
        const challenge = createHash('sha256').update(verifier).digest('base64url')
        const code = `ac_${randomBytes(16).toString('base64url')}`
        codes.set(code, { challenge, redirectUri: `${issuer}/deviceauth/callback`, used: false })
        return sendJson(res, 200, {
          authorization_code: code,
          code_challenge: challenge,
          code_verifier: verifier,
        })
      }
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (req.method === 'GET' && url.pathname === '/oauth/authorize') return authorize(url, res)
      if (req.method !== 'POST') return sendJson(res, 404, { error: 'not_found' })
      const { body, encoding } = await readBody(req)
      switch (url.pathname) {
        case '/oauth/token':
          return token(body, encoding, res)
        case '/oauth/revoke':
          return revoke(body, res)
        case '/api/accounts/deviceauth/usercode':
          return deviceUserCode(body, res)
        case '/api/accounts/deviceauth/token':
          return deviceToken(body, res)
        default:
          return sendJson(res, 404, { error: 'not_found' })
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: issuer,
    counts,
    refreshEncodings,
    authorizeQueries,
    revoked,
    mint: (who) => mint(who ? { ...identity, ...who } : identity),
    setIdentity: (who) => {
      identity = { ...identity, ...who }
    },
    refreshTokenState: (t) => refreshTokens.get(t) ?? 'unknown',
    failNextRefreshes: (n, status) => {
      failing = { left: n, status }
    },
    setAccessTtlSeconds: (seconds) => {
      accessTtlSeconds = seconds
    },
    holdTokenRequests: () => {
      let release: () => void = () => undefined
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null
          resolve()
        }
      })
      return release
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function readBody(
  req: IncomingMessage,
): Promise<{ body: Record<string, string>; encoding: 'json' | 'form' }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed: unknown = text === '' ? {} : JSON.parse(text)
    const body: Record<string, string> = {}
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') body[k] = v
    }
    return { body, encoding: 'json' }
  }
  return { body: Object.fromEntries(new URLSearchParams(text)), encoding: 'form' }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
