// Web search for Chat: citations as `message.annotations` (url_citation), and the failed search a Chat
// upstream reports when the client made the model search (it has no hosted search).
import type { CanonicalEvent } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { AssistantPart, CanonicalRequest } from '../canonical/request.js'
import type { Citation } from '../canonical/web-search.js'
import { citationSpan, webSearchForced, webSearchInput } from '../canonical/web-search.js'

export function urlCitation(citation: Citation, offset: number, length: number): JsonObject {
  const { start, end } = citationSpan(citation, offset, length)
  return {
    type: 'url_citation',
    url_citation: {
      start_index: start,
      end_index: end,
      url: citation.url,
      title: citation.title ?? '',
    },
  }
}

/** The search a forced request asked for and the Chat upstream could not run, reported as failed. */
export function unavailableSearch(
  request: CanonicalRequest | undefined,
  callId: string,
): AssistantPart[] | undefined {
  if (!webSearchForced(request)) return undefined
  return [
    { type: 'web_search_call', callId, arguments: webSearchInput('') },
    { type: 'web_search_result', callId, outcome: { errorCode: 'unavailable' } },
  ]
}

/** The same two parts as stream events, blocks 0 and 1. */
export function unavailableSearchEvents(parts: AssistantPart[]): CanonicalEvent[] {
  const events: CanonicalEvent[] = []
  parts.forEach((part, index) => {
    if (part.type === 'web_search_call') {
      events.push({
        type: 'block_start',
        index,
        block: { kind: 'web_search_call', callId: part.callId },
      })
      events.push({ type: 'tool_args_delta', index, delta: part.arguments })
    } else if (part.type === 'web_search_result') {
      events.push({
        type: 'block_start',
        index,
        block: { kind: 'web_search_result', callId: part.callId, outcome: part.outcome },
      })
    } else return
    events.push({ type: 'block_stop', index })
  })
  return events
}
