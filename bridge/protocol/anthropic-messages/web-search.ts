// Anthropic's web-search blocks and citations ↔ the hub (wire-protocols §1.3, §1.7): `server_tool_use`,
// `web_search_tool_result` (hits or an error code) and `web_search_result_location` citations.
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import { opaqueSlotFor, unpackOpaque } from '../canonical/opaque.js'
import type { Citation, WebSearchOutcome, WebSearchResult } from '../canonical/web-search.js'
import { stringField } from './fields.js'

/** The result block's `content`: a list of hits, or `{type:"web_search_tool_result_error", error_code}`. */
export function searchOutcomeFromAnthropic(content: unknown): WebSearchOutcome {
  if (isJsonObject(content))
    return { errorCode: stringField(content, 'error_code') ?? 'unavailable' }
  const results: WebSearchResult[] = []
  if (Array.isArray(content)) {
    for (const item of content) {
      if (!isJsonObject(item)) continue
      const url = stringField(item, 'url')
      if (url === undefined) continue
      const result: WebSearchResult = { url }
      const title = stringField(item, 'title')
      if (title !== undefined) result.title = title
      const age = stringField(item, 'page_age')
      if (age !== undefined) result.pageAge = age
      const encrypted = stringField(item, 'encrypted_content')
      if (encrypted) result.opaque = unpackOpaque(encrypted, 'anthropic-messages')
      results.push(result)
    }
  }
  return { results }
}

/**
 * Hits as Anthropic writes them. `encrypted_content` is Anthropic's own token or an envelope; a hit found by
 * another provider has none, so the field is empty (clients read title and url; only Anthropic reads it).
 */
export function searchOutcomeToAnthropic(outcome: WebSearchOutcome): JsonValue {
  if ('errorCode' in outcome)
    return { type: 'web_search_tool_result_error', error_code: outcome.errorCode }
  return outcome.results.map((r) => ({
    type: 'web_search_result',
    title: r.title ?? r.url,
    url: r.url,
    encrypted_content: r.opaque ? opaqueSlotFor(r.opaque, 'anthropic-messages') : '',
    page_age: r.pageAge ?? null,
  }))
}

/** A `citations_delta` citation or a text block's `citations` entry; citations without a URL have no hub form. */
export function citationFromAnthropic(value: unknown): Citation | undefined {
  if (!isJsonObject(value)) return undefined
  const url = stringField(value, 'url')
  if (url === undefined) return undefined
  const citation: Citation = { url }
  const title = stringField(value, 'title')
  if (title !== undefined) citation.title = title
  const cited = stringField(value, 'cited_text')
  if (cited !== undefined) citation.citedText = cited
  const index = stringField(value, 'encrypted_index')
  if (index) citation.opaque = unpackOpaque(index, 'anthropic-messages')
  return citation
}

export function citationToAnthropic(c: Citation): JsonObject {
  return {
    type: 'web_search_result_location',
    cited_text: c.citedText ?? '',
    url: c.url,
    title: c.title ?? null,
    encrypted_index: c.opaque ? opaqueSlotFor(c.opaque, 'anthropic-messages') : '',
  }
}

export function citationsFromAnthropic(value: unknown): Citation[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((c) => {
    const citation = citationFromAnthropic(c)
    return citation ? [citation] : []
  })
}
