// The non-streaming Responses object and the error envelopes, both directions.
import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import type { CanonicalError } from '../../../protocol/canonical/errors.js'
import { unpackOpaque } from '../../../protocol/canonical/opaque.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { encoderOptions, testContext } from '../../helpers/context.js'

const { encodeResponse, decodeResponse, encodeError, decodeError } = openaiResponsesCodec

const RESPONSE: CanonicalResponse = {
  id: 'msg_01',
  model: 'claude-x',
  content: [
    {
      type: 'reasoning',
      channel: 'raw',
      text: 'thinking',
      opaque: { dialect: 'anthropic-messages', value: 'sig' },
    },
    { type: 'text', text: 'Answer.' },
    { type: 'tool_call', callId: 'toolu_1', name: 'f', arguments: '{"a":1}', toolKind: 'function' },
    {
      type: 'tool_call',
      callId: 'toolu_2',
      name: 'apply_patch',
      arguments: 'patch',
      toolKind: 'custom',
    },
  ],
  stopReason: 'tool_use',
  usage: {
    inputTokens: 50,
    cachedInputTokens: 10,
    cacheWriteTokens: 0,
    outputTokens: 7,
    reasoningTokens: 3,
    webSearchRequests: 0,
  },
}

describe('encodeResponse', () => {
  it('builds a completed Response object with every output item and usage', () => {
    const body = encodeResponse(RESPONSE, encoderOptions('client-model'))
    expect(body).toMatchObject({
      id: 'resp_test0001',
      object: 'response',
      created_at: 1_763_900_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'client-model',
      store: false,
      usage: {
        input_tokens: 50,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 3 },
        total_tokens: 57,
      },
    })
    const output = body['output'] as Record<string, unknown>[]
    expect(output.map((o) => [o['type'], o['id']])).toEqual([
      ['reasoning', 'rs_test0001'],
      ['message', 'msg_test0001'],
      ['function_call', 'fc_test0001'],
      ['custom_tool_call', 'ctc_test0001'],
    ])
    expect(unpackOpaque(String(output[0]?.['encrypted_content']), 'openai-responses')).toEqual({
      dialect: 'anthropic-messages',
      value: 'sig',
    })
    expect(output[1]).toEqual({
      id: 'msg_test0001',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Answer.', annotations: [], logprobs: [] }],
    })
    expect(output[2]).toEqual({
      id: 'fc_test0001',
      type: 'function_call',
      status: 'completed',
      call_id: 'toolu_1',
      name: 'f',
      arguments: '{"a":1}',
    })
    expect(output[3]).toEqual({
      id: 'ctc_test0001',
      type: 'custom_tool_call',
      status: 'completed',
      call_id: 'toolu_2',
      name: 'apply_patch',
      input: 'patch',
    })
  })

  it('max_tokens → incomplete with max_output_tokens; refusal → content_filter', () => {
    const max = encodeResponse({ ...RESPONSE, stopReason: 'max_tokens' }, encoderOptions())
    expect([max['status'], max['incomplete_details']]).toEqual([
      'incomplete',
      { reason: 'max_output_tokens' },
    ])
    const refusal = encodeResponse(
      { ...RESPONSE, content: [{ type: 'refusal', text: 'no' }], stopReason: 'refusal' },
      encoderOptions(),
    )
    expect(refusal['incomplete_details']).toEqual({ reason: 'content_filter' })
    expect((refusal['output'] as unknown[])[0]).toMatchObject({
      type: 'message',
      content: [{ type: 'refusal', refusal: 'no' }],
    })
  })

  it('a Responses token whose item id we replaced travels in an envelope that restores the id', () => {
    const own = { dialect: 'openai-responses' as const, value: 'gAAA', itemId: 'rs_upstream' }
    const body = encodeResponse(
      { ...RESPONSE, content: [{ type: 'reasoning', channel: 'summary', text: 's', opaque: own }] },
      encoderOptions(),
    )
    const item = (body['output'] as Record<string, unknown>[])[0]
    expect(item?.['id']).toBe('rs_test0001')
    expect(unpackOpaque(String(item?.['encrypted_content']), 'openai-responses')).toEqual(own)
  })
})

describe('decodeResponse', () => {
  it('reads output items, usage and the stop reason', () => {
    const r = decodeResponse(
      {
        id: 'resp_1',
        object: 'response',
        model: 'gpt-5',
        status: 'completed',
        output: [
          {
            id: 'rs_1',
            type: 'reasoning',
            summary: [
              { type: 'summary_text', text: 'a' },
              { type: 'summary_text', text: 'b' },
            ],
            encrypted_content: 'enc',
          },
          {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            content: [
              { type: 'output_text', text: 'Hi', annotations: [] },
              { type: 'refusal', refusal: 'but no' },
            ],
          },
          { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
          { id: 'ws_1', type: 'web_search_call', status: 'completed' },
        ],
        usage: {
          input_tokens: 9,
          input_tokens_details: { cached_tokens: 4 },
          output_tokens: 2,
          output_tokens_details: { reasoning_tokens: 1 },
          total_tokens: 11,
        },
      },
      testContext(),
    )
    expect(r).toEqual({
      id: 'resp_1',
      model: 'gpt-5',
      content: [
        {
          type: 'reasoning',
          channel: 'summary',
          text: 'a\n\nb',
          opaque: { dialect: 'openai-responses', value: 'enc', itemId: 'rs_1' },
        },
        { type: 'text', text: 'Hi' },
        { type: 'refusal', text: 'but no' },
        {
          type: 'tool_call',
          callId: 'call_1',
          name: 'f',
          arguments: '{}',
          toolKind: 'function',
          itemId: 'fc_1',
        },
        { type: 'web_search_call', callId: 'ws_1', arguments: '{"query":""}', itemId: 'ws_1' },
        { type: 'web_search_result', callId: 'ws_1', outcome: { results: [] } },
      ],
      stopReason: 'tool_use',
      usage: {
        inputTokens: 9,
        cachedInputTokens: 4,
        cacheWriteTokens: 0,
        outputTokens: 2,
        reasoningTokens: 1,
        webSearchRequests: 1,
      },
    })
  })

  it('incomplete → max_tokens; failed and non-Responses bodies throw ProtocolError', () => {
    const r = decodeResponse(
      {
        id: 'r',
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [],
      },
      testContext(),
    )
    expect(r.stopReason).toBe('max_tokens')
    expect(() =>
      decodeResponse(
        { id: 'r', status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] },
        testContext(),
      ),
    ).toThrow(ProtocolError)
    expect(() => decodeResponse({ choices: [] }, testContext())).toThrow(ProtocolError)
  })

  it('round trip: decodeResponse(encodeResponse(x)) keeps the content (raw thinking comes back as a summary)', () => {
    const options = encoderOptions()
    const back = decodeResponse(encodeResponse(RESPONSE, options), options)
    expect(
      back.content.map((p) => (p.type === 'tool_call' ? { ...p, itemId: undefined } : p)),
    ).toEqual(
      RESPONSE.content.map((p) =>
        p.type === 'tool_call'
          ? { ...p, itemId: undefined }
          : p.type === 'reasoning'
            ? { ...p, channel: 'summary' }
            : p,
      ),
    )
    expect(back.usage).toEqual(RESPONSE.usage)
    expect(back.stopReason).toBe('tool_use')
  })
})

describe('errors', () => {
  it('encodeError uses the OpenAI envelope, maps 529 to 503 and adds the retry hint', () => {
    expect(
      encodeError({
        kind: 'invalid_request',
        message: 'Bad input[3].type',
        param: 'input[3].type',
      }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          message: 'Bad input[3].type',
          type: 'invalid_request_error',
          param: 'input[3].type',
          code: null,
        },
      },
    })
    expect(encodeError({ kind: 'overloaded', message: 'Overloaded' })).toEqual({
      status: 503,
      body: {
        error: {
          message: 'Overloaded',
          type: 'server_error',
          param: null,
          code: 'server_is_overloaded',
        },
      },
    })
    expect(
      encodeError({ kind: 'rate_limit', message: 'Slow down.', retryAfterSeconds: 3 }).body,
    ).toEqual({
      error: {
        message: 'Slow down. Please try again in 3s.',
        type: 'rate_limit_exceeded',
        param: null,
        code: 'rate_limit_exceeded',
      },
    })
  })

  const cases: [string, number, unknown, CanonicalError][] = [
    [
      'OpenAI envelope',
      400,
      {
        error: {
          message: "Unsupported parameter: 'foo'.",
          type: 'invalid_request_error',
          param: 'foo',
          code: 'unsupported_parameter',
        },
      },
      {
        kind: 'invalid_request',
        status: 400,
        message: "Unsupported parameter: 'foo'.",
        code: 'unsupported_parameter',
        param: 'foo',
      },
    ],
    [
      'ChatGPT usage limit',
      429,
      {
        error: {
          type: 'usage_limit_reached',
          message: 'The usage limit has been reached',
          resets_in_seconds: 13872,
        },
      },
      {
        kind: 'rate_limit',
        status: 429,
        message: 'The usage limit has been reached',
        code: 'usage_limit_reached',
        retryAfterSeconds: 13872,
      },
    ],
    [
      'FastAPI detail',
      400,
      { detail: 'Store must be set to false' },
      { kind: 'invalid_request', status: 400, message: 'Store must be set to false' },
    ],
    [
      'OAuth style',
      401,
      { error: 'token_expired', error_description: 'Token expired' },
      { kind: 'authentication', status: 401, message: 'Token expired', code: 'token_expired' },
    ],
    ['text body', 502, 'Bad Gateway', { kind: 'api_error', status: 502, message: 'Bad Gateway' }],
    [
      'empty body',
      503,
      undefined,
      { kind: 'overloaded', status: 503, message: 'The upstream answered HTTP 503.' },
    ],
  ]
  for (const [label, status, body, expected] of cases) {
    it(`decodeError: ${label}`, () => {
      expect(decodeError(status, body)).toEqual(expected)
    })
  }
})
