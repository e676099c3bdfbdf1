// Canonical messages → Responses `input` items, with the replay rules for reasoning items (wire-protocols §2.2, §4.5).
import type { Downgrade } from '../codec.js'
import { limitId } from '../canonical/ids.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type {
  AssistantPart,
  CanonicalMessage,
  FilePart,
  ImagePart,
  ReasoningPart,
  TextPart,
  ToolResultPart,
  UserPart,
} from '../canonical/request.js'
import { TOOL_ERROR_PREFIX } from '../canonical/request.js'
import { dataUrl } from '../canonical/data-url.js'
import { webSearchQuery } from '../canonical/web-search.js'
import { responsesSearchId, webSearchItem } from './web-search.js'

export type Note = (note: Downgrade) => void

/** Responses limits `call_id` to 64 characters; the rewrite is stable, so results still match their calls. */
export function callIdFor(id: string): string {
  return limitId(id, 64)
}

function imagePart(part: ImagePart): JsonObject {
  const detail = part.detail ?? 'auto'
  switch (part.source.kind) {
    case 'base64':
      return {
        type: 'input_image',
        image_url: dataUrl(part.source.mediaType, part.source.data),
        detail,
      }
    case 'url':
      return { type: 'input_image', image_url: part.source.url, detail }
    case 'file_id':
      return { type: 'input_image', file_id: part.source.fileId, detail }
  }
}

function filePart(part: FilePart): JsonObject {
  if (part.text !== undefined) return { type: 'input_text', text: part.text }
  const out: JsonObject = { type: 'input_file' }
  const mediaType = part.mediaType ?? 'application/octet-stream'
  if (part.data !== undefined) out['file_data'] = dataUrl(mediaType, part.data)
  if (part.url !== undefined) out['file_url'] = part.url
  if (part.fileId !== undefined) out['file_id'] = part.fileId
  // OpenAI rejects inline file data without a filename.
  if (part.filename !== undefined) out['filename'] = part.filename
  else if (part.data !== undefined)
    out['filename'] = mediaType === 'application/pdf' ? 'document.pdf' : 'document'
  return out
}

function userContent(part: TextPart | ImagePart | FilePart): JsonObject {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text }
    case 'image':
      return imagePart(part)
    case 'file':
      return filePart(part)
  }
}

/** Text-only results go out as a string; with images or files, as an input part list. */
function toolOutput(part: ToolResultPart): JsonValue {
  const prefix = part.isError ? TOOL_ERROR_PREFIX : ''
  if (part.content.every((c) => c.type === 'text')) {
    return prefix + part.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')
  }
  const parts = part.content.map(userContent)
  if (prefix) {
    const first = parts[0]
    if (first?.['type'] === 'input_text') first['text'] = prefix + String(first['text'])
    else parts.unshift({ type: 'input_text', text: prefix.trim() })
  }
  return parts
}

function encodeUser(content: UserPart[], items: JsonObject[]): void {
  // Results go first, as their own items; the rest of the turn follows as one user message.
  const rest: JsonObject[] = []
  for (const part of content) {
    if (part.type === 'tool_result') {
      items.push({
        type: part.toolKind === 'custom' ? 'custom_tool_call_output' : 'function_call_output',
        call_id: callIdFor(part.callId),
        output: toolOutput(part),
      })
    } else {
      rest.push(userContent(part))
    }
  }
  if (rest.length > 0) items.push({ type: 'message', role: 'user', content: rest })
}

function reasoningItem(part: ReasoningPart): JsonObject | undefined {
  const opaque = part.opaque
  if (!opaque || opaque.dialect !== 'openai-responses' || part.redacted) return undefined
  const item: JsonObject = { type: 'reasoning' }
  if (opaque.itemId !== undefined) item['id'] = opaque.itemId
  item['summary'] = part.text ? [{ type: 'summary_text', text: part.text }] : []
  item['encrypted_content'] = opaque.value
  return item
}

function encodeAssistant(
  content: AssistantPart[],
  items: JsonObject[],
  reasoning: Set<JsonObject>,
  note: Note,
): void {
  let message: JsonObject[] = []
  const flush = (): void => {
    if (message.length > 0) items.push({ type: 'message', role: 'assistant', content: message })
    message = []
  }
  content.forEach((part, i) => {
    switch (part.type) {
      case 'text':
        if (part.text !== '')
          message.push({ type: 'output_text', text: part.text, annotations: [] })
        break
      case 'web_search_call': {
        flush()
        // Only a search a Responses upstream ran (it has its `ws_` item id) goes back as an item.
        const id = responsesSearchId(part.callId, part.itemId)
        if (id === undefined) {
          note({
            code: 'web_search_history_dropped',
            message:
              'A web search another provider ran cannot be replayed to a Responses upstream; it was left out (its answer text is kept).',
          })
          break
        }
        const next = content[i + 1]
        const outcome =
          next?.type === 'web_search_result' && next.callId === part.callId
            ? next.outcome
            : undefined
        items.push(webSearchItem(id, webSearchQuery(part.arguments), outcome, 'done'))
        break
      }
      case 'web_search_result':
        // Part of the web_search_call item above.
        break
      case 'refusal':
        message.push({ type: 'refusal', refusal: part.text })
        break
      case 'reasoning': {
        flush()
        const item = reasoningItem(part)
        if (item) {
          items.push(item)
          reasoning.add(item)
        } else {
          note({
            code: 'reasoning_dropped',
            message:
              "Reasoning without a Responses encrypted_content (another provider's thinking) cannot be replayed to a Responses upstream; dropped.",
          })
        }
        break
      }
      case 'tool_call': {
        flush()
        const item: JsonObject =
          part.toolKind === 'custom'
            ? {
                type: 'custom_tool_call',
                call_id: callIdFor(part.callId),
                name: part.name,
                input: part.arguments,
              }
            : {
                type: 'function_call',
                call_id: callIdFor(part.callId),
                name: part.name,
                arguments: part.arguments,
              }
        if (part.itemId !== undefined) item['id'] = part.itemId
        // A Responses upstream that offered the tool in a namespace finds the call by it.
        if (part.namespace !== undefined) item['namespace'] = part.namespace
        items.push(item)
        break
      }
      case 'tool_search':
        // Only a Responses client sends one: it goes back as it came, in its place.
        flush()
        items.push(part.item)
        break
      case 'compaction': {
        flush()
        // Only the Responses upstream that issued it can read it (DESIGN.md hub rule 2).
        if (part.opaque.dialect !== 'openai-responses') {
          note({
            code: 'compaction_dropped',
            message:
              'A compaction item from another dialect cannot be read by a Responses upstream; dropped.',
          })
          break
        }
        const item: JsonObject = { type: 'compaction', encrypted_content: part.opaque.value }
        if (part.opaque.itemId !== undefined) item['id'] = part.opaque.itemId
        items.push(item)
        break
      }
    }
  })
  flush()
}

function isAssistantOutput(item: JsonObject | undefined): boolean {
  if (!item) return false
  return (
    item['type'] === 'function_call' ||
    item['type'] === 'custom_tool_call' ||
    item['type'] === 'web_search_call' ||
    item['type'] === 'tool_search_call' ||
    item['type'] === 'tool_search_output' ||
    item['type'] === 'reasoning' ||
    (item['type'] === 'message' && item['role'] === 'assistant')
  )
}

export function encodeInput(messages: CanonicalMessage[], note: Note): JsonObject[] {
  const items: JsonObject[] = []
  const reasoning = new Set<JsonObject>()
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        items.push({
          type: 'message',
          role: 'developer',
          content: message.content.map(userContent),
        })
        break
      case 'user':
        encodeUser(message.content, items)
        break
      case 'assistant':
        encodeAssistant(message.content, items, reasoning, note)
        break
    }
  }
  // A reasoning item must be followed by the output it produced, or the upstream rejects the request.
  // Walk backwards so that a dropped reasoning item never counts as the follower of an earlier one.
  const kept: JsonObject[] = []
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]
    if (!item) continue
    if (reasoning.has(item) && !isAssistantOutput(kept[0])) {
      note({
        code: 'reasoning_unpaired',
        message:
          'A reasoning item not followed by its output item was dropped (Responses rejects it).',
      })
      continue
    }
    kept.unshift(item)
  }
  return kept
}
