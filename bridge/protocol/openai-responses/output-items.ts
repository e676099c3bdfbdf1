// Canonical assistant parts → Responses output items, shared by the stream codecs and the non-stream codec
// (reading them back: output-item-parts.ts).
import type { BlockStart } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { Opaque } from '../canonical/opaque.js'
import { opaqueSlotFor, packOpaque } from '../canonical/opaque.js'
import type { AssistantPart, ToolCallPart } from '../canonical/request.js'
import type { WebSearchOutcome } from '../canonical/web-search.js'
import { webSearchQuery } from '../canonical/web-search.js'
import { annotationFor, responsesSearchId, webSearchItem } from './web-search.js'

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
