// Hosted web search in the hub: citations on text, the search call and its results, and the tool rules every codec shares.
import type { CanonicalRequest, CanonicalTool } from './request.js'
import type { Opaque } from './opaque.js'

/** A source the answer's text cites (Anthropic `web_search_result_location`, OpenAI `url_citation`). */
export interface Citation {
  url: string
  title?: string
  /** The cited span of the source (Anthropic) or of the answer text (derived from OpenAI offsets). */
  citedText?: string
  /** Offsets into the text block that carries the citation (OpenAI); absent means the whole block. */
  startIndex?: number
  endIndex?: number
  /** Anthropic `encrypted_index`: only Anthropic can read it (DESIGN.md hub rule 2). */
  opaque?: Opaque
}

/** One search hit. `opaque` is Anthropic's `encrypted_content`, which only Anthropic can replay. */
export interface WebSearchResult {
  url: string
  title?: string
  pageAge?: string
  opaque?: Opaque
}

/**
 * A search's outcome: the hits, or why there are none (Anthropic `web_search_tool_result_error.error_code`:
 * `unavailable`, `max_uses_exceeded`, `too_many_requests`, `invalid_tool_input`, `query_too_long`).
 */
export type WebSearchOutcome = { results: WebSearchResult[] } | { errorCode: string }

/** Downgrade code of a hosted search offered to an upstream that cannot search (a Chat server). */
export const WEB_SEARCH_UNAVAILABLE = 'web_search_unavailable'

/** A hosted web-search tool of a dialect that has one (Anthropic `web_search_*`, Responses `web_search*`). */
export function isWebSearchTool(tool: CanonicalTool): boolean {
  return (
    tool.kind === 'builtin' &&
    tool.dialect !== 'openai-chat' &&
    (tool.type.startsWith('web_search') || tool.type === 'web_search_preview')
  )
}

/** The request makes the model search: the search tool is named by tool_choice, or it is the only tool and a call is required. */
export function webSearchForced(req: CanonicalRequest | undefined): boolean {
  if (!req) return false
  const search = req.tools.filter(isWebSearchTool)
  if (search.length === 0) return false
  const choice = req.toolChoice
  if (choice === 'required') return search.length === req.tools.length
  return typeof choice === 'object' && search.some((t) => t.name === choice.name)
}

/** The query of a search call's input JSON (`{"query": "…"}`); "" when it has none. */
export function webSearchQuery(input: string): string {
  try {
    const parsed: unknown = JSON.parse(input)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const query = (parsed as Record<string, unknown>)['query']
      if (typeof query === 'string') return query
    }
  } catch {
    // Partial or invalid input: no query.
  }
  return ''
}

/** The input JSON a search call carries in the hub, whatever the dialect spelled it as. */
export function webSearchInput(query: string): string {
  return JSON.stringify({ query })
}

/** Where a citation sits in a text of `length` characters that starts at `offset` of the whole answer. */
export function citationSpan(
  citation: Citation,
  offset: number,
  length: number,
): { start: number; end: number } {
  const start = Math.min(Math.max(citation.startIndex ?? 0, 0), length)
  const end = Math.min(Math.max(citation.endIndex ?? length, start), length)
  return { start: offset + start, end: offset + end }
}
