// The codec for each dialect: translating A→B is always decode with A's codec, encode with B's.
import { anthropicMessagesCodec } from './anthropic-messages/index.js'
import type { DialectCodec } from './codec.js'
import type { Dialect } from './dialects.js'
import { openaiChatCodec } from './openai-chat/index.js'
import { openaiResponsesCodec } from './openai-responses/index.js'

export const CODECS: Record<Dialect, DialectCodec> = {
  'anthropic-messages': anthropicMessagesCodec,
  'openai-responses': openaiResponsesCodec,
  'openai-chat': openaiChatCodec,
}

export function codecFor(dialect: Dialect): DialectCodec {
  return CODECS[dialect]
}
