// Canonical assistant parts ↔ Responses output items, shared by the stream codecs and the non-stream codec.
import type { BlockStart } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { Opaque } from '../canonical/opaque.js'
import { opaqueSlotFor, packOpaque, unpackOpaque } from '../canonical/opaque.js'
import type {
  AssistantPart,
  CompactionPart,
  ReasoningPart,
  ToolCallPart,
} from '../canonical/request.js'
import type { Citation, WebSearchOutcome } from '../canonical/web-search.js'
import type { Obj } from './read.js'
import { asArr, asObj, asStr, toJsonObject } from './read.js'
import { webSearchQuery } from '../canonical/web-search.js'
import {
  annotationFor,
  citationsFromAnnotations,
  responsesSearchId,
  searchCallPart,
  searchOutcome,
  searchSourcesOf,
  webSearchItem,
} from './web-search.js'

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete'

/**
 * The `encrypted_content` for a reasoning item we name `id`. An upstream Responses token whose own item
 * id differs from ours travels in an envelope, so the next request can restore the id it belongs to.
 */
export function encryptedSlot(opaque: Opaque, id: string): string {
  if (opaque.dialect === 'openai-responses' && opaque.itemId !== undefined && opaque.itemId !== id)
    return packOpaque(opaque)
  return opaqueSlotFor(opaque, 'openai-responses')
}

export function outputTextPart(text: string, annotations: JsonObject[] = []): JsonObject {
  return { type: 'output_text', text, annotations, logprobs: [] }
}

export function refusalPart(text: string): JsonObject {
  return { type: 'refusal', refusal: text }
}

export function messageItem(id: string, content: JsonObject[], status: ItemStatus): JsonObject {
  return { id, type: 'message', role: 'assistant', status, content }
}

export function reasoningItem(id: string, text: string, opaque: Opaque | undefined): JsonObject {
  const item: JsonObject = {
    id,
    type: 'reasoning',
    summary: text ? [{ type: 'summary_text', text }] : [],
  }
  if (opaque) item['encrypted_content'] = encryptedSlot(opaque, id)
  return item
}

/** A call to a tool of an `additional_tools` namespace names it: Codex finds the tool by namespace and name. */
export function toolCallItem(
  id: string,
  part: Pick<ToolCallPart, 'callId' | 'name' | 'arguments' | 'toolKind' | 'namespace'>,
  status: ItemStatus,
  namespace = part.namespace,
): JsonObject {
  const item: JsonObject =
    part.toolKind === 'custom'
      ? {
          id,
          type: 'custom_tool_call',
          status,
          call_id: part.callId,
          name: part.name,
          input: part.arguments,
        }
      : {
          id,
          type: 'function_call',
          status,
          call_id: part.callId,
          name: part.name,
          arguments: part.arguments,
        }
  if (namespace !== undefined) item['namespace'] = namespace
  return item
}

export function itemIdPrefix(part: AssistantPart): string {
  switch (part.type) {
    case 'text':
    case 'refusal':
      return 'msg_'
    case 'reasoning':
      return 'rs_'
    case 'tool_call':
      return part.toolKind === 'custom' ? 'ctc_' : 'fc_'
    case 'compaction':
      return 'cmp_'
    case 'web_search_call':
    case 'web_search_result':
      return 'ws_'
    case 'tool_search':
      return toolSearchIdPrefix(part.item)
  }
}

/** The item id prefix for a streamed block, matching `itemIdPrefix` for the same content. */
export function blockIdPrefix(block: BlockStart): string {
  switch (block.kind) {
    case 'text':
    case 'refusal':
      return 'msg_'
    case 'reasoning':
    case 'redacted_reasoning':
      return 'rs_'
    case 'tool_call':
      return block.toolKind === 'custom' ? 'ctc_' : 'fc_'
    case 'compaction':
      return 'cmp_'
    case 'web_search_call':
    case 'web_search_result':
      return 'ws_'
    case 'tool_search':
      return toolSearchIdPrefix(block.item)
  }
}

const toolSearchIdPrefix = (item: JsonObject): string =>
  item['type'] === 'tool_search_output' ? 'tso_' : 'tsc_'

/** The types of the tool-search items (openai SDK 7: ResponseToolSearchCall, ResponseToolSearchOutputItem). */
export function isToolSearchItem(type: unknown): boolean {
  return type === 'tool_search_call' || type === 'tool_search_output'
}

/** A tool-search item as it came; one without an id (an output item must have one) gets ours. */
export function toolSearchItem(item: JsonObject, id: () => string): JsonObject {
  return typeof item['id'] === 'string' && item['id'] !== '' ? item : { id: id(), ...item }
}

/** A compaction item: the upstream's own token goes back with its own id; a foreign one in an envelope. */
export function compactionItem(id: string, opaque: Opaque | undefined): JsonObject {
  const itemId =
    opaque?.dialect === 'openai-responses' && opaque.itemId !== undefined ? opaque.itemId : id
  return {
    id: itemId,
    type: 'compaction',
    encrypted_content: opaque ? opaqueSlotFor(opaque, 'openai-responses') : '',
  }
}

export function compactionFromItem(item: Obj): CompactionPart {
  return {
    type: 'compaction',
    opaque: opaqueFromItem(asStr(item['encrypted_content']) ?? '', asStr(item['id'])),
  }
}

/** Function arguments must be JSON for OpenAI clients; a call without arguments reads as `{}`. */
export function finalArguments(part: Pick<ToolCallPart, 'arguments' | 'toolKind'>): string {
  return part.toolKind === 'function' && part.arguments.trim() === '' ? '{}' : part.arguments
}

/**
 * The output items of an answer: a search call and the result after it make one `web_search_call` item; a tool
 * call names the namespace `namespaceOf` gives its tool (see `toolNamespaces`).
 */
export function partsToOutputItems(
  parts: readonly AssistantPart[],
  newId: (prefix: string) => string,
  namespaceOf: (name: string) => string | undefined = () => undefined,
): JsonObject[] {
  const items: JsonObject[] = []
  parts.forEach((part, i) => {
    if (part.type === 'web_search_result') return
    const next = parts[i + 1]
    const outcome =
      part.type === 'web_search_call' &&
      next?.type === 'web_search_result' &&
      next.callId === part.callId
        ? next.outcome
        : undefined
    items.push(partToOutputItem(part, newId, outcome, namespaceOf))
  })
  return items
}

function partToOutputItem(
  part: Exclude<AssistantPart, { type: 'web_search_result' }>,
  newId: (prefix: string) => string,
  outcome: WebSearchOutcome | undefined,
  namespaceOf: (name: string) => string | undefined,
): JsonObject {
  if (part.type === 'tool_search') return toolSearchItem(part.item, () => newId(itemIdPrefix(part)))
  const id =
    (part.type === 'web_search_call' ? responsesSearchId(part.callId, part.itemId) : undefined) ??
    newId(itemIdPrefix(part))
  switch (part.type) {
    case 'text':
      return messageItem(
        id,
        [
          outputTextPart(
            part.text,
            (part.citations ?? []).map((c) => annotationFor(c, part.text.length)),
          ),
        ],
        'completed',
      )
    case 'web_search_call':
      return webSearchItem(id, webSearchQuery(part.arguments), outcome, 'done')
    case 'refusal':
      return messageItem(id, [refusalPart(part.text)], 'completed')
    case 'reasoning':
      return reasoningItem(id, part.redacted ? '' : part.text, part.opaque)
    case 'tool_call':
      return toolCallItem(
        id,
        { ...part, arguments: finalArguments(part) },
        'completed',
        part.namespace ?? namespaceOf(part.name),
      )
    case 'compaction':
      return compactionItem(id, part.opaque)
  }
}

export function reasoningFromItem(item: Obj): ReasoningPart {
  const summary = (asArr(item['summary']) ?? []).flatMap((s) => {
    const text = asStr(asObj(s)?.['text'])
    return text === undefined ? [] : [text]
  })
  const raw = (asArr(item['content']) ?? []).flatMap((c) => {
    const o = asObj(c)
    const text = asStr(o?.['text'])
    return o?.['type'] === 'reasoning_text' && text !== undefined ? [text] : []
  })
  const part: ReasoningPart =
    summary.length === 0 && raw.length > 0
      ? { type: 'reasoning', text: raw.join('\n\n'), channel: 'raw' }
      : { type: 'reasoning', text: summary.join('\n\n'), channel: 'summary' }
  const encrypted = asStr(item['encrypted_content'])
  if (encrypted) part.opaque = opaqueFromItem(encrypted, asStr(item['id']))
  return part
}

export function opaqueFromItem(encrypted: string, id: string | undefined): Opaque {
  const opaque = unpackOpaque(encrypted, 'openai-responses')
  // An envelope made by our own encoder already names the upstream item id; keep that one.
  if (opaque.dialect === 'openai-responses' && opaque.itemId === undefined && id) opaque.itemId = id
  return opaque
}

/** One output item → the canonical parts it carries (hosted-tool items carry none). */
export function outputItemToParts(item: Obj): AssistantPart[] {
  const id = asStr(item['id'])
  switch (item['type']) {
    case 'message':
      return (asArr(item['content']) ?? []).flatMap((c): AssistantPart[] => {
        const o = asObj(c)
        if (o?.['type'] === 'output_text') {
          const text = asStr(o['text']) ?? ''
          const citations = citationsFromAnnotations(o['annotations'], text)
          return [citations.length > 0 ? { type: 'text', text, citations } : { type: 'text', text }]
        }
        if (o?.['type'] === 'refusal') return [{ type: 'refusal', text: asStr(o['refusal']) ?? '' }]
        return []
      })
    case 'function_call':
    case 'custom_tool_call': {
      const custom = item['type'] === 'custom_tool_call'
      const part: ToolCallPart = {
        type: 'tool_call',
        callId: asStr(item['call_id']) || id || '',
        name: asStr(item['name']) ?? '',
        arguments: asStr(custom ? item['input'] : item['arguments']) ?? '',
        toolKind: custom ? 'custom' : 'function',
      }
      if (id) part.itemId = id
      const namespace = asStr(item['namespace'])
      if (namespace) part.namespace = namespace
      return [part]
    }
    case 'local_shell_call':
      return [
        {
          type: 'tool_call',
          callId: asStr(item['call_id']) || id || '',
          name: 'local_shell',
          arguments: JSON.stringify(item['action'] ?? {}),
          toolKind: 'function',
        },
      ]
    case 'reasoning': {
      const part = reasoningFromItem(item)
      return part.text === '' && !part.opaque ? [] : [part]
    }
    case 'compaction':
      return [compactionFromItem(item)]
    case 'web_search_call':
      return [searchCallPart(item)]
    case 'tool_search_call':
    case 'tool_search_output':
      return [{ type: 'tool_search', item: toJsonObject(item) }]
    default:
      return []
  }
}

/**
 * Output items → parts. Each search gets its result part: its sources, or the citations of the message
 * that answers it (the sources come only when the request included `web_search_call.action.sources`).
 */
export function outputItemsToParts(items: readonly Obj[]): AssistantPart[] {
  const parts: AssistantPart[] = []
  let pending: { callId: string; sources: string[]; failed: boolean; at: number }[] = []
  const settle = (citations: readonly Citation[]): void => {
    let unclaimed = [...citations]
    const results = pending.map((s) => {
      const outcome = searchOutcome(
        s.sources,
        s.sources.length > 0 ? citations : unclaimed,
        s.failed,
      )
      if (s.sources.length === 0 && !s.failed) unclaimed = []
      return { at: s.at, part: { type: 'web_search_result', callId: s.callId, outcome } as const }
    })
    // Each result goes right after its call; later positions first so earlier ones stay valid.
    for (const r of results.reverse()) parts.splice(r.at, 0, r.part)
    pending = []
  }
  for (const item of items) {
    const own = outputItemToParts(item)
    if (item['type'] === 'web_search_call') {
      parts.push(...own)
      pending.push({
        callId: asStr(item['id']) ?? '',
        sources: searchSourcesOf(item),
        failed: item['status'] === 'failed',
        at: parts.length,
      })
      continue
    }
    if (item['type'] !== 'reasoning' && !isToolSearchItem(item['type']))
      settle(own.flatMap((p) => (p.type === 'text' ? (p.citations ?? []) : [])))
    parts.push(...own)
  }
  settle([])
  return parts
}
