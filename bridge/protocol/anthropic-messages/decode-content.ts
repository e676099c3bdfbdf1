// Anthropic request messages and content blocks → canonical messages and parts (wire-protocols §1.3, §4.2).
import { invalidRequest } from '../canonical/errors.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject } from '../canonical/json.js'
import { unpackOpaque } from '../canonical/opaque.js'
import type {
  AssistantPart,
  CanonicalMessage,
  FilePart,
  ImagePart,
  ReasoningPart,
  TextPart,
  ToolResultContent,
  UserPart,
} from '../canonical/request.js'
import { asArray, asObject, hasCache, join, optBoolean, optString, reqString } from './fields.js'
import { searchOutcomeFromAnthropic } from './web-search.js'

export function textPart(text: string, cache: boolean): TextPart {
  return cache ? { type: 'text', text, cache: true } : { type: 'text', text }
}

function decodeImage(block: JsonObject, path: string): ImagePart {
  const at = join(path, 'source')
  const source = asObject(block['source'], at)
  const kind = reqString(source, 'type', at)
  switch (kind) {
    case 'base64':
      return {
        type: 'image',
        source: {
          kind: 'base64',
          mediaType: reqString(source, 'media_type', at),
          data: reqString(source, 'data', at),
        },
      }
    case 'url':
      return { type: 'image', source: { kind: 'url', url: reqString(source, 'url', at) } }
    case 'file':
      return {
        type: 'image',
        source: { kind: 'file_id', fileId: reqString(source, 'file_id', at) },
      }
    default:
      throw invalidRequest(`${at}.type: unknown image source type '${kind}'`, `${at}.type`)
  }
}

/** Text of nested content blocks (document `content` sources, search results); other blocks are skipped. */
function nestedText(value: unknown): string {
  if (typeof value === 'string') return value
  if (!Array.isArray(value)) return ''
  const texts: string[] = []
  for (const b of value) if (isJsonObject(b) && typeof b['text'] === 'string') texts.push(b['text'])
  return texts.join('\n')
}

function decodeDocument(block: JsonObject, path: string): FilePart {
  const at = join(path, 'source')
  const source = asObject(block['source'], at)
  const kind = reqString(source, 'type', at)
  const title = optString(block, 'title', path)
  const part: FilePart = { type: 'file' }
  switch (kind) {
    case 'base64':
      part.mediaType = reqString(source, 'media_type', at)
      part.data = reqString(source, 'data', at)
      break
    case 'text':
      part.mediaType = optString(source, 'media_type', at) ?? 'text/plain'
      part.text = reqString(source, 'data', at)
      break
    case 'content':
      part.mediaType = 'text/plain'
      part.text = nestedText(source['content'])
      break
    case 'url':
      part.url = reqString(source, 'url', at)
      if (/\.pdf($|\?)/i.test(part.url)) part.mediaType = 'application/pdf'
      break
    case 'file':
      part.fileId = reqString(source, 'file_id', at)
      break
    default:
      throw invalidRequest(`${at}.type: unknown document source type '${kind}'`, `${at}.type`)
  }
  if (title !== undefined) part.filename = title
  return part
}

/** Search results have no canonical form; they degrade to text with their title and source (§4.10). */
function decodeSearchResult(block: JsonObject, path: string): TextPart {
  const title = optString(block, 'title', path) ?? ''
  const source = optString(block, 'source', path) ?? ''
  const head = [title, source].filter((s) => s !== '').join(' — ')
  const body = nestedText(block['content'])
  return textPart(head === '' ? body : `${head}\n${body}`, hasCache(block))
}

function decodeToolResultContent(value: unknown, path: string): ToolResultContent[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  const out: ToolResultContent[] = []
  asArray(value, path).forEach((item, i) => {
    const at = join(path, i)
    const block = asObject(item, at)
    const type = reqString(block, 'type', at)
    if (type === 'text') out.push(textPart(reqString(block, 'text', at), hasCache(block)))
    else if (type === 'image') out.push(decodeImage(block, at))
    else if (type === 'document') out.push(decodeDocument(block, at))
    else if (type === 'search_result') out.push(decodeSearchResult(block, at))
    // tool_reference and future block types have no canonical meaning inside a result.
  })
  return out
}

function decodeThinking(block: JsonObject, path: string): ReasoningPart {
  const text = reqString(block, 'thinking', path)
  const signature = optString(block, 'signature', path)
  const part: ReasoningPart = { type: 'reasoning', text, channel: 'raw' }
  if (signature) part.opaque = unpackOpaque(signature, 'anthropic-messages')
  return part
}

type Decoded =
  | { side: 'user'; part: UserPart }
  | { side: 'assistant'; part: AssistantPart }
  | { side: 'both'; part: TextPart }
  | undefined

/** Web-search blocks become hub parts (each encoder decides what its upstream can take back); other
 * server-tool blocks are dropped: only Anthropic can replay them, and same-dialect traffic passes through
 * untranslated (DESIGN.md hub rule 6). */
function decodeBlock(block: JsonObject, path: string): Decoded {
  const type = reqString(block, 'type', path)
  switch (type) {
    case 'text':
      return { side: 'both', part: textPart(reqString(block, 'text', path), hasCache(block)) }
    case 'image':
      return { side: 'user', part: decodeImage(block, path) }
    case 'document':
      return { side: 'user', part: decodeDocument(block, path) }
    case 'search_result':
      return { side: 'both', part: decodeSearchResult(block, path) }
    case 'tool_result': {
      const content = decodeToolResultContent(block['content'], join(path, 'content'))
      // ToolResultPart has no cache flag: a breakpoint on the block moves onto its last text, which caches
      // the same prefix; the encoder hoists it back onto the block.
      const last = content.at(-1)
      if (hasCache(block) && last?.type === 'text') last.cache = true
      const part: UserPart = {
        type: 'tool_result',
        callId: reqString(block, 'tool_use_id', path),
        content,
        toolKind: 'function',
      }
      if (optBoolean(block, 'is_error', path) === true) part.isError = true
      return { side: 'user', part }
    }
    case 'tool_use': {
      const input = block['input']
      return {
        side: 'assistant',
        part: {
          type: 'tool_call',
          callId: reqString(block, 'id', path),
          name: reqString(block, 'name', path),
          arguments: JSON.stringify(input === undefined ? {} : input),
          toolKind: 'function',
        },
      }
    }
    case 'server_tool_use': {
      if (block['name'] !== 'web_search') return undefined
      const input = block['input']
      return {
        side: 'assistant',
        part: {
          type: 'web_search_call',
          callId: reqString(block, 'id', path),
          arguments: JSON.stringify(input ?? {}),
        },
      }
    }
    case 'web_search_tool_result':
      return {
        side: 'assistant',
        part: {
          type: 'web_search_result',
          callId: reqString(block, 'tool_use_id', path),
          outcome: searchOutcomeFromAnthropic(block['content']),
        },
      }
    case 'thinking':
      return { side: 'assistant', part: decodeThinking(block, path) }
    case 'redacted_thinking':
      return {
        side: 'assistant',
        part: {
          type: 'reasoning',
          text: '',
          channel: 'raw',
          redacted: true,
          opaque: unpackOpaque(reqString(block, 'data', path), 'anthropic-messages'),
        },
      }
    default:
      return undefined
  }
}

function wrongRole(path: string, type: string, role: string): never {
  throw invalidRequest(
    `${path}.type: '${type}' blocks are not allowed in ${role} messages`,
    `${path}.type`,
  )
}

export function decodeMessage(value: unknown, path: string): CanonicalMessage {
  const msg = asObject(value, path)
  const roleValue = msg['role']
  if (roleValue !== 'user' && roleValue !== 'assistant' && roleValue !== 'system') {
    throw invalidRequest(
      `${path}.role: Input should be 'user', 'assistant' or 'system'`,
      `${path}.role`,
    )
  }
  const role = roleValue
  const content = msg['content']
  const at = join(path, 'content')
  if (typeof content === 'string') {
    return { role, content: [textPart(content, false)] }
  }
  const blocks = asArray(content, at)
  if (role === 'system') {
    const parts: TextPart[] = []
    blocks.forEach((b, i) => {
      const bp = join(at, i)
      const block = asObject(b, bp)
      if (reqString(block, 'type', bp) === 'text')
        parts.push(textPart(reqString(block, 'text', bp), hasCache(block)))
    })
    return { role, content: parts }
  }
  const user: UserPart[] = []
  const assistant: AssistantPart[] = []
  blocks.forEach((b, i) => {
    const bp = join(at, i)
    const decoded = decodeBlock(asObject(b, bp), bp)
    if (decoded === undefined) return
    if (decoded.side === 'both') (role === 'user' ? user : assistant).push(decoded.part)
    else if (decoded.side === 'user') {
      if (role !== 'user') wrongRole(bp, decoded.part.type, role)
      user.push(decoded.part)
    } else {
      if (role !== 'assistant') wrongRole(bp, decoded.part.type, role)
      assistant.push(decoded.part)
    }
  })
  return role === 'user' ? { role, content: user } : { role, content: assistant }
}

/** `system`: a string or an array of text blocks. */
export function decodeSystem(value: unknown): TextPart[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value === '' ? [] : [textPart(value, false)]
  const parts: TextPart[] = []
  asArray(value, 'system').forEach((b, i) => {
    const at = join('system', i)
    const block = asObject(b, at)
    const type = reqString(block, 'type', at)
    if (type !== 'text')
      throw invalidRequest(`${at}.type: system blocks must be text`, `${at}.type`)
    parts.push(textPart(reqString(block, 'text', at), hasCache(block)))
  })
  return parts
}
