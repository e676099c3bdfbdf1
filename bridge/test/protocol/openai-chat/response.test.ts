// Non-stream chat.completion ↔ CanonicalResponse, error envelopes, and encoder → decoder round trips.
import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import { accumulate, responseToEvents } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import { encoderOptions, testContext } from '../../helpers/context.js'
import { decodeFrames } from './decode-helpers.js'

const RESPONSE: CanonicalResponse = {
  id: 'msg_1',
  model: 'up',
  content: [
    { type: 'reasoning', text: 'why', channel: 'raw' },
    { type: 'text', text: 'Here.' },
    {
      type: 'tool_call',
      callId: 'call_a',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      toolKind: 'function',
    },
  ],
  stopReason: 'tool_use',
  usage: {
    inputTokens: 82,
    cachedInputTokens: 10,
    cacheWriteTokens: 0,
    outputTokens: 17,
    reasoningTokens: 3,
    webSearchRequests: 0,
  },
}

describe('openai-chat responses', () => {
  it('encodeResponse writes a chat.completion (§3.4)', () => {
    expect(openaiChatCodec.encodeResponse(RESPONSE, encoderOptions('client-model'))).toEqual({
      id: 'chatcmpl-test0001',
      object: 'chat.completion',
      created: 1_763_900_000,
      model: 'client-model',
      choices: [
        {
          index: 0,
          logprobs: null,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Here.',
            refusal: null,
            annotations: [],
            reasoning_content: 'why',
            tool_calls: [
              {
                id: 'call_a',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 82,
        completion_tokens: 17,
        total_tokens: 99,
        prompt_tokens_details: { cached_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 3 },
      },
    })
  })

  it('decodeResponse reads it back, reasoning first; refusal and finish_reason mapped', () => {
    const body = openaiChatCodec.encodeResponse(RESPONSE, encoderOptions('client-model'))
    const back = openaiChatCodec.decodeResponse(body, testContext())
    expect(back).toEqual({ ...RESPONSE, id: 'chatcmpl-test0001', model: 'client-model' })
    const refusal = openaiChatCodec.decodeResponse(
      {
        id: 'chatcmpl-r',
        model: 'gpt',
        choices: [
          {
            index: 0,
            finish_reason: 'content_filter',
            message: { role: 'assistant', content: null, refusal: 'No.', reasoning: 'r' },
          },
        ],
      },
      testContext(),
    )
    expect(refusal).toEqual({
      id: 'chatcmpl-r',
      model: 'gpt',
      content: [
        { type: 'reasoning', text: 'r', channel: 'raw' },
        { type: 'refusal', text: 'No.' },
      ],
      stopReason: 'refusal',
      usage: {
        inputTokens: 0,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
        webSearchRequests: 0,
      },
    })
  })

  it('decodeResponse rejects non-completions and turns error bodies into ProtocolError', () => {
    expect(() => openaiChatCodec.decodeResponse({ object: 'list' }, testContext())).toThrow(
      ProtocolError,
    )
    try {
      openaiChatCodec.decodeResponse(
        { error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' } },
        testContext(),
      )
      expect.unreachable()
    } catch (e) {
      expect(e instanceof ProtocolError && e.error.kind).toBe('invalid_request')
    }
  })

  it('encodeError uses the OpenAI envelope; overloaded goes out as 503', () => {
    expect(
      openaiChatCodec.encodeError({
        kind: 'invalid_request',
        message: 'bad',
        param: 'messages[2].role',
      }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          message: 'bad',
          type: 'invalid_request_error',
          param: 'messages[2].role',
          code: null,
        },
      },
    })
    expect(openaiChatCodec.encodeError({ kind: 'overloaded', message: 'busy' })).toEqual({
      status: 503,
      body: {
        error: { message: 'busy', type: 'server_error', param: null, code: 'server_is_overloaded' },
      },
    })
    expect(
      openaiChatCodec.encodeError({
        kind: 'rate_limit',
        message: 'slow down',
        retryAfterSeconds: 3,
      }).body,
    ).toEqual({
      error: {
        message: 'slow down Please try again in 3s.',
        type: 'rate_limit_exceeded',
        param: null,
        code: 'rate_limit_exceeded',
      },
    })
  })

  it('decodeError reads OpenAI bodies, plain strings and non-JSON text', () => {
    expect(
      openaiChatCodec.decodeError(429, {
        error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' },
      }),
    ).toEqual({
      kind: 'billing',
      status: 429,
      message: 'quota',
      code: 'insufficient_quota',
    })
    expect(
      openaiChatCodec.decodeError(
        400,
        '{"error":{"message":"too long","type":"invalid_request_error","param":"messages[0].tool_calls[0].id","code":"string_above_max_length"}}',
      ),
    ).toEqual({
      kind: 'invalid_request',
      message: 'too long',
      code: 'string_above_max_length',
      param: 'messages[0].tool_calls[0].id',
    })
    expect(openaiChatCodec.decodeError(502, '<html>Bad Gateway</html>')).toEqual({
      kind: 'api_error',
      status: 502,
      message: '<html>Bad Gateway</html>',
    })
    expect(openaiChatCodec.decodeError(503, { detail: 'x' }).kind).toBe('overloaded')
  })

  it('stream encoder → stream decoder round trip preserves the answer (custom input included)', () => {
    const response: CanonicalResponse = {
      ...RESPONSE,
      content: [
        ...RESPONSE.content,
        {
          type: 'tool_call',
          callId: 'call_p',
          name: 'apply_patch',
          arguments: 'line "1"\nline 2',
          toolKind: 'custom',
        },
      ],
    }
    const request = {
      model: 'client-model',
      system: [],
      messages: [],
      tools: [{ kind: 'custom' as const, name: 'apply_patch' }],
      stream: true,
      includeUsage: true,
      extras: { dialect: 'openai-chat' as const, fields: {} },
    }
    const encoder = openaiChatCodec.createStreamEncoder(encoderOptions('client-model', request))
    const frames = responseToEvents(response).flatMap((e) => encoder.push(e))
    const events = decodeFrames(
      frames.map((f) => (f.data === '[DONE]' ? f.data : (JSON.parse(f.data) as unknown))),
      request,
    )
    const result = accumulate(events)
    expect(result.ok && result.response).toEqual({
      ...response,
      id: 'chatcmpl-test0001',
      model: 'client-model',
    })
  })
})
