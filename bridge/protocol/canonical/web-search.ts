// Hosted web search in the hub: citations on text, the search call and its results, and the tool rules every codec shares.
import type { CanonicalRequest, CanonicalTool } from './request.js'
import type { Opaque } from './opaque.js'
import { isJsonObject, type JsonObject, type JsonValue } from './json.js'
import { parseJson } from './read-json.js'

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

/** A Chat client's `web_search_options` travel in the hub as a builtin tool of this type. */
export const CHAT_WEB_SEARCH = 'web_search_options'

/**
 * A hosted web-search tool: Anthropic `web_search_*`, Responses `web_search*`, or a Chat client's
 * `web_search_options` (Chat has no search tool; any other Chat builtin is the client's own).
 */
export function isWebSearchTool(tool: CanonicalTool): boolean {
  if (tool.kind !== 'builtin') return false
  return tool.dialect === 'openai-chat'
    ? tool.type === CHAT_WEB_SEARCH
    : tool.type.startsWith('web_search')
}

/** The approximate location a search is localised to (all three dialects know these four fields). */
export interface SearchLocation {
  city?: string
  region?: string
  country?: string
  timezone?: string
}

/** A hosted search's settings, whichever dialect spelled them. */
export interface WebSearchSettings {
  allowedDomains?: string[]
  blockedDomains?: string[]
  location?: SearchLocation
  /** Responses and Chat `search_context_size`. */
  contextSize?: 'low' | 'medium' | 'high'
  /** Anthropic `max_uses`. */
  maxUses?: number
}

const asObject = (v: JsonValue | undefined): JsonObject | undefined =>
  isJsonObject(v) ? v : undefined
const strings = (v: JsonValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : []

function location(raw: JsonObject | undefined): SearchLocation | undefined {
  if (!raw) return undefined
  const out: SearchLocation = {}
  for (const key of ['city', 'region', 'country', 'timezone'] as const) {
    const value = raw[key]
    if (typeof value === 'string') out[key] = value
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * Reads a web-search tool's settings: Anthropic's flat fields, Responses `filters.allowed_domains` and a flat
 * `user_location`, Chat's `user_location.approximate`.
 */
export function webSearchSettings(tool: CanonicalTool): WebSearchSettings {
  if (tool.kind !== 'builtin') return {}
  const raw = tool.raw
  const out: WebSearchSettings = {}
  const allowed = [
    ...strings(raw['allowed_domains']),
    ...strings(asObject(raw['filters'])?.['allowed_domains']),
  ]
  if (allowed.length > 0) out.allowedDomains = allowed
  const blocked = strings(raw['blocked_domains'])
  if (blocked.length > 0) out.blockedDomains = blocked
  const userLocation = asObject(raw['user_location'])
  const where = location(asObject(userLocation?.['approximate']) ?? userLocation)
  if (where) out.location = where
  const size = raw['search_context_size']
  if (size === 'low' || size === 'medium' || size === 'high') out.contextSize = size
  const maxUses = raw['max_uses']
  if (typeof maxUses === 'number') out.maxUses = maxUses
  return out
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
    const parsed: unknown = parseJson(input)
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
