// The one interface every provider kind implements, so the pipeline, the routes and the control plane work
// with any upstream without naming one (DESIGN.md, composition).
import type { FastifyInstance } from 'fastify'
import type { ProviderSettings, Settings } from '../config/schema.js'
import type { Exchange } from '../log/exchange.js'
import type { RequestLog } from '../log/request-log.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { StreamDecoder } from '../protocol/codec.js'
import type { Dialect } from '../protocol/dialects.js'
import type { SseFrame } from '../protocol/sse/frame.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { AbortWatch, UpstreamResponse } from './http.js'

/** What a provider may read from its surroundings: the environment (API keys by name) and the keychain. */
export interface ProviderEnv {
  env: NodeJS.ProcessEnv
  secrets: SecretStore
}

/** One upstream call, already routed and translated into the provider's dialect. */
export interface ProviderCall extends ProviderEnv {
  settings: Settings
  provider: ProviderSettings
  /** The model the upstream gets (after routing and the provider's own mapping). */
  model: string
  /** The client's request headers (forwarded headers, session ids). */
  incoming: Record<string, string | string[] | undefined>
  /** The decoded client request; absent on passthrough, where only the raw body exists. */
  canonical?: CanonicalRequest
  /** The body in the provider's dialect. */
  body: JsonObject
  signal: AbortWatch
  /** The log entry: the provider records the URL it calls, the body it sends and its notes. */
  exchange: Exchange
  /** Adds a value the log must never show (an access token, an API key). */
  redact(secret: string): void
}

/** Reads one upstream SSE frame in place of the dialect decoder, or hands it on with `next`. */
export type FrameReader = (frame: SseFrame, next: StreamDecoder['push']) => CanonicalEvent[]

/** What opening an exchange gives back: HTTP bytes in the provider's dialect, or canonical events. */
export type UpstreamReply =
  | {
      kind: 'http'
      /** Any status: the pipeline relays or translates errors by dialect unless the provider threw its own. */
      response: UpstreamResponse
      /** Provider-specific frames (rate-limit reports, richer errors) read before the dialect's decoder. */
      readFrame?: FrameReader
      /** Provider-specific response headers the client also gets (beyond request ids and rate limits). */
      headers?: Record<string, string>
    }
  | {
      kind: 'events'
      /** Response headers for the client. */
      headers: Record<string, string>
      events: AsyncIterable<CanonicalEvent>
      /** Merged into `metadata` of a non-stream JSON answer. */
      jsonMetadata?: Record<string, string>
    }

export interface ModelInfo {
  id: string
  ownedBy: string
}

/** "Test connection": status and latency in words, with the URL really used. */
export interface ConnectionTest {
  ok: boolean
  status?: number
  latencyMs: number
  message: string
}

export interface Provider {
  /** The wire the upstream speaks; requests are translated into it. */
  readonly dialect: Dialect
  /** Whether a request already in `dialect` may go upstream as it is, and the bytes come back untouched. */
  readonly passthrough: boolean
  /** Whether the gateway's idle timeout applies (a local agent may work silently and has its own). */
  readonly idleTimeout: boolean
  /**
   * Whether the upstream answers a Responses `compaction_trigger` itself; when not, Switchboard summarises.
   * Default: Responses upstreams do, others don't.
   */
  readonly compacts?: boolean
  /**
   * Whether the upstream reports a context overflow inside an HTTP 200 stream, after its pre-content events,
   * instead of with an HTTP error. The pipeline then holds the client's preamble on requests near the window.
   */
  readonly overflowInStream?: boolean
  /** The model's context window in tokens, when the provider knows it. */
  contextWindow?(provider: ProviderSettings, model: string): number | undefined
  /** The model name the upstream really gets for a routed name (the route tester shows the same). */
  mapModel?(provider: ProviderSettings, model: string, settings: Settings): string
  open(call: ProviderCall): Promise<UpstreamReply>
  /** Models to list at /v1/models beyond the configured ones. */
  listModels(provider: ProviderSettings, settings: Settings): Promise<ModelInfo[]>
  testConnection(
    provider: ProviderSettings,
    settings: Settings,
    env: ProviderEnv,
  ): Promise<ConnectionTest>
  /** Extra endpoints the provider serves on the gateway (with the live settings and the request log). */
  registerRoutes?(app: FastifyInstance, gateway: { settings(): Settings; log: RequestLog }): void
  dispose?(): Promise<void>
}
