// One ChatGPT backend call put together (URL, headers, shaped body): the seam for a `chatgpt` provider.
import type { Downgrade } from '../../protocol/codec.js'
import type { JsonObject } from '../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { ConversationKey } from './conversation-key.js'
import { conversationKeyFor } from './conversation-key.js'
import type { ChatgptHeaderOptions } from './headers.js'
import { chatgptHeaders } from './headers.js'
import type { ChatgptModelInfo } from './model-catalog.js'
import type { ShapeOptions } from './shape-request.js'
import { shapeChatgptBody } from './shape-request.js'

export const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/codex'

/** Behaviour the reference could not pin down, as settings. */
export interface ChatgptCallSettings {
  headers?: ChatgptHeaderOptions
  shape?: Omit<ShapeOptions, 'conversationKey' | 'model'>
}

export interface ChatgptCallInput {
  baseUrl: string
  accessToken: string
  accountId: string
  /** The client's request headers (session ids, Codex routing headers). */
  incoming: Record<string, string | string[] | undefined>
  /** The decoded client request (for the conversation key). */
  canonical: CanonicalRequest
  /** The Responses body: the codec's encodeRequest output, or a Responses client's own body. */
  body: JsonObject
  /** The target model's facts (ChatgptModels.info), to clamp effort and verbosity. */
  model?: ChatgptModelInfo
  settings?: ChatgptCallSettings
}

export interface ChatgptCall {
  url: string
  headers: Record<string, string>
  body: JsonObject
  notes: Downgrade[]
  conversation: ConversationKey
  /** Values the request log must redact. */
  secrets: string[]
}

export function chatgptResponsesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '')
  return base.endsWith('/responses') ? base : `${base}/responses`
}

export function prepareChatgptCall(input: ChatgptCallInput): ChatgptCall {
  const conversation = conversationKeyFor(input.incoming, input.canonical)
  const shaped = shapeChatgptBody(input.body, {
    ...input.settings?.shape,
    conversationKey: conversation.key,
    ...(input.model ? { model: input.model } : {}),
  })
  const headers = chatgptHeaders({
    accessToken: input.accessToken,
    accountId: input.accountId,
    sessionId: conversation.sessionId,
    incoming: input.incoming,
    ...(input.settings?.headers ? { options: input.settings.headers } : {}),
  })
  return {
    url: chatgptResponsesUrl(input.baseUrl),
    headers,
    body: shaped.body,
    notes: shaped.notes,
    conversation,
    secrets: [input.accessToken],
  }
}
