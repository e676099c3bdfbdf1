// The contract every dialect codec implements: decode to the hub, encode from the hub, synchronously.
import type { CanonicalError } from './canonical/errors.js'
import type { CanonicalEvent } from './canonical/events.js'
import type { JsonObject } from './canonical/json.js'
import type { CanonicalRequest } from './canonical/request.js'
import type { CanonicalResponse } from './canonical/response.js'
import type { Usage } from './canonical/usage.js'
import type { Dialect } from './dialects.js'
import type { SseFrame } from './sse/frame.js'
import type { StreamTap } from './stream-tap.js'

/** Ids and time come from the context so that golden outputs are deterministic. */
export interface CodecContext {
  /** Returns a fresh id that starts with `prefix` (`msg_`, `resp_`, `chatcmpl-`, `call_`…). */
  newId(prefix: string): string
  /** Milliseconds since the epoch. */
  now(): number
}

/**
 * A codec's options: the context's ids and clock with the call's own fields. Not `{ ...ctx, ...fields }`: once a
 * site is warm, V8 (Node 20) gives every object made by a spread followed by more keys a map of its own, so
 * each read of such an object misses its inline cache and each map is one more object for the GC.
 */
export function withContext<T extends object>(ctx: CodecContext, fields: T): CodecContext & T {
  return Object.assign({ newId: ctx.newId, now: ctx.now }, fields)
}

/** A named, logged downgrade: something the target dialect could not carry (DESIGN.md hub rule 3). */
export interface Downgrade {
  code: string
  message: string
}

export interface EncodedRequest {
  body: JsonObject
  notes: Downgrade[]
}

export interface StreamEncoderOptions extends CodecContext {
  /** The model name the client asked for, reported back in every frame that names a model. */
  model: string
  /** The client's decoded request: echoed fields (Responses) and `includeUsage` (Chat). */
  request?: CanonicalRequest
  /**
   * The client's request headers, by lower-case name: an encoder writes a dialect's extension events only for
   * clients whose headers show they read them (the official SDKs' stream helpers throw on unknown events).
   */
  clientHeaders?: Readonly<Record<string, string | string[] | undefined>>
}

/** Upstream-specific choices a request encoder cannot infer from the request itself. */
export interface EncodeRequestOptions {
  /** Chat: where assistant reasoning text goes back upstream (DeepSeek needs `reasoning_content`). */
  chatReasoningField?: 'reasoning_content' | 'reasoning' | 'none'
  /** Chat: `max_completion_tokens` (OpenAI) or the older `max_tokens` (some servers accept only that). */
  chatMaxTokensField?: 'max_completion_tokens' | 'max_tokens'
  /** Chat: ask for the trailing usage chunk (`stream_options.include_usage`); some servers reject it. */
  chatStreamOptions?: boolean
}

/** The decoder sees the client's request so that it can restore what the request encoder wrapped. */
export interface StreamDecoderOptions extends CodecContext {
  request?: CanonicalRequest
}

export interface StreamDecoder {
  /** Never throws: malformed input becomes an `error` event. */
  push(frame: SseFrame): CanonicalEvent[]
  /** Ends the stream; emits an `error` event if the upstream stopped before its terminal event. */
  end(): CanonicalEvent[]
}

export interface StreamEncoder {
  push(event: CanonicalEvent): SseFrame[]
  /** Closes the stream; emits an error frame if no terminal event was pushed. */
  end(): SseFrame[]
  /** A frame that keeps an idle connection alive without changing the client's state. */
  keepalive(): SseFrame[]
  /**
   * Frames held back in case the next event adds to them (Anthropic's `message_start` waits for a usage
   * report). The pipeline calls this after each upstream read, so the client's preamble leaves as soon as the
   * upstream's arrives instead of with the first content.
   */
  flush(): SseFrame[]
}

export interface DialectCodec {
  readonly dialect: Dialect
  /** Throws `ProtocolError` (kind `invalid_request`, naming the field) for input the dialect rejects. */
  decodeRequest(body: unknown): CanonicalRequest
  /** Builds the upstream body. Always a streaming request: DESIGN.md hub rule 5. */
  encodeRequest(request: CanonicalRequest, options?: EncodeRequestOptions): EncodedRequest
  createStreamDecoder(options: StreamDecoderOptions): StreamDecoder
  /** Passthrough: the usage, stop and errors of a relayed stream, the decoder's own, read from fewer frames. */
  createStreamTap(options: StreamDecoderOptions): StreamTap
  createStreamEncoder(options: StreamEncoderOptions): StreamEncoder
  /** Reads a non-streaming answer of this dialect. Throws `ProtocolError` when it is not one. */
  decodeResponse(body: unknown, options: StreamDecoderOptions): CanonicalResponse
  encodeResponse(response: CanonicalResponse, options: StreamEncoderOptions): JsonObject
  /** Passthrough: the usage `decodeResponse` would report, read without the content; undefined for no answer. */
  responseUsage(body: unknown): Usage | undefined
  /** The HTTP error envelope for this dialect. */
  encodeError(error: CanonicalError): { status: number; body: JsonObject }
  /** Reads an upstream HTTP error body of this dialect. */
  decodeError(status: number, body: unknown): CanonicalError
}
