// Request headers for chatgpt.com/backend-api/codex, as the Codex CLI sends them (codex-backend.md §2.2).
import os from 'node:os'

/** A real Codex CLI release (seen in 2026-11 captures); `client_version` ≥ 0.153.0 unlocks the newest models. */
export const DEFAULT_CLIENT_VERSION = '0.169.0'
export const DEFAULT_ORIGINATOR = 'codex_cli_rs'

/** Which spelling of the session header to send: codex wrote `session_id`, 2026 clients `session-id`. */
export type SessionHeaderStyle = 'session_id' | 'session-id' | 'both'

export interface ChatgptHeaderOptions {
  /** `originator` header and user-agent prefix. Whether the backend checks it is unconfirmed. */
  originator?: string
  /** The `version` header and the user-agent version. */
  clientVersion?: string
  /** A fixed user-agent; default `{originator}/{version} ({os} {release}; {arch}) switchboard`. */
  userAgent?: string
  sessionHeader?: SessionHeaderStyle
  /** Also send the older `conversation_id` header (old codex, OCA). */
  conversationIdHeader?: boolean
  /** `OpenAI-Beta`; HTTP needs none (newer codex and CPA dropped `responses=experimental`). */
  openaiBeta?: string
  /** FedRAMP workspaces need `X-OpenAI-Fedramp: true`. */
  fedramp?: boolean
}

export interface ChatgptHeaderInput {
  accessToken: string
  accountId: string
  /** The conversation key (also the body's prompt_cache_key). */
  sessionId: string
  /** The client's request headers: Codex's own routing/telemetry headers are passed on. */
  incoming?: Record<string, string | string[] | undefined>
  options?: ChatgptHeaderOptions
}

/** Codex CLI headers worth keeping when Codex is the client: sticky routing within a turn, window ids. */
const FORWARDED = [
  'x-codex-turn-state',
  'x-codex-window-id',
  'x-codex-turn-metadata',
  'x-codex-beta-features',
  'x-codex-installation-id',
  'x-codex-parent-thread-id',
  'x-openai-subagent',
  'x-client-request-id',
]

export function defaultUserAgent(originator: string, version: string): string {
  return `${originator}/${version} (${os.type()} ${os.release()}; ${os.arch()}) switchboard`
}

export function chatgptHeaders(input: ChatgptHeaderInput): Record<string, string> {
  const o = input.options ?? {}
  const originator = o.originator ?? DEFAULT_ORIGINATOR
  const version = o.clientVersion ?? DEFAULT_CLIENT_VERSION
  const headers: Record<string, string> = {}
  for (const name of FORWARDED) {
    const value = input.incoming?.[name]
    if (typeof value === 'string' && value !== '') headers[name] = value
  }
  Object.assign(headers, {
    authorization: `Bearer ${input.accessToken}`,
    'chatgpt-account-id': input.accountId,
    'content-type': 'application/json',
    accept: 'text/event-stream',
    originator,
    'user-agent': o.userAgent ?? defaultUserAgent(originator, version),
    version,
  })
  const style = o.sessionHeader ?? 'both'
  if (style !== 'session-id') headers['session_id'] = input.sessionId
  if (style !== 'session_id') headers['session-id'] = input.sessionId
  if (o.conversationIdHeader) headers['conversation_id'] = input.sessionId
  if (o.openaiBeta) headers['openai-beta'] = o.openaiBeta
  if (o.fedramp) headers['x-openai-fedramp'] = 'true'
  return headers
}
