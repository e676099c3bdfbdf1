// What each client dialect's stream can carry: one projection applied to both the input and the decoded answer.
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { JsonValue } from '../../protocol/canonical/json.js'
import type { AssistantPart } from '../../protocol/canonical/request.js'
import type { StopReason } from '../../protocol/canonical/stop-reason.js'
import {
  stopReasonFromChat,
  stopReasonFromResponses,
  stopReasonToChat,
  stopReasonToResponses,
} from '../../protocol/canonical/stop-reason.js'
import type { Usage } from '../../protocol/canonical/usage.js'
import { webSearchQuery } from '../../protocol/canonical/web-search.js'
import type { Dialect } from '../../protocol/dialects.js'

type Tool = { t: 'tool'; id: string; name: string; kind: 'function' | 'custom'; input: JsonValue }

function plain(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue
}

/**
 * - Web search: Anthropic carries calls, results (tokens included) and citations exactly; Responses carries
 *   the query, the result URLs (its item has no titles) or that it failed, and citations' URL and title; the
 *   ids of search items are Responses' own. Chat carries neither (its annotations are not read back).
 * - Anthropic: every block in order; refusals become text; signatures and redacted tokens exact; a redacted
 *   block without a token has no wire form.
 * - Responses: every block in order; raw reasoning becomes a summary; a reasoning item with neither text
 *   nor token is not emitted; the token is kept by dialect and value (the item id is ours); a tool search item
 *   exactly. Anthropic and Chat carry no tool search.
 * - Chat: no block boundaries and no tokens: text, refusal and reasoning each concatenated, tool calls in order.
 */
type Block =
  | Tool
  | {
      t: string
      text: string
      opaque?: { dialect: string; value: string; itemId?: string }
      citations?: JsonValue
    }
  | { t: 'search'; id?: string; query: string }
  | { t: 'result'; id?: string; outcome: JsonValue }

export type Carried =
  { blocks: Block[] } | { text: string; refusal: string; reasoning: string; tools: Tool[] }

function tool(p: Extract<AssistantPart, { type: 'tool_call' }>): Tool {
  let input: JsonValue = p.arguments
  if (p.toolKind === 'function') {
    try {
      input = JSON.parse(p.arguments === '' ? '{}' : p.arguments) as JsonValue
    } catch {
      input = `<invalid JSON> ${p.arguments}`
    }
  }
  return { t: 'tool', id: p.callId, name: p.name, kind: p.toolKind, input }
}

export function carried(dialect: Dialect, parts: readonly AssistantPart[]): Carried {
  switch (dialect) {
    case 'anthropic-messages':
      return {
        blocks: parts.flatMap((p): Block[] => {
          switch (p.type) {
            case 'text':
              return [
                p.citations
                  ? { t: 'text', text: p.text, citations: plain(p.citations) }
                  : { t: 'text', text: p.text },
              ]
            case 'refusal':
              return [{ t: 'text', text: p.text }]
            case 'web_search_call':
              return [{ t: 'search', id: p.callId, query: webSearchQuery(p.arguments) }]
            case 'web_search_result':
              return [{ t: 'result', id: p.callId, outcome: plain(p.outcome) }]
            case 'reasoning':
              if (p.redacted)
                return p.opaque ? [{ t: 'redacted', text: '', opaque: { ...p.opaque } }] : []
              return [
                p.opaque
                  ? { t: 'reasoning', text: p.text, opaque: { ...p.opaque } }
                  : { t: 'reasoning', text: p.text },
              ]
            case 'tool_call':
              return [tool(p)]
            case 'compaction':
            case 'tool_search':
              return []
          }
        }),
      }
    case 'openai-responses':
      return {
        blocks: parts.flatMap((p): Block[] => {
          switch (p.type) {
            case 'text':
              return [
                p.citations
                  ? {
                      t: p.type,
                      text: p.text,
                      citations: plain(p.citations.map((c) => ({ url: c.url, title: c.title }))),
                    }
                  : { t: p.type, text: p.text },
              ]
            case 'refusal':
              return [{ t: p.type, text: p.text }]
            case 'web_search_call':
              return [{ t: 'search', query: webSearchQuery(p.arguments) }]
            case 'web_search_result':
              return [
                {
                  t: 'result',
                  outcome:
                    'errorCode' in p.outcome ? 'failed' : p.outcome.results.map((r) => r.url),
                },
              ]
            case 'reasoning': {
              const text = p.redacted ? '' : p.text
              if (text === '' && !p.opaque) return []
              return [
                p.opaque
                  ? {
                      t: 'reasoning',
                      text,
                      opaque: { dialect: p.opaque.dialect, value: p.opaque.value },
                    }
                  : { t: 'reasoning', text },
              ]
            }
            case 'tool_call':
              return [tool(p)]
            case 'compaction':
              return [{ t: 'compaction', text: p.opaque.value }]
            case 'tool_search':
              return [{ t: 'tool_search', text: JSON.stringify(p.item) }]
          }
        }),
      }
    case 'openai-chat': {
      const out = { text: '', refusal: '', reasoning: '', tools: [] as Tool[] }
      for (const p of parts) {
        if (p.type === 'text') out.text += p.text
        else if (p.type === 'refusal') out.refusal += p.text
        else if (p.type === 'reasoning') out.reasoning += p.redacted ? '' : p.text
        else if (p.type === 'tool_call') out.tools.push(tool(p))
      }
      return out
    }
  }
}

/** The stop reason a client of `dialect` reads back: each dialect maps the canonical set onto fewer values. */
export function expectedStop(
  dialect: Dialect,
  reason: StopReason,
  sawToolCall: boolean,
): StopReason {
  switch (dialect) {
    case 'anthropic-messages':
      return reason
    case 'openai-chat':
      return stopReasonFromChat(stopReasonToChat(reason), sawToolCall)
    case 'openai-responses': {
      const o = stopReasonToResponses(reason)
      return stopReasonFromResponses(
        o.status,
        o.status === 'incomplete' ? o.reason : undefined,
        sawToolCall,
      )
    }
  }
}

/** Usage fields each dialect's stream reports (Anthropic has no reasoning count, OpenAI no cache writes). */
export function carriedUsage(dialect: Dialect, u: Usage): Partial<Usage> {
  switch (dialect) {
    case 'anthropic-messages':
      return {
        inputTokens: u.inputTokens,
        cachedInputTokens: u.cachedInputTokens,
        cacheWriteTokens: u.cacheWriteTokens,
        outputTokens: u.outputTokens,
        webSearchRequests: u.webSearchRequests,
      }
    case 'openai-responses':
    case 'openai-chat':
      return {
        inputTokens: u.inputTokens,
        cachedInputTokens: u.cachedInputTokens,
        outputTokens: u.outputTokens,
        reasoningTokens: u.reasoningTokens,
      }
  }
}

/** Text of every text-like delta, per kind, in stream order (to check prefixes of interrupted streams). */
export function streamedText(events: readonly CanonicalEvent[]): {
  text: string
  reasoning: string
} {
  let text = ''
  let reasoning = ''
  for (const e of events) {
    if (e.type === 'text_delta') text += e.text
    else if (e.type === 'reasoning_delta') reasoning += e.text
  }
  return { text, reasoning }
}
