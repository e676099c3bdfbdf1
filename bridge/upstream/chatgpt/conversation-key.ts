// A stable per-conversation key for prompt_cache_key and the session header (codex-backend.md §2.3, §4.4).
import { createHash } from 'node:crypto'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

export type ConversationKeySource =
  | 'prompt_cache_key'
  | 'codex-session-header'
  | 'claude-code-session-header'
  | 'claude-code-metadata'
  | 'content-hash'

export interface ConversationKey {
  /** The body's prompt_cache_key. */
  key: string
  /** The session header value (the same string, as codex sends it). */
  sessionId: string
  source: ConversationKeySource
}

type IncomingHeaders = Record<string, string | string[] | undefined>

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/
const CODEX_SESSION_HEADERS = ['session-id', 'session_id', 'conversation_id', 'thread-id']

/** A UUID-shaped digest, so derived keys look like the thread ids Codex sends. */
export function uuidFromText(text: string): string {
  const h = createHash('sha256').update(text).digest('hex')
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  const v = headers[name]
  const value = Array.isArray(v) ? v[0] : v
  return value && value.trim() !== '' ? value.trim() : undefined
}

/** Client values go out as a header: anything unusual is hashed instead of forwarded. */
function safe(value: string): string {
  return SAFE.test(value) ? value : uuidFromText(value)
}

/** Claude Code's `metadata.user_id`: a JSON string with `session_id` (2026), or `user_…_session_<uuid>` (2025). */
export function sessionFromUserId(userId: string | undefined): string | undefined {
  if (!userId) return undefined
  try {
    const parsed: unknown = parseJson(userId)
    if (typeof parsed === 'object' && parsed !== null && 'session_id' in parsed) {
      const id = (parsed as { session_id: unknown }).session_id
      if (typeof id === 'string' && id !== '') return id
    }
  } catch {
    // Not JSON: try the older underscore format below.
  }
  return /_session_([0-9a-zA-Z-]{8,})$/.exec(userId)?.[1]
}

function firstUserText(req: CanonicalRequest): string {
  const first = req.messages.find((m) => m.role === 'user')
  if (!first) return ''
  return first.content
    .map((p) => (p.type === 'text' ? p.text : p.type === 'tool_result' ? p.callId : ''))
    .join('\n')
}

export function conversationKeyFor(
  headers: IncomingHeaders,
  req: CanonicalRequest,
): ConversationKey {
  const make = (value: string, source: ConversationKeySource): ConversationKey => {
    const key = safe(value)
    return { key, sessionId: key, source }
  }
  if (req.promptCacheKey) return make(req.promptCacheKey, 'prompt_cache_key')
  for (const name of CODEX_SESSION_HEADERS) {
    const value = header(headers, name)
    if (value) return make(value, 'codex-session-header')
  }
  const claudeSession = header(headers, 'x-claude-code-session-id')
  if (claudeSession) {
    // Subagents share the session id but not the prompt; their own key keeps each cache prefix warm.
    const agent = header(headers, 'x-claude-code-agent-id')
    return make(
      agent ? uuidFromText(`${claudeSession}\n${agent}`) : claudeSession,
      'claude-code-session-header',
    )
  }
  const fromMetadata = sessionFromUserId(req.user)
  if (fromMetadata) return make(fromMetadata, 'claude-code-metadata')
  const system = req.system.map((p) => p.text).join('\n\n')
  return make(uuidFromText(`${req.model}\n${system}\n${firstUserText(req)}`), 'content-hash')
}
