// What one model request carries through the pipeline: deps, the client's dialect, the log entry, aborts.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Settings } from '../config/schema.js'
import type { Exchange } from '../log/exchange.js'
import type { RequestLog } from '../log/request-log.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { CodecContext } from '../protocol/codec.js'
import type { Dialect } from '../protocol/dialects.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { modelCorsHeaders } from '../routes/cors.js'
import { RequestAbort } from './request-abort.js'
import { SseWriter } from './sse-writer.js'
import type { ProviderRegistry } from '../upstream/registry.js'
import type { UsageLedger } from '../usage/usage-ledger.js'

/** Sees what the client receives: SSE frames as written, or the one JSON answer of a 200. */
export interface ClientTap {
  frame(event: string | undefined, data: string): void
  json(text: string): void
}

/**
 * Runs on the client's body before routing, for every provider alike: it may rewrite the body (the response
 * store resolves previous_response_id and item_reference) and tap the answer. Throws client-facing errors.
 */
export interface RequestHook {
  /** The one client dialect the hook works on, when it has one: requests in the others skip it. */
  dialect?: Dialect
  prepare(input: {
    dialect: Dialect
    body: unknown
    accessKey: string | undefined
    note(text: string): void
  }): { body: unknown; tap?: ClientTap; echo?: JsonObject }
}

export interface GatewayDeps {
  settings(): Settings
  env: NodeJS.ProcessEnv
  secrets: SecretStore
  log: RequestLog
  ctx: CodecContext
  /** False while the gateway is stopped from the UI: model requests get a 503. */
  serving(): boolean
  /** The provider for each kind; the pipeline asks it and names none. */
  providers: ProviderRegistry
  /** The per-install access key; it also seals Switchboard's own compaction items. */
  accessKey(): string
  /** Request hooks, in order (the response store). */
  hooks?: readonly RequestHook[]
  /** Usage history and spending caps; absent where nothing is kept (tests, a gateway without a config dir). */
  usage?: UsageLedger
}

export interface ExchangeContext {
  deps: GatewayDeps
  settings: Settings
  dialect: Dialect
  request: FastifyRequest
  reply: FastifyReply
  exchange: Exchange
  abort: RequestAbort
  writer: SseWriter
  /** Why the upstream call was aborted, when the gateway aborted it. */
  abortReason?: 'client' | 'idle'
  /** Set by deliver.ts once the log entry has its outcome; a second outcome is ignored. */
  finished: boolean
  /** Taps the hooks asked for; every write to the client goes past them. */
  taps: ClientTap[]
  /**
   * Request fields the client's answer repeats that a hook took out of the body sent upstream (the response
   * store resolves `previous_response_id` into the full input): the answer still says what the client asked.
   */
  echo: JsonObject
  /** Headers every answer to this request carries, whatever its status (CORS). */
  answerHeaders: Readonly<Record<string, string>>
}

export function createExchangeContext(
  deps: GatewayDeps,
  dialect: Dialect,
  request: FastifyRequest,
  reply: FastifyReply,
  stream: boolean,
): ExchangeContext {
  const exchange = deps.log.start({
    method: request.method,
    path: request.url,
    stream,
    headers: request.headers,
    clientDialect: dialect,
  })
  const abort = new RequestAbort()
  const settings = deps.settings()
  const answerHeaders = modelCorsHeaders(request.headers.origin, settings)
  const ctx: ExchangeContext = {
    deps,
    settings,
    dialect,
    request,
    reply,
    exchange,
    abort,
    taps: [],
    echo: {},
    finished: false,
    answerHeaders,
    writer: new SseWriter(
      reply.raw,
      () => {
        ctx.abortReason ??= 'client'
        abort.abort()
      },
      answerHeaders,
    ),
  }
  return ctx
}

/** Response headers worth passing from the upstream to the client. */
export function relayHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k in headers) {
    const v = headers[k]
    if (typeof v !== 'string') continue
    if (
      k === 'retry-after' ||
      k === 'retry-after-ms' ||
      k === 'request-id' ||
      k === 'x-request-id' ||
      k.startsWith('x-ratelimit-') ||
      k.startsWith('anthropic-ratelimit-')
    )
      out[k] = v
  }
  return out
}
