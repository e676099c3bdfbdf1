// Anthropic non-stream Message ↔ CanonicalResponse, and the error envelopes.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec as codec } from '../../../protocol/anthropic-messages/index.js'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { encoderOptions, testContext } from '../../helpers/context.js'

const MESSAGE = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', thinking: 'Let me check.', signature: 'EqQBCgIYAh' },
    { type: 'text', text: "I'll check.", citations: null },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
    { type: 'server_tool_use', id: 'srvtoolu_2', name: 'web_fetch', input: { url: 'u' } },
    {
      type: 'tool_use',
      id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
      name: 'get_weather',
      input: { location: 'Paris' },
      caller: { type: 'direct' },
    },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  stop_details: null,
  usage: {
    input_tokens: 377,
    cache_creation_input_tokens: 10,
    cache_read_input_tokens: 100,
    output_tokens: 65,
    service_tier: 'standard',
  },
}

describe('anthropic responses', () => {
  it('decodes a Message: web search kept, other server-tool blocks skipped', () => {
    const r = codec.decodeResponse(MESSAGE, testContext())
    expect(r).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5',
      content: [
        {
          type: 'reasoning',
          text: 'Let me check.',
          channel: 'raw',
          opaque: { dialect: 'anthropic-messages', value: 'EqQBCgIYAh' },
        },
        { type: 'text', text: "I'll check." },
        { type: 'web_search_call', callId: 'srvtoolu_1', arguments: '{"query":"q"}' },
        {
          type: 'tool_call',
          callId: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
          name: 'get_weather',
          arguments: '{"location":"Paris"}',
          toolKind: 'function',
        },
      ],
      stopReason: 'tool_use',
      usage: {
        inputTokens: 487,
        cachedInputTokens: 100,
        cacheWriteTokens: 10,
        outputTokens: 65,
        reasoningTokens: 0,
        webSearchRequests: 0,
      },
    })
  })

  it('unwraps custom tool input when the request declared the tool custom', () => {
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      messages: [],
      stream: false,
      tools: [{ kind: 'custom', name: 'apply_patch' }],
      extras: { dialect: 'openai-responses', fields: {} },
    }
    const body = {
      ...MESSAGE,
      content: [
        { type: 'tool_use', id: 'toolu_1', name: 'apply_patch', input: { input: 'PATCH' } },
      ],
    }
    expect(codec.decodeResponse(body, { ...testContext(), request }).content).toEqual([
      {
        type: 'tool_call',
        callId: 'toolu_1',
        name: 'apply_patch',
        arguments: 'PATCH',
        toolKind: 'custom',
      },
    ])
  })

  it('rejects what is not a Message', () => {
    expect(() => codec.decodeResponse({ type: 'error', error: {} }, testContext())).toThrow(
      ProtocolError,
    )
    expect(() => codec.decodeResponse('x', testContext())).toThrow(ProtocolError)
  })

  it('encodes a response; decode(encode(r)) gives r back', () => {
    const response: CanonicalResponse = {
      id: 'msg_1',
      model: 'ignored',
      stopReason: 'stop_sequence',
      stopSequence: '###',
      content: [
        {
          type: 'reasoning',
          text: 'hmm',
          channel: 'raw',
          opaque: { dialect: 'anthropic-messages', value: 'EqSig' },
        },
        {
          type: 'reasoning',
          text: '',
          channel: 'raw',
          redacted: true,
          opaque: { dialect: 'anthropic-messages', value: 'EmwData' },
        },
        { type: 'text', text: 'Answer' },
        {
          type: 'tool_call',
          callId: 'call_1',
          name: 'f',
          arguments: '{"a":1}',
          toolKind: 'function',
        },
      ],
      usage: {
        inputTokens: 120,
        cachedInputTokens: 100,
        cacheWriteTokens: 0,
        outputTokens: 9,
        reasoningTokens: 0,
        webSearchRequests: 0,
      },
    }
    const body = codec.encodeResponse(response, encoderOptions('client-model'))
    expect(body).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'client-model',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'EqSig' },
        { type: 'redacted_thinking', data: 'EmwData' },
        { type: 'text', text: 'Answer' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
      usage: {
        input_tokens: 20,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 100,
        output_tokens: 9,
      },
    })
    expect(codec.decodeResponse(body, testContext())).toEqual({
      ...response,
      model: 'client-model',
    })
  })

  it('encodes errors with the kind status unless one is given', () => {
    expect(codec.encodeError({ kind: 'overloaded', message: 'Overloaded' })).toEqual({
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    })
    expect(
      codec.encodeError({ kind: 'invalid_request', message: 'bad', status: 422, param: 'x' })
        .status,
    ).toBe(422)
  })

  it('decodes error envelopes and falls back to the status', () => {
    const body = {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of requests exceeded' },
      request_id: 'req_1',
    }
    expect(codec.decodeError(429, body)).toEqual({
      kind: 'rate_limit',
      status: 429,
      message: 'Number of requests exceeded',
    })
    expect(codec.decodeError(503, '<html>down</html>')).toEqual({
      kind: 'overloaded',
      status: 503,
      message: '<html>down</html>',
    })
    expect(codec.decodeError(401, null)).toEqual({
      kind: 'authentication',
      status: 401,
      message: 'upstream returned HTTP 401',
    })
  })
})
