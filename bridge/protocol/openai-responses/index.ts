// The OpenAI Responses codec: Codex CLI's dialect, and the ChatGPT/OpenAI Responses upstreams'.
import type { DialectCodec } from '../codec.js'
import { decodeError, encodeError } from './errors.js'
import { decodeRequest } from './request-decode.js'
import { encodeRequest } from './request-encode.js'
import { decodeResponse, encodeResponse } from './response.js'
import { responseUsage } from './response-usage.js'
import { createStreamDecoder } from './stream-decoder.js'
import { createStreamEncoder } from './stream-encoder.js'
import { createStreamTap } from './stream-tap.js'

export const openaiResponsesCodec: DialectCodec = {
  dialect: 'openai-responses',
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
