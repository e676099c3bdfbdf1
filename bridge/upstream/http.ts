// Outbound HTTP to upstreams: keep-alive agents, abort propagation, and a byte stream of the answer.
import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { bridgeError, type BridgeError } from '../errors.js'

/*
 * node:http rather than undici, measured twice (issue 16). Against undici's Agent.request on the same code:
 * undici spent 9–17 % less gateway CPU per unpaced 100-event stream, nearly all of it per request (the same
 * ~0.4 ms at 1,000 events); per socket read it was no cheaper (29.8 µs vs 26.8 µs in a one-process loop), the
 * first byte came 0–0.06 ms later on all 9 paths, and it held 11–13 MB more with 100 open streams (111–113 vs
 * 100 MB of the 120 MB budget) as V8 optimizes its llhttp wasm. The stale-connection retry below also needs
 * node:http's `reusedSocket`.
 */
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 })
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 })

export interface UpstreamResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Readable
}

/** Told what went out and when, for the request log (headers both ways and the connection's timing). */
export interface UpstreamTrace {
  sent(headers: Record<string, string>): void
  connected(): void
  response(status: number, headers: http.IncomingHttpHeaders): void
}

/**
 * What a call reads of its abort: whether it happened, and a listener for when it does. An AbortSignal is one;
 * the pipeline passes a lighter one of its own (pipeline/request-abort.ts).
 */
export interface AbortWatch {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface UpstreamRequest {
  url: string
  method?: string
  headers: Record<string, string>
  body?: string
  signal: AbortWatch
  /** Time allowed until the response headers arrive. */
  connectTimeoutMs?: number
  trace?: UpstreamTrace
}

/** How a reused keep-alive connection fails when the upstream closed it just as the request went out. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE'])

/**
 * Sends one request. A request that fails on a reused keep-alive connection before any answer (the upstream
 * closed the idle socket as the request arrived) is sent once more on a fresh connection: nothing reached the
 * upstream's handler and nothing has gone to the client yet, so the retry cannot duplicate anything.
 */
export async function sendUpstream(req: UpstreamRequest): Promise<UpstreamResponse> {
  try {
    return await attempt(req, false)
  } catch (err) {
    if (!(err instanceof StaleConnection) || req.signal.aborted)
      throw err instanceof StaleConnection ? err.failure : err
    return attempt(req, true).catch((again: unknown) => {
      throw again instanceof StaleConnection ? again.failure : again
    })
  }
}

class StaleConnection extends Error {
  constructor(readonly failure: BridgeError) {
    super(failure.message)
  }
}

/** What node:http needs of an upstream URL, parsed once per URL rather than once per request. */
interface Endpoint {
  https: boolean
  origin: string
  options: { protocol: string; hostname: string; port?: number; path: string; auth?: string }
}

const endpoints = new Map<string, Endpoint>()
/** Upstream URLs come from settings, so there are few; the bound only guards against a settings churn. */
const MAX_ENDPOINTS = 64

function endpoint(href: string): Endpoint {
  const known = endpoints.get(href)
  if (known) return known
  const url = new URL(href)
  // The options url.urlToHttpOptions would give node:http for this URL, less what it does not read.
  const parsed: Endpoint = {
    https: url.protocol === 'https:',
    origin: url.origin,
    options: {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname + url.search,
      ...(url.username || url.password
        ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
        : {}),
    },
  }
  if (endpoints.size >= MAX_ENDPOINTS) endpoints.clear()
  endpoints.set(href, parsed)
  return parsed
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  })
}

function attempt(req: UpstreamRequest, fresh: boolean): Promise<UpstreamResponse> {
  const target = endpoint(req.url)
  const isHttps = target.https
  const mod = isHttps ? https : http
  return new Promise((resolve, reject) => {
    if (req.signal.aborted) {
      reject(
        bridgeError(
          'BRIDGE_UPSTREAM_UNREACHABLE',
          'api_error',
          'The client went away before the upstream was called.',
        ),
      )
      return
    }
    const headers: Record<string, string> = { ...req.headers }
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body))
    // `agent: false` is a one-off connection, so the retry cannot land on another stale pooled socket.
    const agent = fresh ? false : isHttps ? httpsAgent : httpAgent
    const outgoing = mod.request({
      ...target.options,
      method: req.method ?? 'POST',
      headers,
      agent,
    })
    // The abort is wired here rather than through the `signal` option, whose end-of-stream plumbing was the
    // dearest step of building the request in perf; the effect is the same: an abort destroys the request, and
    // with it a response being read. Together with the URL parsed once, ~10 µs less CPU per call.
    const signal = req.signal
    const onAbort = (): void => {
      outgoing.destroy(abortError())
    }
    signal.addEventListener('abort', onAbort, { once: true })
    outgoing.once('close', () => signal.removeEventListener('abort', onAbort))
    const trace = req.trace
    if (trace) {
      trace.sent(headers)
      outgoing.once('socket', (socket) => {
        // A reused keep-alive socket is already connected; a new one reports when its (TLS) handshake is done.
        if (!socket.connecting) trace.connected()
        else socket.once(isHttps ? 'secureConnect' : 'connect', () => trace.connected())
      })
    }
    let timer: NodeJS.Timeout | undefined
    if (req.connectTimeoutMs) {
      timer = setTimeout(() => {
        outgoing.destroy(Object.assign(new Error('timeout'), { code: 'UND_HEADERS_TIMEOUT' }))
      }, req.connectTimeoutMs)
    }
    outgoing.on('response', (res) => {
      if (timer) clearTimeout(timer)
      trace?.response(res.statusCode ?? 502, res.headers)
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res })
    })
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer)
      if (err.name === 'AbortError') {
        reject(
          bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'api_error', 'The request was cancelled.', {
            status: 499,
          }),
        )
        return
      }
      if (err.code === 'UND_HEADERS_TIMEOUT') {
        reject(
          bridgeError(
            'BRIDGE_UPSTREAM_TIMEOUT',
            'timeout',
            `The upstream at ${target.origin} did not answer in time.`,
          ),
        )
        return
      }
      const failure = bridgeError(
        'BRIDGE_UPSTREAM_UNREACHABLE',
        'api_error',
        `Cannot reach the upstream at ${target.origin}: ${err.code ?? err.message}.`,
        {
          status: 502,
        },
      )
      reject(
        !fresh && outgoing.reusedSocket && STALE_CONNECTION.has(err.code ?? '')
          ? new StaleConnection(failure)
          : failure,
      )
    })
    outgoing.end(req.body)
  })
}

/** Reads a whole (error) body, capped so a hostile upstream cannot exhaust memory. */
export async function readBody(body: Readable, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) {
      body.destroy()
      break
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}
