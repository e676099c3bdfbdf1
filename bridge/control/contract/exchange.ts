// One request through the gateway as the live log, the usage history and the fallback notice see it: the
// exchange entry with its frames and timing, and the summary row the log list shows.
export type DialectId = 'anthropic-messages' | 'openai-responses' | 'openai-chat'

export interface UsageNumbers {
  inputTokens: number
  cachedInputTokens: number
  cacheWriteTokens: number
  outputTokens: number
  reasoningTokens: number
}

export interface LoggedFrame {
  /** Milliseconds since the exchange started. */
  t: number
  side: 'upstream' | 'client'
  /** The frame's event type (`message_start`, `response.output_text.delta`, `chat.completion.chunk`), when it has one. */
  event?: string
  /** Size of the frame's text. */
  bytes: number
  /** The frame's text; absent when body capture is off (then only the metadata above is kept). */
  data?: string
}

/** When each step of an exchange happened, in milliseconds since the request was received. */
export interface ExchangeTiming {
  /** The upstream request went out (on a fresh or reused connection). */
  upstreamSentMs?: number
  /** The connection to the upstream was open (at once for a reused keep-alive connection). */
  upstreamConnectedMs?: number
  /** The upstream's response headers arrived. */
  upstreamHeadersMs?: number
  upstreamFirstByteMs?: number
  clientFirstByteMs?: number
  /** The last frame either way. */
  lastByteMs?: number
}

/** A provider the request went past: every account limited, or its spending cap reached. */
export interface SkippedProvider {
  provider: string
  reason: 'usage_limit' | 'spend_cap'
  message: string
  /** Accounts tried on that provider, when it has several. */
  tried?: string[]
}

/** One request through the gateway, as the live log shows it. Bodies and frames are redacted. */
export interface ExchangeEntry {
  id: string
  startedAt: number
  method: string
  path: string
  clientDialect?: DialectId
  requestedModel?: string
  routedModel?: string
  /** The provider that served (after any fallback). */
  provider?: string
  /** The upstream account that served the request (the ChatGPT account's email, else its id), when the provider has accounts. */
  account?: string
  /** The accounts tried before one served (or all of them, when none could), emails where known. */
  accountsTried?: string[]
  /** Providers skipped before `provider` served (or before the request failed), in order. */
  fallback?: SkippedProvider[]
  upstreamDialect?: DialectId
  upstreamUrl?: string
  route?: string
  stream: boolean
  passthrough?: boolean
  /** The answer called a tool (seen in the upstream frames). */
  toolCall?: boolean
  status?: number
  ttfbMs?: number
  durationMs?: number
  usage?: UsageNumbers
  notes: string[]
  error?: string
  state: 'active' | 'done' | 'error'
  requestHeaders?: Record<string, string>
  /** Headers sent to the upstream (credentials redacted). */
  upstreamRequestHeaders?: Record<string, string>
  /** Headers the upstream answered with (rate limits, retry-after, request ids). */
  upstreamResponseHeaders?: Record<string, string>
  timing?: ExchangeTiming
  clientRequest?: string
  upstreamRequest?: string
  clientResponse?: string
  frames: LoggedFrame[]
  frameBytes: number
  framesDropped: number
}

/** An exchange without its frames: what the gateway's own readers (usage, fallback, the access line) look at. */
export type ExchangeFacts = Omit<ExchangeEntry, 'frames'>

/** The log list row: everything but frames and bodies, so snapshots stay small. */
export type ExchangeSummary = Omit<
  ExchangeEntry,
  | 'frames'
  | 'clientRequest'
  | 'upstreamRequest'
  | 'clientResponse'
  | 'requestHeaders'
  | 'upstreamRequestHeaders'
  | 'upstreamResponseHeaders'
> & {
  frameCount: number
}
