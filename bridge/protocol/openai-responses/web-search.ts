// Responses hosted web search ↔ the hub (wire-protocols §2.2, §2.5): `web_search_call` items, `url_citation`
// annotations, and the results a search's item lacks when the upstream did not include its sources.
import type { JsonObject } from '../canonical/json.js'
import type { AssistantPart } from '../canonical/request.js'
import type { Citation, WebSearchOutcome, WebSearchResult } from '../canonical/web-search.js'
import { citationSpan, webSearchInput } from '../canonical/web-search.js'
import type { Obj } from './read.js'
import { asArr, asNum, asObj, asStr } from './read.js'

/** The query of a `web_search_call` item: `action.query`, else the first of `action.queries`. */
export function searchQueryOf(item: Obj): string {
  const action = asObj(item['action'])
  const query = asStr(action?.['query'])
  if (query !== undefined) return query
  const first = asArr(action?.['queries'])?.[0]
  return typeof first === 'string' ? first : ''
}

/** `action.sources` (present only when the request included `web_search_call.action.sources`). */
export function searchSourcesOf(item: Obj): string[] {
  const sources = asArr(asObj(item['action'])?.['sources']) ?? []
  return sources.flatMap((s) => {
    const url = asStr(asObj(s)?.['url'])
    return url === undefined ? [] : [url]
  })
}

/** A hub citation from a `url_citation` annotation of `text`; other annotation types have no hub form. */
export function citationFromAnnotation(value: unknown, text: string): Citation | undefined {
  const a = asObj(value)
  const url = asStr(a?.['url'])
  if (!a || a['type'] !== 'url_citation' || url === undefined) return undefined
  const citation: Citation = { url }
  const title = asStr(a['title'])
  if (title !== undefined) citation.title = title
  const start = asNum(a['start_index'])
  const end = asNum(a['end_index'])
  if (start !== undefined && end !== undefined && end >= start) {
    citation.startIndex = start
    citation.endIndex = end
    if (end <= text.length) citation.citedText = text.slice(start, end)
  }
  return citation
}

export function citationsFromAnnotations(values: unknown, text: string): Citation[] {
  return (asArr(values) ?? []).flatMap((v) => {
    const c = citationFromAnnotation(v, text)
    return c ? [c] : []
  })
}

export function annotationFor(citation: Citation, textLength: number): JsonObject {
  const { start, end } = citationSpan(citation, 0, textLength)
  return {
    type: 'url_citation',
    start_index: start,
    end_index: end,
    url: citation.url,
    title: citation.title ?? '',
  }
}

/**
 * What a search found: its sources, titled from the citations where they match; without sources, the
 * distinct cited URLs of the answer that followed it.
 */
export function searchOutcome(
  sources: string[],
  citations: readonly Citation[],
  failed = false,
): WebSearchOutcome {
  // Responses names no reason for a failed search; Anthropic's closest code is `unavailable`.
  if (failed) return { errorCode: 'unavailable' }
  const titles = new Map<string, string>()
  for (const c of citations)
    if (c.title !== undefined && !titles.has(c.url)) titles.set(c.url, c.title)
  const urls = sources.length > 0 ? sources : citations.map((c) => c.url)
  const results: WebSearchResult[] = []
  for (const url of new Set(urls)) {
    const title = titles.get(url)
    results.push(title === undefined ? { url } : { url, title })
  }
  return { results }
}

/** A `web_search_call` item; a failed search is `status: "failed"`. */
export function webSearchItem(
  id: string,
  query: string,
  outcome: WebSearchOutcome | undefined,
  status: 'in_progress' | 'done',
): JsonObject {
  const action: JsonObject = { type: 'search', query }
  if (status === 'in_progress') return { id, type: 'web_search_call', status, action }
  if (outcome && 'results' in outcome && outcome.results.length > 0)
    action['sources'] = outcome.results.map((r) => ({ type: 'url', url: r.url }))
  return {
    id,
    type: 'web_search_call',
    status: outcome && 'errorCode' in outcome ? 'failed' : 'completed',
    action,
  }
}

/** The `ws_…` id of a search a Responses upstream ran (kept as its call id through other dialects). */
export function responsesSearchId(callId: string, itemId?: string): string | undefined {
  return itemId ?? (callId.startsWith('ws_') ? callId : undefined)
}

/** A search call part for `item` (the Responses id kept for same-dialect replay). */
export function searchCallPart(item: Obj): AssistantPart {
  const id = asStr(item['id']) ?? ''
  const part: AssistantPart = {
    type: 'web_search_call',
    callId: id,
    arguments: webSearchInput(searchQueryOf(item)),
  }
  if (id) part.itemId = id
  return part
}
