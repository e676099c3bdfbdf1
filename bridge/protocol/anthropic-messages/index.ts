// The Anthropic Messages codec: wires this folder's decoders and encoders into the DialectCodec contract.
import type { DialectCodec } from '../codec.js'
import { decodeAnthropicError, encodeAnthropicError } from './errors.js'
import { decodeAnthropicRequest } from './request-decode.js'
import { encodeAnthropicRequest } from './request-encode.js'
import { decodeAnthropicResponse, encodeAnthropicResponse } from './response.js'
import { responseUsage } from './response-usage.js'
import { createAnthropicStreamDecoder } from './stream-decoder.js'
import { createAnthropicStreamEncoder } from './stream-encoder.js'
import { createStreamTap } from './stream-tap.js'

export const anthropicMessagesCodec: DialectCodec = {
  dialect: 'anthropic-messages',
  decodeRequest: (body) => decodeAnthropicRequest(body),
  encodeRequest: (request) => encodeAnthropicRequest(request),
  createStreamDecoder: (options) => createAnthropicStreamDecoder(options),
  createStreamEncoder: (options) => createAnthropicStreamEncoder(options),
  createStreamTap: (options) => createStreamTap(options),
  decodeResponse: (body, options) => decodeAnthropicResponse(body, options),
  encodeResponse: (response, options) => encodeAnthropicResponse(response, options),
  responseUsage: (body) => responseUsage(body),
  encodeError: (error) => encodeAnthropicError(error),
  decodeError: (status, body) => decodeAnthropicError(status, body),
}

export { decodeAnthropicRequest } from './request-decode.js'
export type { AnthropicDecodeOptions } from './request-decode.js'
export { DEFAULT_MAX_TOKENS } from './request-encode.js'
export { PING_FRAME } from './stream-encoder.js'
