// The canonical request: a superset of what Anthropic Messages, OpenAI Responses and Chat Completions
// can say, so that decode(A) → encode(B) loses only what B cannot carry.
import type { Dialect } from '../dialects.js'
import type { JsonObject } from './json.js'
import type { Opaque } from './opaque.js'
import type { Citation, WebSearchOutcome } from './web-search.js'

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max'
export const REASONING_EFFORTS: readonly ReasoningEffort[] = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
]

export interface TextPart {
  type: 'text'
  text: string
  /** The client asked for a cache breakpoint here (Anthropic `cache_control`). */
  cache?: boolean
  /** Sources an assistant answer cites (web search). */
  citations?: Citation[]
}

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string }
  | { kind: 'file_id'; fileId: string }

export interface ImagePart {
  type: 'image'
  source: ImageSource
  detail?: 'auto' | 'low' | 'high' | 'original'
}

/** A document (PDF or text file). `text` is set for plain-text documents. */
export interface FilePart {
  type: 'file'
  mediaType?: string
  data?: string
  url?: string
  fileId?: string
  text?: string
  filename?: string
}

/** An assistant tool call. `arguments` is the JSON text for functions, the raw input for custom tools. */
export interface ToolCallPart {
  type: 'tool_call'
  callId: string
  name: string
  arguments: string
  toolKind: 'function' | 'custom'
  /** Provider item id (Responses `fc_…`), kept only for same-dialect replay. */
  itemId?: string
  /** Responses: the namespace of the `additional_tools` tool it calls; Codex finds a tool by namespace and name. */
  namespace?: string
}

export type ToolResultContent = TextPart | ImagePart | FilePart

/**
 * Chat and Responses tool outputs have no error flag: a failed result goes out with this prefix, and the
 * request decoders read it back as `isError`, so an Anthropic tool_result error survives a round trip.
 */
export const TOOL_ERROR_PREFIX = '[tool_error] '

export interface ToolResultPart {
  type: 'tool_result'
  callId: string
  content: ToolResultContent[]
  isError?: boolean
  toolKind: 'function' | 'custom'
}

/** Reasoning text (raw chain of thought or a summary) with the provider's opaque token, if any. */
export interface ReasoningPart {
  type: 'reasoning'
  text: string
  channel: 'raw' | 'summary'
  opaque?: Opaque
  /** Anthropic `redacted_thinking`: no text, only the opaque token. */
  redacted?: boolean
}

/** A hosted web search the upstream ran; `arguments` is its input JSON (`{"query": …}`). */
export interface WebSearchCallPart {
  type: 'web_search_call'
  callId: string
  arguments: string
  /** Responses `ws_…` item id, kept only for replay to a Responses upstream. */
  itemId?: string
}

export interface WebSearchResultPart {
  type: 'web_search_result'
  callId: string
  outcome: WebSearchOutcome
}

export interface RefusalPart {
  type: 'refusal'
  text: string
}

/**
 * A compacted stretch of the conversation (Responses `compaction` item): opaque, usable only by the upstream
 * that issued it. Switchboard's own compaction items never get here: the pipeline expands them into their summary.
 */
export interface CompactionPart {
  type: 'compaction'
  opaque: Opaque
}

/**
 * A Responses tool-search step, `tool_search_call` or `tool_search_output` (openai SDK 7 types), kept as the item
 * for a Responses upstream. It loads deferred tools: an upstream that cannot read the step (Chat, Anthropic) gets
 * none of it, and the tools an output loaded join its tool list (`CanonicalRequest.loadedTools`).
 */
export interface ToolSearchPart {
  type: 'tool_search'
  item: JsonObject
}

export type UserPart = TextPart | ImagePart | FilePart | ToolResultPart
export type AssistantPart =
  | TextPart
  | ReasoningPart
  | ToolCallPart
  | RefusalPart
  | CompactionPart
  | WebSearchCallPart
  | WebSearchResultPart
  | ToolSearchPart
export type ContentPart = UserPart | AssistantPart

export type CanonicalMessage =
  | { role: 'user'; content: UserPart[] }
  | { role: 'assistant'; content: AssistantPart[] }
  /** A system or developer message inside the conversation (not the leading prompt). */
  | { role: 'system'; content: TextPart[] }

export type CanonicalTool =
  | {
      kind: 'function'
      name: string
      description?: string
      parameters: JsonObject
      strict?: boolean
      /** The `additional_tools` namespace it came from (Codex's `functions`, `clock`, `collaboration`…). */
      namespace?: string
    }
  | {
      kind: 'custom'
      name: string
      description?: string
      format?: { type: 'text' } | { type: 'grammar'; syntax: string; definition: string }
      namespace?: string
    }
  /** A provider-hosted or dialect-specific tool (web_search, local_shell, namespace…), carried verbatim. */
  | {
      kind: 'builtin'
      type: string
      name?: string
      dialect: Dialect
      raw: JsonObject
      /** A Responses `namespace` tool's members, each naming it: what an upstream without namespaces is offered. */
      members?: CanonicalTool[]
    }

export type CanonicalToolChoice = 'auto' | 'none' | 'required' | { name: string }

export interface ReasoningConfig {
  /** Explicitly off (Anthropic `disabled`, effort `none`). */
  enabled: boolean
  effort?: ReasoningEffort
  budgetTokens?: number
  /** Anthropic adaptive thinking: the model decides, guided by `effort`. */
  adaptive?: boolean
  summary?: 'auto' | 'concise' | 'detailed'
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema'
      name?: string
      schema: JsonObject
      strict?: boolean
      description?: string
    }

export interface CanonicalRequest {
  model: string
  /** The leading system prompt; Responses `instructions` and leading system/developer messages land here. */
  system: TextPart[]
  messages: CanonicalMessage[]
  tools: CanonicalTool[]
  toolChoice?: CanonicalToolChoice
  parallelToolCalls?: boolean
  maxOutputTokens?: number
  temperature?: number
  topP?: number
  topK?: number
  stopSequences?: string[]
  stream: boolean
  reasoning?: ReasoningConfig
  responseFormat?: ResponseFormat
  verbosity?: 'low' | 'medium' | 'high'
  /** End-user id (Anthropic `metadata.user_id`, OpenAI `user`). */
  user?: string
  promptCacheKey?: string
  metadata?: Record<string, string>
  /** Chat: send a trailing usage chunk. */
  includeUsage?: boolean
  /** Responses `compaction_trigger`: answer with one compaction item instead of a turn (long-sessions §3.2). */
  compactionTrigger?: boolean
  /** Responses `additional_tools` input items (Codex on gpt-6): kept as sent for a Responses upstream. */
  additionalTools?: AdditionalTools[]
  /** The tools `tool_search_output` items in the history loaded, namespaces flattened (see ToolSearchPart). */
  loadedTools?: CanonicalTool[]
  /** Fields of the source dialect with no canonical meaning, kept for same-dialect upstreams only. */
  extras: { dialect: Dialect; fields: JsonObject }
}

/** One `additional_tools` item: the item as the client sent it, and its tools decoded (namespaces flattened). */
export interface AdditionalTools {
  raw: JsonObject
  tools: CanonicalTool[]
}

/**
 * The tools the model may call: `tools`, then those of `additional_tools` items and those tool searches loaded,
 * which extend the list. A name already offered keeps its first definition (a model cannot be offered two tools
 * of one name).
 */
export function offeredTools(req: CanonicalRequest): CanonicalTool[] {
  if (!req.additionalTools?.length && !req.loadedTools?.length) return req.tools
  const extra = [...(req.additionalTools ?? []).map((a) => a.tools), req.loadedTools ?? []]
  const out = [...req.tools]
  const keyOf = (t: CanonicalTool): string => t.name ?? (t.kind === 'builtin' ? t.type : t.kind)
  const names = new Set(req.tools.map(keyOf))
  for (const tools of extra) {
    for (const tool of tools) {
      const key = keyOf(tool)
      if (names.has(key)) continue
      names.add(key)
      out.push(tool)
    }
  }
  return out
}

const hasMembers = (t: CanonicalTool): boolean => t.kind === 'builtin' && t.members !== undefined

/** Namespaces replaced by their members; a name already offered keeps its first definition. */
function flattenNamespaces(tools: CanonicalTool[]): CanonicalTool[] {
  if (!tools.some(hasMembers)) return tools
  const out: CanonicalTool[] = []
  const names = new Set<string>()
  for (const tool of tools) {
    for (const t of tool.kind === 'builtin' ? (tool.members ?? [tool]) : [tool]) {
      const key = t.name ?? (t.kind === 'builtin' ? t.type : t.kind)
      if (names.has(key)) continue
      names.add(key)
      out.push(t)
    }
  }
  return out
}

/**
 * For an upstream with neither `additional_tools` items, tool search nor namespaces (Chat, Anthropic): the items'
 * tools and those tool searches loaded join `tools` and every namespace (in `tools` or an item) gives way to its members, where filters and encoders see
 * them; a call to a member names its namespace again on the way back (`toolNamespaces`).
 */
export function mergeAdditionalTools(req: CanonicalRequest): void {
  if (!req.additionalTools && !req.loadedTools && !req.tools.some(hasMembers)) return
  req.tools = flattenNamespaces(offeredTools(req))
  delete req.additionalTools
  delete req.loadedTools
}

/**
 * The namespace of each offered tool that belongs to one (an `additional_tools` namespace or a `namespace` in
 * `tools`), looked up by the name the model calls it by (the first definition of a name is the one offered);
 * built at the first look-up.
 */
export function toolNamespaces(
  req: CanonicalRequest | undefined,
): (name: string) => string | undefined {
  let byName: Map<string, string> | undefined
  return (name) => {
    if (!req) return undefined
    if (!byName) {
      byName = new Map()
      for (const t of flattenNamespaces(offeredTools(req)))
        if (t.kind !== 'builtin' && t.namespace !== undefined && !byName.has(t.name))
          byName.set(t.name, t.namespace)
    }
    return byName.get(name)
  }
}
