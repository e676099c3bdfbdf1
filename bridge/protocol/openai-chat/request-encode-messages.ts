// Canonical conversation → Chat `messages[]`: tool messages right after their call, text-only tool content, ids ≤40 (wire-protocols §4.4).
import type { Downgrade, EncodeRequestOptions } from '../codec.js'
import { limitId } from '../canonical/ids.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type {
  AssistantPart,
  CanonicalRequest,
  FilePart,
  ImagePart,
  TextPart,
  ToolResultPart,
  UserPart,
} from '../canonical/request.js'
import { dataUrl } from '../canonical/data-url.js'
import { TOOL_ERROR_PREFIX } from '../canonical/request.js'

export const CHAT_ID_MAX = 40

/** Notes are deduplicated by code so that a long history does not repeat the same downgrade. */
export class Notes {
  readonly list: Downgrade[] = []
  add(code: string, message: string): void {
    if (!this.list.some((n) => n.code === code && n.message === message))
      this.list.push({ code, message })
  }
}

function joinText(parts: readonly { text: string }[]): string {
  return parts.map((p) => p.text).join('\n\n')
}

function imageToChat(part: ImagePart, notes: Notes): JsonObject | undefined {
  let url: string
  switch (part.source.kind) {
    case 'base64':
      url = dataUrl(part.source.mediaType, part.source.data)
      break
    case 'url':
      url = part.source.url
      break
    case 'file_id':
      notes.add(
        'image_file_id_dropped',
        'an image given by file id cannot be sent to a Chat upstream; it was dropped',
      )
      return undefined
  }
  const image: JsonObject = { url }
  if (part.detail && part.detail !== 'original') image['detail'] = part.detail
  return { type: 'image_url', image_url: image }
}

function fileToChat(part: FilePart, notes: Notes): JsonObject | undefined {
  if (part.text !== undefined) return { type: 'text', text: part.text }
  const file: JsonObject = {}
  if (part.data !== undefined)
    file['file_data'] = dataUrl(part.mediaType ?? 'application/pdf', part.data)
  else if (part.fileId !== undefined) file['file_id'] = part.fileId
  else {
    notes.add(
      'file_url_dropped',
      'a document given by URL cannot be sent to a Chat upstream; it was dropped',
    )
    return undefined
  }
  if (part.filename !== undefined) file['filename'] = part.filename
  return { type: 'file', file }
}

function userContent(parts: readonly (TextPart | ImagePart | FilePart)[], notes: Notes): JsonValue {
  const first = parts[0]
  if (!first) return ''
  if (parts.length === 1 && first.type === 'text') return first.text
  const out: JsonObject[] = []
  for (const p of parts) {
    let encoded: JsonObject | undefined
    switch (p.type) {
      case 'text':
        encoded = { type: 'text', text: p.text }
        break
      case 'image':
        encoded = imageToChat(p, notes)
        break
      case 'file':
        encoded = fileToChat(p, notes)
        break
    }
    if (encoded) out.push(encoded)
  }
  return out
}

/** The `tool` message text; media the tool message cannot hold is returned for the following user turn. */
function toolMessage(part: ToolResultPart, moved: (ImagePart | FilePart)[]): JsonObject {
  const texts: string[] = []
  for (const c of part.content) {
    switch (c.type) {
      case 'text':
        texts.push(c.text)
        break
      case 'file':
        if (c.text !== undefined) {
          texts.push(c.text)
          break
        }
        moved.push(c)
        texts.push('[document attached in the next user message]')
        break
      case 'image':
        moved.push(c)
        texts.push('[image attached in the next user message]')
        break
    }
  }
  const text = texts.join('\n\n')
  return {
    role: 'tool',
    tool_call_id: limitId(part.callId, CHAT_ID_MAX),
    content: part.isError ? TOOL_ERROR_PREFIX + text : text,
  }
}

function userMessages(content: readonly UserPart[], notes: Notes): JsonObject[] {
  const out: JsonObject[] = []
  const moved: (ImagePart | FilePart)[] = []
  const rest: (TextPart | ImagePart | FilePart)[] = []
  for (const part of content) {
    if (part.type === 'tool_result') out.push(toolMessage(part, moved))
    else rest.push(part)
  }
  if (moved.length > 0)
    notes.add(
      'tool_result_media_moved',
      'Chat tool messages hold text only; tool-result images and documents were moved into a user message',
    )
  const user = [...moved, ...rest]
  if (user.length > 0 || out.length === 0)
    out.push({ role: 'user', content: userContent(user, notes) })
  return out
}

function assistantMessage(
  content: readonly AssistantPart[],
  options: EncodeRequestOptions,
  notes: Notes,
): JsonObject {
  const texts: TextPart[] = []
  const refusals: string[] = []
  const reasoning: string[] = []
  const calls: JsonObject[] = []
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push(part)
        break
      case 'refusal':
        refusals.push(part.text)
        break
      case 'reasoning':
        if (!part.redacted && part.text) reasoning.push(part.text)
        break
      case 'compaction':
      case 'tool_search':
        // Filtered out (with its note) before the turn is built.
        break
      case 'web_search_call':
      case 'web_search_result':
        notes.add(
          'web_search_history_dropped',
          'an earlier hosted web search has no Chat Completions form; it was left out (its answer text is kept)',
        )
        break
      case 'tool_call': {
        let args = part.arguments
        if (part.toolKind === 'custom') {
          args = JSON.stringify({ input: part.arguments })
          notes.add(
            'custom_tool_as_function',
            `custom tool call ${part.name} was sent as a function call with {"input": …}`,
          )
        }
        calls.push({
          id: limitId(part.callId, CHAT_ID_MAX),
          type: 'function',
          function: { name: part.name, arguments: args === '' ? '{}' : args },
        })
        break
      }
    }
  }
  const msg: JsonObject = {
    role: 'assistant',
    content: texts.length > 0 ? joinText(texts) : calls.length > 0 ? null : '',
  }
  if (refusals.length > 0) msg['refusal'] = refusals.join('\n\n')
  const field = options.chatReasoningField ?? 'none'
  if (reasoning.length > 0) {
    if (field === 'none')
      notes.add(
        'reasoning_dropped',
        'assistant reasoning text was not sent back (chatReasoningField is none)',
      )
    else msg[field] = reasoning.join('\n\n')
  }
  if (calls.length > 0) msg['tool_calls'] = calls
  return msg
}

export function encodeMessages(
  req: CanonicalRequest,
  options: EncodeRequestOptions,
  notes: Notes,
): JsonObject[] {
  const out: JsonObject[] = []
  if (req.system.length > 0) out.push({ role: 'system', content: joinText(req.system) })
  for (const msg of req.messages) {
    switch (msg.role) {
      case 'system':
        out.push({ role: 'system', content: joinText(msg.content) })
        break
      case 'user':
        out.push(...userMessages(msg.content, notes))
        break
      case 'assistant': {
        const content = msg.content.filter(
          (p) => p.type !== 'compaction' && p.type !== 'tool_search',
        )
        if (msg.content.some((p) => p.type === 'compaction'))
          notes.add(
            'compaction_dropped',
            'a compaction item issued by a Responses upstream cannot be read by a Chat upstream; the context it held is lost',
          )
        // The tools it loaded are offered instead (CanonicalRequest.loadedTools), so later calls to them still work.
        if (msg.content.some((p) => p.type === 'tool_search'))
          notes.add(
            'tool_search_history_dropped',
            'a Responses tool search step has no Chat Completions form; it was left out (the tools it loaded are offered)',
          )
        if (content.length > 0) out.push(assistantMessage(content, options, notes))
        break
      }
    }
  }
  // Some OpenAI-compatible servers reject a history without any user or system turn (LiteLLM #42473);
  // an empty user turn at the start satisfies them and changes nothing for the model.
  if (!out.some((m) => m['role'] === 'user' || m['role'] === 'system')) {
    out.unshift({ role: 'user', content: '' })
    notes.add(
      'empty_user_turn_inserted',
      'the conversation had no user or system message; an empty user turn was inserted',
    )
  }
  return out
}
