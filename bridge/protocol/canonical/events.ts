// The canonical event stream: a sequential block lifecycle that is a superset of Anthropic's block
// events and the Responses item events. At most one block is open at a time (DESIGN.md hub rule 1).
import type { CanonicalError } from './errors.js'
import type { JsonObject } from './json.js'
import type { Opaque } from './opaque.js'
import type { RateLimitInfo } from './rate-limits.js'
import type { StopReason } from './stop-reason.js'
import type { Usage } from './usage.js'
import type { Citation, WebSearchOutcome } from './web-search.js'

export type BlockStart =
  | { kind: 'text' }
  | { kind: 'refusal' }
  /** `channel: 'summary'` for Responses reasoning summaries, `raw` for thinking / reasoning_content. */
  | { kind: 'reasoning'; channel: 'raw' | 'summary' }
  /** Anthropic `redacted_thinking`; its token arrives on the block_stop. */
  | { kind: 'redacted_reasoning' }
  | {
      kind: 'tool_call'
      callId: string
      name: string
      toolKind: 'function' | 'custom'
      /** The Responses namespace the upstream named on the call (see ToolCallPart.namespace). */
      namespace?: string
    }
  /** A Responses `compaction` output item; its opaque content arrives on the block_stop. */
  | { kind: 'compaction' }
  /** A hosted web search the upstream ran (Anthropic `server_tool_use`, Responses `web_search_call`); its input JSON arrives as tool_args_delta. */
  | { kind: 'web_search_call'; callId: string }
  /** The results of the search `callId`, whole at the start (as Anthropic sends them); no deltas follow. */
  | { kind: 'web_search_result'; callId: string; outcome: WebSearchOutcome }
  /** A Responses tool-search item (see ToolSearchPart), final and whole at the start; no deltas follow. */
  | { kind: 'tool_search'; item: JsonObject }

export type CanonicalEvent =
  | {
      type: 'message_start'
      id: string
      model: string
      /** What the upstream tells the client about this answer (a local agent's thread id), as the dialect's `metadata`. */
      metadata?: Readonly<Record<string, string>>
    }
  | { type: 'block_start'; index: number; block: BlockStart }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'reasoning_delta'; index: number; text: string }
  /** Function arguments JSON fragments, or raw input text for custom tools. */
  | { type: 'tool_args_delta'; index: number; delta: string }
  /** A source cited by the open text block. */
  | { type: 'citation'; index: number; citation: Citation }
  /** `opaque`: the thinking signature or encrypted reasoning that closes a reasoning block. */
  | { type: 'block_stop'; index: number; opaque?: Opaque }
  /** Partial usage; later values overwrite earlier ones field by field. */
  | { type: 'usage'; usage: Partial<Usage> }
  /**
   * The usage windows of the account serving this answer, as the upstream reported them. Informational: it may
   * come before message_start (as upstreams send it) and never changes the answer.
   */
  | { type: 'rate_limits'; limits: RateLimitInfo }
  | { type: 'message_stop'; stopReason: StopReason; stopSequence?: string }
  /** A failure after the stream started. Terminal: nothing follows. */
  | { type: 'error'; error: CanonicalError }

export type CanonicalEventType = CanonicalEvent['type']
