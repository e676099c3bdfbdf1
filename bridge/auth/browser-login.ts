// Browser sign-in: PKCE authorize URL, a loopback callback server that accepts exactly one valid callback, then the code exchange.
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CALLBACK_PATH, loopbackRedirectUri } from './auth-config.js'
import type { AuthConfig } from './auth-config.js'
import { AuthError } from './auth-errors.js'
import { buildAuthorizeUrl } from './authorize-url.js'
import { failurePage, successPage } from './callback-pages.js'
import { readTokenClaims } from './jwt-claims.js'
import { createPkce, createState } from './pkce.js'
import { exchangeAuthorizationCode } from './token-endpoint.js'
import { tokensFromResponse } from './token-set.js'
import type { StoredTokens } from './token-set.js'

export interface BrowserLoginOptions {
  config: AuthConfig
  /** Opens the URL in the user's browser (system opener in the CLI, shell.openExternal in Electron); failures are ignored. */
  openBrowser?: (url: string) => void | Promise<void>
  /** Gets the authorize URL before the browser opens, so it can be printed or shown for copying. */
  onAuthorizeUrl?: (url: string) => void
  /** Runs after the exchange and before the success page, so the page only says "signed in" once the tokens are stored. */
  persist?: (tokens: StoredTokens) => Promise<void>
  signal?: AbortSignal
  timeoutMs?: number
  /** Tried in order; a busy port moves on to the next. 0 picks a free port (tests). */
  ports?: readonly number[]
  /** Bind address; the redirect URI always says `localhost`. */
  host?: string
}

export interface BrowserLogin {
  authorizeUrl: string
  redirectUri: string
  port: number
  /** Settles once: tokens on success, an AuthError on denial, timeout, cancel or a failed exchange. */
  result: Promise<StoredTokens>
  cancel(): void
}

export async function loginWithBrowser(options: BrowserLoginOptions): Promise<StoredTokens> {
  const login = await startBrowserLogin(options)
  return login.result
}

export async function startBrowserLogin(options: BrowserLoginOptions): Promise<BrowserLogin> {
  const { config } = options
  if (options.signal?.aborted === true)
    throw new AuthError('login_cancelled', 'Sign-in was cancelled.')
  const pkce = createPkce()
  const state = createState()
  const server = createServer()
  const port = await listenOnFirstFreePort(
    server,
    options.ports ?? config.callbackPorts,
    options.host ?? '127.0.0.1',
  )
  const redirectUri = loopbackRedirectUri(port)
  const authorizeUrl = buildAuthorizeUrl(config, {
    redirectUri,
    codeChallenge: pkce.challenge,
    state,
  })

  const exchangeAbort = new AbortController()
  let accepted = false
  let settled = false
  let resolveResult: (tokens: StoredTokens) => void = () => undefined
  let rejectResult: (error: AuthError) => void = () => undefined
  const result = new Promise<StoredTokens>((resolve, reject) => {
    resolveResult = resolve
    rejectResult = reject
  })
  // The caller may attach to `result` only after driving the browser; a failure before that must not crash the process.
  result.catch(() => undefined)

  const shutdown = (): void => {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    server.close()
    server.closeAllConnections()
  }
  const fail = (error: AuthError): void => {
    if (settled) return
    settled = true
    exchangeAbort.abort()
    shutdown()
    rejectResult(error)
  }
  const onAbort = (): void => fail(new AuthError('login_cancelled', 'Sign-in was cancelled.'))
  const timeoutMs = options.timeoutMs ?? config.callbackTimeoutMs
  const timer = setTimeout(
    () =>
      fail(
        new AuthError(
          'login_timeout',
          `No sign-in arrived within ${Math.round(timeoutMs / 1000)} s; start the sign-in again.`,
        ),
      ),
    timeoutMs,
  )
  options.signal?.addEventListener('abort', onAbort, { once: true })

  const handleCallback = async (url: URL, res: ServerResponse): Promise<void> => {
    if (accepted || settled) {
      send(
        res,
        409,
        failurePage(
          'Sign-in link already used',
          'This sign-in was already completed or is being completed.',
        ),
      )
      return
    }
    const params = url.searchParams
    if (params.get('state') !== state) {
      // A stray or forged callback must not end the real login; the right one may still come.
      send(
        res,
        400,
        failurePage(
          'Sign-in failed',
          'State mismatch: this callback does not belong to the sign-in Switchboard started.',
        ),
      )
      return
    }
    const error = params.get('error')
    if (error !== null) {
      accepted = true
      const message = deniedMessage(error, params.get('error_description'))
      send(res, 200, failurePage('Sign-in failed', message), () =>
        fail(new AuthError('login_denied', message)),
      )
      return
    }
    const code = params.get('code')
    if (code === null || code === '') {
      send(res, 400, failurePage('Sign-in failed', 'The callback carried no authorization code.'))
      return
    }
    accepted = true
    try {
      const response = await exchangeAuthorizationCode(
        config,
        { code, redirectUri, codeVerifier: pkce.verifier },
        { signal: exchangeAbort.signal },
      )
      const tokens = tokensFromResponse(
        response,
        { ...response, account_id: null, mode: 'own' },
        Date.now(),
      )
      await options.persist?.(tokens)
      if (settled) return
      const email = readTokenClaims(tokens.id_token, tokens.access_token).email
      send(res, 200, successPage(email), () => {
        if (settled) return
        settled = true
        shutdown()
        resolveResult(tokens)
      })
    } catch (cause) {
      const message = `Signing in failed after the browser step: ${cause instanceof Error ? cause.message : String(cause)}`
      send(res, 502, failurePage('Sign-in failed', message), () =>
        fail(new AuthError('token_exchange_failed', message, { cause })),
      )
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method === 'GET' && url.pathname === CALLBACK_PATH) {
      void handleCallback(url, res)
    } else if (req.method === 'GET' && url.pathname === '/cancel') {
      // Any page the user visits can request this URL; only a holder of the login's state may end it.
      if (url.searchParams.get('state') !== state) {
        send(
          res,
          400,
          failurePage('Not cancelled', 'This cancel request does not belong to the sign-in.'),
        )
        return
      }
      send(res, 200, failurePage('Sign-in cancelled', 'The sign-in was cancelled.'), onAbort)
    } else {
      send(res, 404, failurePage('Not found', 'Nothing is served here.'))
    }
  })

  options.onAuthorizeUrl?.(authorizeUrl)
  if (options.openBrowser !== undefined) {
    // The URL was printed; a missing opener (headless machine) must not end the login.
    Promise.resolve()
      .then(() => options.openBrowser?.(authorizeUrl))
      .catch(() => undefined)
  }
  return { authorizeUrl, redirectUri, port, result, cancel: onAbort }
}

function send(res: ServerResponse, status: number, html: string, after?: () => void): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  })
  res.end(html, after)
}

function deniedMessage(error: string, description: string | null): string {
  if (error === 'access_denied' && description?.includes('missing_codex_entitlement') === true) {
    return 'Codex is not enabled for your ChatGPT workspace. Ask your workspace admin to enable it, or use another account.'
  }
  return `The sign-in was refused (${error}${description === null ? '' : `: ${description}`}).`
}

async function listenOnFirstFreePort(
  server: Server,
  ports: readonly number[],
  host: string,
): Promise<number> {
  for (const port of ports) {
    const bound = await new Promise<number | null>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.off('listening', onListening)
        if (error.code === 'EADDRINUSE') resolve(null)
        else reject(error)
      }
      const onListening = (): void => {
        server.off('error', onError)
        resolve((server.address() as AddressInfo).port)
      }
      server.once('error', onError)
      server.once('listening', onListening)
      server.listen(port, host)
    })
    if (bound !== null) return bound
  }
  throw new AuthError(
    'callback_port_busy',
    `The sign-in callback ports (${ports.join(', ')}) are all in use. Close other sign-ins (e.g. \`codex login\`) and try again, or use \`switchboard login --device\`.`,
  )
}
