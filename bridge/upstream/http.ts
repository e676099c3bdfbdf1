// Outbound HTTP to upstreams: keep-alive agents, abort propagation, and a byte stream of the answer.
import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { bridgeError, type BridgeError } from '../errors.js'

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

export interface UpstreamRequest {
  url: string
  method?: string
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
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

function attempt(req: UpstreamRequest, fresh: boolean): Promise<UpstreamResponse> {
  const url = new URL(req.url)
  const isHttps = url.protocol === 'https:'
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
    const outgoing = mod.request(url, {
      method: req.method ?? 'POST',
      headers,
      agent,
      signal: req.signal,
    })
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
            `The upstream at ${url.origin} did not answer in time.`,
          ),
        )
        return
      }
      const failure = bridgeError(
        'BRIDGE_UPSTREAM_UNREACHABLE',
        'api_error',
        `Cannot reach the upstream at ${url.origin}: ${err.code ?? err.message}.`,
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
