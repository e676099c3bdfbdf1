// The OpenAI Chat Completions dialect codec: the hub's reader and writer for `/v1/chat/completions`.
import type { DialectCodec } from '../codec.js'
import { decodeError, encodeError } from './errors.js'
import { decodeRequest } from './request-decode.js'
import { encodeRequest } from './request-encode.js'
import { decodeResponse, encodeResponse } from './response.js'
import { responseUsage } from './response-usage.js'
import { createStreamDecoder } from './stream-decoder.js'
import { createStreamEncoder } from './stream-encoder.js'
import { createStreamTap } from './stream-tap.js'

export const openaiChatCodec: DialectCodec = {
  dialect: 'openai-chat',
  decodeRequest,
  encodeRequest,
  createStreamDecoder,
  createStreamEncoder,
  createStreamTap,
  decodeResponse,
  encodeResponse,
  responseUsage,
  encodeError,
  decodeError,
}
