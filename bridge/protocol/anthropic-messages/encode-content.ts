// Canonical parts → Anthropic content blocks (images, documents, tool results, thinking, tool_use) (§1.3, §4.2).
import { isJsonObject, parseArguments } from '../canonical/json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import { toAnthropicId } from '../canonical/ids.js'
import type {
  AssistantPart,
  FilePart,
  ImagePart,
  TextPart,
  ToolResultContent,
  UserPart,
} from '../canonical/request.js'
import type { Note } from './encode-options.js'
import { searchOutcomeToAnthropic } from './web-search.js'

export interface ContentContext {
  note: Note
  /** The request came from an Anthropic client, so its file ids belong to the upstream too. */
  sameDialect: boolean
}

const EPHEMERAL: JsonObject = { type: 'ephemeral' }

/** Anthropic rejects empty and whitespace-only text blocks. */
export function encodeText(part: TextPart): JsonObject | undefined {
  if (part.text.trim() === '') return undefined
  return part.cache === true
    ? { type: 'text', text: part.text, cache_control: EPHEMERAL }
    : { type: 'text', text: part.text }
}

function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url)
  return m && m[1] !== undefined && m[2] !== undefined ? { mediaType: m[1], data: m[2] } : undefined
}

function encodeImage(part: ImagePart, ctx: ContentContext): JsonObject | undefined {
  const src = part.source
  switch (src.kind) {
    case 'base64':
      return {
        type: 'image',
        source: { type: 'base64', media_type: src.mediaType, data: src.data },
      }
    case 'url': {
      const inline = parseDataUrl(src.url)
      return inline
        ? {
            type: 'image',
            source: { type: 'base64', media_type: inline.mediaType, data: inline.data },
          }
        : { type: 'image', source: { type: 'url', url: src.url } }
    }
    case 'file_id':
      if (ctx.sameDialect) return { type: 'image', source: { type: 'file', file_id: src.fileId } }
      ctx.note('file_id_dropped', 'an image given by a foreign file id cannot reach Anthropic')
      return undefined
  }
}

function decodeBase64Text(data: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(data), (c) => c.charCodeAt(0)),
    )
  } catch {
    return undefined
  }
}

function document(source: JsonObject, part: FilePart): JsonObject {
  return part.filename === undefined
    ? { type: 'document', source }
    : { type: 'document', source, title: part.filename }
}

function encodeFile(part: FilePart, ctx: ContentContext): JsonObject | undefined {
  if (part.text !== undefined)
    return document({ type: 'text', media_type: 'text/plain', data: part.text }, part)
  if (part.data !== undefined) {
    const inline = parseDataUrl(part.data)
    const mediaType = inline?.mediaType ?? part.mediaType ?? 'application/pdf'
    const data = inline?.data ?? part.data
    if (mediaType === 'application/pdf')
      return document({ type: 'base64', media_type: mediaType, data }, part)
    const text = mediaType.startsWith('text/') ? decodeBase64Text(data) : undefined
    if (text !== undefined)
      return document({ type: 'text', media_type: 'text/plain', data: text }, part)
    ctx.note('file_dropped', `a ${mediaType} file cannot be sent to Anthropic (PDF and text only)`)
    return undefined
  }
  if (part.url !== undefined) return document({ type: 'url', url: part.url }, part)
  if (part.fileId !== undefined && ctx.sameDialect)
    return document({ type: 'file', file_id: part.fileId }, part)
  ctx.note('file_id_dropped', 'a file given by a foreign file id cannot reach Anthropic')
  return undefined
}

function withoutCache(block: JsonObject): JsonObject {
  const { cache_control: _dropped, ...rest } = block
  return rest
}

function encodeResultContent(parts: ToolResultContent[], ctx: ContentContext): JsonValue[] {
  const out: JsonValue[] = []
  for (const p of parts) {
    const block =
      p.type === 'text'
        ? encodeText(p)
        : p.type === 'image'
          ? encodeImage(p, ctx)
          : encodeFile(p, ctx)
    if (block) out.push(block)
  }
  return out
}

export function encodeUserPart(part: UserPart, ctx: ContentContext): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      return encodeText(part)
    case 'image':
      return encodeImage(part, ctx)
    case 'file':
      return encodeFile(part, ctx)
    case 'tool_result': {
      const block: JsonObject = { type: 'tool_result', tool_use_id: toAnthropicId(part.callId) }
      const content = encodeResultContent(part.content, ctx)
      const last = content.at(-1)
      const cached = isJsonObject(last) && last['cache_control'] !== undefined
      if (cached && isJsonObject(last)) content[content.length - 1] = withoutCache(last)
      const only = content[0]
      if (content.length === 1 && isJsonObject(only) && only['type'] === 'text')
        block['content'] = only['text'] ?? ''
      else if (content.length > 0) block['content'] = content
      if (part.isError === true) block['is_error'] = true
      if (cached) block['cache_control'] = EPHEMERAL
      return block
    }
  }
}

/** The `input` object of a tool_use: custom tools carry their raw text wrapped as {"input": raw}. */
export function toolInput(part: {
  arguments: string
  toolKind: 'function' | 'custom'
}): JsonObject {
  return part.toolKind === 'custom' ? { input: part.arguments } : parseArguments(part.arguments)
}

/**
 * Searches Anthropic can take back: those whose every hit carries Anthropic's own `encrypted_content`.
 * Others (a Responses `web_search_call` Codex echoes, an error result) stay out of the history with a note;
 * their findings already live in the text that follows them.
 */
export function replayableSearches(
  content: readonly AssistantPart[],
  ctx: ContentContext,
): Set<string> {
  const ok = new Set<string>()
  const calls = new Set<string>()
  for (const part of content) {
    if (part.type === 'web_search_call') calls.add(part.callId)
    if (
      part.type === 'web_search_result' &&
      'results' in part.outcome &&
      part.outcome.results.length > 0 &&
      part.outcome.results.every((r) => r.opaque?.dialect === 'anthropic-messages')
    )
      ok.add(part.callId)
  }
  for (const id of calls)
    if (!ok.has(id))
      ctx.note(
        'web_search_history_dropped',
        'a web search from another provider cannot be replayed to Anthropic; the search call was left out of the history (its answer text is kept)',
      )
  for (const id of ok) if (!calls.has(id)) ok.delete(id)
  return ok
}

export function encodeAssistantPart(
  part: AssistantPart,
  ctx: ContentContext,
  searches: ReadonlySet<string> = new Set(),
): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      return encodeText(part)
    case 'web_search_call':
      return searches.has(part.callId)
        ? {
            type: 'server_tool_use',
            id: toAnthropicId(part.callId),
            name: 'web_search',
            input: parseArguments(part.arguments),
          }
        : undefined
    case 'web_search_result':
      return searches.has(part.callId)
        ? {
            type: 'web_search_tool_result',
            tool_use_id: toAnthropicId(part.callId),
            content: searchOutcomeToAnthropic(part.outcome),
          }
        : undefined
    case 'refusal':
      return encodeText({ type: 'text', text: part.text })
    case 'reasoning':
      // Signatures verify only where they were minted (DESIGN.md hub rule 2).
      if (part.opaque?.dialect !== 'anthropic-messages') {
        if (part.text !== '' || part.opaque !== undefined) {
          ctx.note(
            'reasoning_dropped',
            'reasoning without an Anthropic signature cannot be replayed to Anthropic',
          )
        }
        return undefined
      }
      return part.redacted === true
        ? { type: 'redacted_thinking', data: part.opaque.value }
        : { type: 'thinking', thinking: part.text, signature: part.opaque.value }
    case 'tool_call':
      if (part.toolKind === 'custom')
        ctx.note('custom_tool_wrapped', `custom tool call '${part.name}' sent as {"input": string}`)
      return {
        type: 'tool_use',
        id: toAnthropicId(part.callId),
        name: part.name,
        input: toolInput(part),
      }
    case 'compaction':
      ctx.note(
        'compaction_dropped',
        'a compaction item issued by another upstream cannot be read by Anthropic; the context it held is lost',
      )
      return undefined
    case 'tool_search':
      // The tools it loaded are offered instead (CanonicalRequest.loadedTools), so later calls to them still work.
      ctx.note(
        'tool_search_history_dropped',
        'a Responses tool search step has no Anthropic form; it was left out (the tools it loaded are offered)',
      )
      return undefined
  }
}
