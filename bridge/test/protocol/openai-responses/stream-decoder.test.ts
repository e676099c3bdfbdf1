// Responses upstream SSE → canonical events: every fixture at every chunk size, plus lenient upstream shapes.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { checkWellFormed } from '../../../protocol/canonical/invariants.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { CHUNK_SIZES } from '../../helpers/chunks.js'
import { testContext } from '../../helpers/context.js'
import { decodeChunks, decodeFixture, FIXTURE_DIR, sse } from './helpers.js'

const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -4))

function answer(events: CanonicalEvent[]): CanonicalResponse {
  const result = accumulate(events)
  if (!result.ok) throw new Error(`stream failed: ${result.error.message}`)
  return result.response
}

const CREATED = {
  type: 'response.created',
  sequence_number: 0,
  response: { id: 'resp_1', object: 'response', model: 'gpt-5', status: 'in_progress', output: [] },
}
const USAGE = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 5,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 15,
}

function completed(output: object[], extra: object = {}): object {
  return {
    type: 'response.completed',
    response: { id: 'resp_1', model: 'gpt-5', status: 'completed', output, usage: USAGE, ...extra },
  }
}

describe('responses stream decoder: fixtures', () => {
  it('has every required scenario', () => {
    for (const name of [
      'text',
      'text-multi-chunk',
      'unicode-split',
      'tool-call-single',
      'tool-call-parallel',
      'thinking-with-signature',
      'reasoning-summary',
      'max-tokens',
      'refusal',
      'usage-with-cache',
      'mid-stream-error',
      'custom-tool-call',
    ]) {
      expect(FIXTURES).toContain(name)
    }
  })

  for (const name of FIXTURES) {
    it(`${name}: identical well-formed events whole and at chunk sizes ${CHUNK_SIZES.join('/')}`, () => {
      const whole = decodeFixture(name)
      expect(checkWellFormed(whole)).toEqual([])
      for (const size of CHUNK_SIZES) expect(decodeFixture(name, size)).toEqual(whole)
    })
  }

  it('text', () => {
    const events = decodeFixture('text')
    expect(events[0]).toEqual({
      type: 'message_start',
      id: 'resp_111111115f0c1e2d3b4a59687766554433221100aabbccddeeff0011',
      model: 'gpt-5',
    })
    expect(
      events
        .filter((e) => e.type === 'text_delta')
        .map((e) => (e.type === 'text_delta' ? e.text : '')),
    ).toEqual(['Hello', '! How can', ' I help you today?'])
    const r = answer(events)
    expect(r.content).toEqual([{ type: 'text', text: 'Hello! How can I help you today?' }])
    expect(r.stopReason).toBe('end_turn')
    expect(r.usage).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
  })

  it('text-multi-chunk', () => {
    const r = answer(decodeFixture('text-multi-chunk'))
    expect(r.content).toEqual([
      {
        type: 'text',
        text: 'The quick brown fox jumps over the lazy dog, then naps in the sun while the farmer counts his sheep twice.',
      },
    ])
  })

  it('unicode-split keeps multi-byte characters and emoji whole at every chunk size', () => {
    const expected = 'Grüße aus Zürich — 日本語のテキスト、絵文字 👋🏽🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓'
    for (const size of [1, 2, 3])
      expect(answer(decodeFixture('unicode-split', size)).content).toEqual([
        { type: 'text', text: expected },
      ])
  })

  it('tool-call-single', () => {
    const events = decodeFixture('tool-call-single')
    expect(events[1]).toEqual({
      type: 'block_start',
      index: 0,
      block: {
        kind: 'tool_call',
        callId: 'call_k3J9wX2mQ8vT1nB5zR7yL0aP',
        name: 'get_weather',
        toolKind: 'function',
      },
    })
    const r = answer(events)
    expect(r.content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_k3J9wX2mQ8vT1nB5zR7yL0aP',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
        toolKind: 'function',
      },
    ])
    expect(r.stopReason).toBe('tool_use')
  })

  it('tool-call-parallel: two calls as two sequential blocks', () => {
    const r = answer(decodeFixture('tool-call-parallel'))
    expect(
      r.content.map((p) => (p.type === 'tool_call' ? [p.callId, p.name, p.arguments] : p.type)),
    ).toEqual([
      ['call_A1b2C3d4E5f6G7h8I9j0K1l2', 'get_weather', '{"city":"Paris"}'],
      ['call_Z9y8X7w6V5u4T3s2R1q0P9o8', 'get_time', '{"timezone":"Europe/Paris"}'],
    ])
    expect(r.stopReason).toBe('tool_use')
  })

  it('thinking-with-signature: summary text, encrypted_content as opaque with the item id, then text', () => {
    const events = decodeFixture('thinking-with-signature')
    expect(events[1]).toEqual({
      type: 'block_start',
      index: 0,
      block: { kind: 'reasoning', channel: 'summary' },
    })
    const r = answer(events)
    expect(r.content).toEqual([
      {
        type: 'reasoning',
        channel: 'summary',
        text: '**Checking the question**\n\nThe user asks for the capital of France; answer directly.',
        opaque: {
          dialect: 'openai-responses',
          value: 'gAAAAABpQx7kFIXTUREencryptedReasoningBlobA1B2C3D4E5F6G7H8I9J0==',
          itemId: 'rs_777777775f0c1e2d3b4a59687766554433221100aabbccddeeff0011',
        },
      },
      { type: 'text', text: 'The capital of France is Paris.' },
    ])
    expect(r.usage.reasoningTokens).toBe(40)
  })

  it('reasoning-summary: two summary parts in one block, separated by a blank line', () => {
    const events = decodeFixture('reasoning-summary')
    const deltas = events.flatMap((e) => (e.type === 'reasoning_delta' ? [e.text] : []))
    expect(deltas).toEqual([
      '**Planning**\n\nList the files first.',
      '\n\n',
      '**Next step**\n\nThen read ',
      'the README.',
    ])
    const r = answer(events)
    expect(r.content[0]).toMatchObject({
      type: 'reasoning',
      text: '**Planning**\n\nList the files first.\n\n**Next step**\n\nThen read the README.',
    })
    expect(r.content[1]).toEqual({ type: 'text', text: "I'll start by listing the files." })
  })

  it('max-tokens: response.incomplete → max_tokens', () => {
    const r = answer(decodeFixture('max-tokens'))
    expect(r.stopReason).toBe('max_tokens')
    expect(r.content).toEqual([
      { type: 'text', text: 'Once upon a time, there was a very long story that' },
    ])
  })

  it('refusal: a refusal block', () => {
    const events = decodeFixture('refusal')
    expect(events[1]).toEqual({ type: 'block_start', index: 0, block: { kind: 'refusal' } })
    expect(answer(events).content).toEqual([
      { type: 'refusal', text: "I'm sorry, but I can't help with that." },
    ])
  })

  it('usage-with-cache: cached tokens stay inside input tokens', () => {
    expect(answer(decodeFixture('usage-with-cache')).usage).toEqual({
      inputTokens: 2048,
      cachedInputTokens: 1536,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
  })

  it('mid-stream-error: text deltas, then an error event', () => {
    const events = decodeFixture('mid-stream-error')
    expect(events.filter((e) => e.type === 'text_delta')).toHaveLength(2)
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        code: 'server_error',
        message: 'The server had an error while processing your request. Sorry about that!',
      },
    })
  })

  it('custom-tool-call (recorded from Codex apply_patch): custom tool block with the raw patch', () => {
    const r = answer(decodeFixture('custom-tool-call'))
    expect(r.content[0]).toMatchObject({
      type: 'reasoning',
      opaque: {
        dialect: 'openai-responses',
        itemId: 'rs_b74329d029bcaaed75e69a11bdff8d7605a38f605a354682',
      },
    })
    expect(r.content[1]).toEqual({
      type: 'tool_call',
      callId: 'call_duFAKyqXjYS8fi3xAlqwgu4a',
      name: 'apply_patch',
      arguments: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n',
      toolKind: 'custom',
    })
    expect(r.stopReason).toBe('tool_use')
    expect(r.usage.inputTokens).toBe(7142)
  })
})

describe('responses stream decoder: lenient and broken upstreams', () => {
  it('takes arguments and text from .done events when no deltas were streamed', () => {
    const events = decodeChunks([
      sse(
        CREATED,
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' },
        },
        {
          type: 'response.function_call_arguments.done',
          item_id: 'fc_1',
          output_index: 0,
          arguments: '{"a":1}',
        },
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: {
            id: 'fc_1',
            type: 'function_call',
            call_id: 'call_1',
            name: 'f',
            arguments: '{"a":1}',
          },
        },
        {
          type: 'response.output_item.added',
          output_index: 1,
          item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
        },
        {
          type: 'response.output_item.done',
          output_index: 1,
          item: {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'only at done' }],
          },
        },
        completed([]),
      ),
    ])
    expect(checkWellFormed(events)).toEqual([])
    expect(answer(events).content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_1',
        name: 'f',
        arguments: '{"a":1}',
        toolKind: 'function',
      },
      { type: 'text', text: 'only at done' },
    ])
  })

  it('ends with an out-of-order error when streamed tool arguments contradict the final ones', () => {
    const item = {
      id: 'fc_1',
      type: 'function_call',
      call_id: 'call_1',
      name: 'get_weather',
      arguments: '',
    }
    const argsDelta = (delta: string) => ({
      type: 'response.function_call_arguments.delta',
      item_id: 'fc_1',
      output_index: 0,
      delta,
    })
    // The opening fragment came before output_item.added and was lost; the final item shows what the call really was.
    const events = decodeChunks([
      sse(
        CREATED,
        argsDelta('{"city": '),
        { type: 'response.output_item.added', output_index: 0, item },
        argsDelta('"Paris"}'),
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: { ...item, arguments: '{"city": "Paris"}' },
        },
        completed([{ ...item, arguments: '{"city": "Paris"}' }]),
      ),
    ])
    expect(checkWellFormed(events)).toEqual([])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message:
          'upstream stream out of order: the streamed arguments of tool call get_weather do not match its final arguments',
      },
    })
  })

  it('emits the missing tail when deltas fell short of the final item', () => {
    const events = decodeChunks([
      sse(
        CREATED,
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
        },
        {
          type: 'response.content_part.added',
          item_id: 'msg_1',
          output_index: 0,
          content_index: 0,
          part: { type: 'output_text', text: '' },
        },
        {
          type: 'response.output_text.delta',
          item_id: 'msg_1',
          output_index: 0,
          content_index: 0,
          delta: 'Hel',
        },
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hello' }],
          },
        },
        completed([]),
      ),
    ])
    expect(events.filter((e) => e.type === 'text_delta')).toEqual([
      { type: 'text_delta', index: 0, text: 'Hel' },
      { type: 'text_delta', index: 0, text: 'lo' },
    ])
  })

  it('emits output items that only the terminal response carries', () => {
    const events = decodeChunks([
      sse(
        CREATED,
        completed([
          {
            id: 'rs_9',
            type: 'reasoning',
            summary: [{ type: 'summary_text', text: 'think' }],
            encrypted_content: 'enc',
          },
          {
            id: 'msg_9',
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hi' }],
          },
          { id: 'fc_9', type: 'function_call', call_id: 'call_9', name: 'g', arguments: '{}' },
        ]),
      ),
    ])
    expect(checkWellFormed(events)).toEqual([])
    const r = answer(events)
    expect(r.content).toEqual([
      {
        type: 'reasoning',
        channel: 'summary',
        text: 'think',
        opaque: { dialect: 'openai-responses', value: 'enc', itemId: 'rs_9' },
      },
      { type: 'text', text: 'Hi' },
      { type: 'tool_call', callId: 'call_9', name: 'g', arguments: '{}', toolKind: 'function' },
    ])
    expect(r.stopReason).toBe('tool_use')
  })

  it('does not repeat items already streamed when the terminal response lists them', () => {
    const item = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hi' }],
    }
    const events = decodeChunks([
      sse(
        CREATED,
        { type: 'response.output_item.added', output_index: 0, item: { ...item, content: [] } },
        { type: 'response.output_item.done', output_index: 0, item },
        completed([item]),
      ),
    ])
    expect(answer(events).content).toEqual([{ type: 'text', text: 'Hi' }])
  })

  it('serialises interleaved items: a later call waits until the earlier one is done', () => {
    const call = (n: number, args = ''): object => ({
      id: `fc_${n}`,
      type: 'function_call',
      call_id: `call_${n}`,
      name: `f${n}`,
      arguments: args,
    })
    const events = decodeChunks([
      sse(
        CREATED,
        { type: 'response.output_item.added', output_index: 0, item: call(0) },
        { type: 'response.output_item.added', output_index: 1, item: call(1) },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_1',
          output_index: 1,
          delta: '{"b":',
        },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_0',
          output_index: 0,
          delta: '{"a":1}',
        },
        {
          type: 'response.function_call_arguments.delta',
          item_id: 'fc_1',
          output_index: 1,
          delta: '2}',
        },
        { type: 'response.output_item.done', output_index: 1, item: call(1, '{"b":2}') },
        { type: 'response.output_item.done', output_index: 0, item: call(0, '{"a":1}') },
        completed([]),
      ),
    ])
    expect(checkWellFormed(events)).toEqual([])
    expect(answer(events).content.map((p) => (p.type === 'tool_call' ? p.arguments : ''))).toEqual([
      '{"a":1}',
      '{"b":2}',
    ])
  })

  it('raw reasoning_text becomes a raw-channel block', () => {
    const events = decodeChunks([
      sse(
        CREATED,
        {
          type: 'response.output_item.added',
          output_index: 0,
          item: { id: 'rs_1', type: 'reasoning', summary: [] },
        },
        {
          type: 'response.content_part.added',
          item_id: 'rs_1',
          output_index: 0,
          content_index: 0,
          part: { type: 'reasoning_text', text: '' },
        },
        {
          type: 'response.reasoning_text.delta',
          item_id: 'rs_1',
          output_index: 0,
          content_index: 0,
          delta: 'raw thought',
        },
        {
          type: 'response.output_item.done',
          output_index: 0,
          item: {
            id: 'rs_1',
            type: 'reasoning',
            summary: [],
            content: [{ type: 'reasoning_text', text: 'raw thought' }],
          },
        },
        completed([]),
      ),
    ])
    expect(answer(events).content).toEqual([
      { type: 'reasoning', channel: 'raw', text: 'raw thought' },
    ])
  })

  it('accepts response.done as the terminal event and ignores [DONE] and unknown events', () => {
    const events = decodeChunks([
      sse(
        CREATED,
        { type: 'response.web_search_call.searching', output_index: 0, item_id: 'ws_1' },
        { type: 'response.something_new' },
      ),
      'data: [DONE]\n\n',
      sse({
        type: 'response.done',
        response: {
          id: 'resp_1',
          status: 'completed',
          output: [{ id: 'm', type: 'message', content: [{ type: 'output_text', text: 'x' }] }],
        },
      }),
    ])
    expect(checkWellFormed(events)).toEqual([])
    expect(answer(events).content).toEqual([{ type: 'text', text: 'x' }])
  })

  it('ignores the SSE event name and dispatches on data.type', () => {
    const events = decodeChunks([
      `event: nonsense\ndata: ${JSON.stringify(CREATED)}\n\n`,
      `event: nonsense\ndata: ${JSON.stringify(completed([]))}\n\n`,
    ])
    expect(events.map((e) => e.type)).toEqual(['message_start', 'usage', 'message_stop'])
  })

  it('an `error` event (flat or nested) becomes a canonical error with the retry delay', () => {
    const flat = decodeChunks([
      sse(CREATED, {
        type: 'error',
        code: 'rate_limit_exceeded',
        message: 'Rate limit reached. Please try again in 1.5s.',
        param: null,
      }),
    ])
    expect(flat.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'rate_limit',
        code: 'rate_limit_exceeded',
        message: 'Rate limit reached. Please try again in 1.5s.',
        retryAfterSeconds: 1.5,
      },
    })
    const nested = decodeChunks([
      sse({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
          message: 'too long',
        },
      }),
    ])
    expect(nested).toEqual([
      {
        type: 'error',
        error: { kind: 'invalid_request', code: 'context_length_exceeded', message: 'too long' },
      },
    ])
  })

  it('malformed JSON becomes an error event and nothing follows it', () => {
    const events = decodeChunks([
      sse(CREATED),
      'data: {"type":"response.output_text.delta",\n\n',
      sse(completed([])),
    ])
    expect(events.map((e) => e.type)).toEqual(['message_start', 'error'])
    expect(events[1]).toMatchObject({ type: 'error', error: { kind: 'api_error', status: 502 } })
  })

  it('end() without a terminal event reports an error naming response.completed', () => {
    const events = decodeChunks([
      sse(CREATED, {
        type: 'response.output_item.added',
        output_index: 0,
        item: { id: 'msg_1', type: 'message', content: [] },
      }),
    ])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message: 'upstream stream ended before response.completed',
      },
    })
    expect(checkWellFormed(events)).toEqual([])
  })

  it('push() never throws, even on odd payloads', () => {
    const decoder = openaiResponsesCodec.createStreamDecoder(testContext())
    expect(() => decoder.push({ data: '42' })).not.toThrow()
    expect(() =>
      decoder.push({ data: '{"type":"response.output_text.delta","output_index":"x"}' }),
    ).not.toThrow()
    expect(decoder.push({ data: '', comment: 'keepalive' })).toEqual([])
  })
})
