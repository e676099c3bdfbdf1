// Web search for Chat: citations as `message.annotations` (url_citation), and the failed search a Chat
// upstream reports when the client made the model search (it has no hosted search).
import type { CanonicalEvent } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { AssistantPart, CanonicalRequest } from '../canonical/request.js'
import type { Citation } from '../canonical/web-search.js'
import { citationSpan, webSearchForced, webSearchInput } from '../canonical/web-search.js'
import { asObj, num, str } from './read.js'

/**
 * A `url_citation` annotation a Chat search model returns (`message.annotations`, streamed `delta.annotations`),
 * with its offsets into the message content; other annotation types have no hub form.
 */
export function citationFromChat(value: unknown): Citation | undefined {
  const annotation = asObj(value)
  const inner = asObj(annotation?.['url_citation'])
  const url = str(inner?.['url'])
  if (annotation?.['type'] !== 'url_citation' || !inner || url === undefined) return undefined
  const citation: Citation = { url }
  const title = str(inner['title'])
  if (title) citation.title = title
  const start = num(inner['start_index'])
  const end = num(inner['end_index'])
  if (start !== undefined && end !== undefined && end >= start) {
    citation.startIndex = start
    citation.endIndex = end
  }
  return citation
}

/** The citation moved into a text block that starts at `offset` of the content, with the text it cites. */
export function citationInBlock(citation: Citation, offset: number, blockText: string): Citation {
  if (citation.startIndex === undefined || citation.endIndex === undefined) return citation
  const start = Math.max(citation.startIndex - offset, 0)
  const end = Math.max(citation.endIndex - offset, start)
  const out: Citation = { ...citation, startIndex: start, endIndex: end }
  if (end <= blockText.length && end > start) out.citedText = blockText.slice(start, end)
  return out
}

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
