// Outbound HTTP to upstreams: undici's keep-alive pools, abort propagation, and the answer's body as parsed.
import type { IncomingHttpHeaders } from 'node:http'
import { Agent, Client } from './undici.js'
import { bridgeError, type BridgeError } from '../errors.js'
import { UpstreamCall, type UpstreamBody } from './upstream-call.js'

export type { BodySink, UpstreamBody } from './upstream-call.js'

/*
 * undici rather than node:http (issue 16, third measurement, this time through its dispatch interface: no
 * Readable and no promise of its own, the body handed from the parser to the batch reader as it is cut).
 * Against node:http on the same main, alternating batches (`bench:ab`): anthropic→chat streamed at 20
 * concurrent, gateway CPU per 100-event request p10 −17 %, p25 −17…−24 %, p50 −10…−15 %; chat→chat
 * non-streaming p10 −17 %, p25 −24 %. First byte (`bench:first-byte --a`): −0.04…+0.09 ms on the 9 paths, all
 * within +0.46 ms of direct. RSS with 100 open streams +3…+5 MB (see ./undici.js). No timeouts of its own: a
 * request's `connectTimeoutMs` bounds the wait for headers, the pipeline's watchdog bounds a stream.
 */
const agent = new Agent({
  connections: 256,
  headersTimeout: 0,
  bodyTimeout: 0,
  // node:http kept idle connections until the upstream closed them; a TLS handshake per turn of a
  // conversation (minutes apart) is what a long keep-alive saves. An upstream's own Keep-Alive hint wins.
  keepAliveTimeout: 60_000,
  keepAliveMaxTimeout: 600_000,
})

export interface UpstreamResponse {
  status: number
  headers: IncomingHttpHeaders
  body: UpstreamBody
}

/** Told what went out and when, for the request log (headers both ways and the connection's timing). */
export interface UpstreamTrace {
  sent(headers: Record<string, string>): void
  connected(): void
  response(status: number, headers: IncomingHttpHeaders): void
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
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])

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

/** What undici needs of an upstream URL, parsed once per URL rather than once per request. */
interface Endpoint {
  origin: string
  path: string
  /** The URL's user info as a basic `authorization` header, as node:http sent it. */
  authorization: string | undefined
}

const endpoints = new Map<string, Endpoint>()
/** Upstream URLs come from settings, so there are few; the bound only guards against a settings churn. */
const MAX_ENDPOINTS = 64

function endpoint(href: string): Endpoint {
  const known = endpoints.get(href)
  if (known) return known
  const url = new URL(href)
  const parsed: Endpoint = {
    origin: url.origin,
    path: url.pathname + url.search,
    authorization:
      url.username || url.password
        ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
        : undefined,
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

function timeoutError(): Error {
  return Object.assign(new Error('timeout'), { code: 'UND_HEADERS_TIMEOUT' })
}

function hasHeader(headers: Record<string, string>, lower: string): boolean {
  for (const name in headers) if (name.toLowerCase() === lower) return true
  return false
}

function attempt(req: UpstreamRequest, fresh: boolean): Promise<UpstreamResponse> {
  const target = endpoint(req.url)
  return new Promise((resolve, reject) => {
    const signal = req.signal
    if (signal.aborted) {
      reject(
        bridgeError(
          'BRIDGE_UPSTREAM_UNREACHABLE',
          'api_error',
          'The client went away before the upstream was called.',
        ),
      )
      return
    }
    const body = req.body === undefined ? undefined : Buffer.from(req.body)
    const headers: Record<string, string> =
      target.authorization && !hasHeader(req.headers, 'authorization')
        ? { ...req.headers, authorization: target.authorization }
        : req.headers
    const trace = req.trace
    trace?.sent(body ? { ...headers, 'content-length': String(body.length) } : headers)
    let timer: NodeJS.Timeout | undefined
    const onAbort = (): void => call.cancel(abortError())
    const call: UpstreamCall = new UpstreamCall({
      head(status, answerHeaders, answer) {
        if (timer) clearTimeout(timer)
        trace?.response(status, answerHeaders)
        resolve({ status, headers: answerHeaders, body: answer })
      },
      failed(err, reused) {
        if (timer) clearTimeout(timer)
        reject(failure(err as NodeJS.ErrnoException, target.origin, !fresh && reused))
      },
      ...(trace ? { connected: () => trace.connected() } : {}),
      ended: () => signal.removeEventListener('abort', onAbort),
    })
    signal.addEventListener('abort', onAbort, { once: true })
    if (req.connectTimeoutMs)
      timer = setTimeout(() => call.cancel(timeoutError()), req.connectTimeoutMs)
    // A fresh connection of its own, so the retry cannot land on another stale pooled socket; it closes once
    // this one answer has been read.
    const client = fresh ? new Client(target.origin) : undefined
    ;(client ?? agent).dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: (req.method ?? 'POST') as 'POST',
        headers,
        body: body ?? null,
      },
      call,
    )
    void client?.close().catch(() => undefined)
  })
}

function failure(
  err: NodeJS.ErrnoException,
  origin: string,
  reused: boolean,
): BridgeError | StaleConnection {
  if (err.name === 'AbortError')
    return bridgeError('BRIDGE_UPSTREAM_UNREACHABLE', 'api_error', 'The request was cancelled.', {
      status: 499,
    })
  if (err.code === 'UND_HEADERS_TIMEOUT')
    return bridgeError(
      'BRIDGE_UPSTREAM_TIMEOUT',
      'timeout',
      `The upstream at ${origin} did not answer in time.`,
    )
  const unreachable = bridgeError(
    'BRIDGE_UPSTREAM_UNREACHABLE',
    'api_error',
    `Cannot reach the upstream at ${origin}: ${err.code ?? err.message}.`,
    { status: 502 },
  )
  return reused && STALE_CONNECTION.has(err.code ?? '')
    ? new StaleConnection(unreachable)
    : unreachable
}

/** Reads a whole (error) body, capped so a hostile upstream cannot exhaust memory. */
export function readBody(body: UpstreamBody, limit = 1 << 20): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const whole = (): void => resolve(Buffer.concat(chunks, size).toString('utf8'))
    body.read({
      data(chunk) {
        if (size + chunk.length > limit) {
          body.destroy()
          whole()
          return
        }
        size += chunk.length
        chunks.push(chunk)
      },
      end: whole,
      fail: reject,
    })
  })
}
