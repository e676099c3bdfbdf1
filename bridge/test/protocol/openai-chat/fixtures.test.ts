// Every upstream Chat fixture decodes to the same well-formed canonical stream at any byte split.
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { checkWellFormed } from '../../../protocol/canonical/invariants.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { CHUNK_SIZES, splitEvery } from '../../helpers/chunks.js'
import { decodeChunks, fixtureBytes } from './decode-helpers.js'

const SCENARIOS = [
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
  'tool-call-same-index',
  'tool-call-name-fragmented',
  'finish-stop-with-tools',
  'content-and-finish-same-chunk',
] as const

function decodeWhole(name: string, request?: CanonicalRequest): CanonicalEvent[] {
  return decodeChunks([fixtureBytes(name)], request)
}

function answer(name: string): CanonicalResponse {
  const result = accumulate(decodeWhole(name))
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.response
}

describe('openai-chat upstream fixtures', () => {
  for (const name of SCENARIOS) {
    it(`${name}: well formed and identical at every chunk size`, () => {
      const whole = decodeWhole(name)
      expect(checkWellFormed(whole)).toEqual([])
      expect(whole[0]?.type === 'message_start' || whole[0]?.type === 'error').toBe(true)
      for (const size of CHUNK_SIZES) {
        expect(decodeChunks(splitEvery(fixtureBytes(name), size)), `chunk size ${size}`).toEqual(
          whole,
        )
      }
    })
  }

  it('text: one text block, message id and model from the first chunk, usage and end_turn', () => {
    const events = decodeWhole('text')
    expect(events[0]).toEqual({
      type: 'message_start',
      id: 'chatcmpl-CQx1a2b3c4d5e6f7g8h9i0jKlMnO',
      model: 'gpt-4o-2024-08-06',
    })
    const r = answer('text')
    expect(r.content).toEqual([{ type: 'text', text: 'Hello! How can I help you today?' }])
    expect(r.stopReason).toBe('end_turn')
    expect(r.usage).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 9,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
    // Usage arrives after finish_reason; it must come before message_stop.
    expect(events.slice(-2).map((e) => e.type)).toEqual(['usage', 'message_stop'])
  })

  it('text-multi-chunk: every word arrives, newlines and quotes intact', () => {
    const r = answer('text-multi-chunk')
    expect(r.content).toEqual([
      {
        type: 'text',
        text: 'The quick brown fox jumps over the lazy dog. Then it runs\ninto the forest, where it finds "shelter" from the rain.',
      },
    ])
    expect(decodeWhole('text-multi-chunk').filter((e) => e.type === 'text_delta')).toHaveLength(21)
  })

  it('unicode-split: multi-byte characters and emoji survive 1-byte splits', () => {
    const events = decodeChunks(splitEvery(fixtureBytes('unicode-split'), 1))
    const result = accumulate(events)
    expect(result.ok && result.response.content).toEqual([
      { type: 'text', text: 'Grüße aus Zürich — 你好，世界! 🌍👋🏽 naïve café 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓' },
    ])
  })

  it('tool-call-single: streamed live as one tool_call block, stop reason tool_use', () => {
    const events = decodeWhole('tool-call-single')
    expect(events[1]).toEqual({
      type: 'block_start',
      index: 0,
      block: {
        kind: 'tool_call',
        callId: 'call_TB0wPqlGJY8xVd2kGRu1aSpQ',
        name: 'get_weather',
        toolKind: 'function',
      },
    })
    // Live: the argument fragments are forwarded as they come, not in one piece at the end.
    expect(events.filter((e) => e.type === 'tool_args_delta').length).toBeGreaterThan(1)
    const r = answer('tool-call-single')
    expect(r.content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_TB0wPqlGJY8xVd2kGRu1aSpQ',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
        toolKind: 'function',
      },
    ])
    expect(r.stopReason).toBe('tool_use')
    expect(r.usage.inputTokens).toBe(82)
  })

  it('tool-call-parallel: interleaved arguments are separated by index, blocks sequential', () => {
    const r = answer('tool-call-parallel')
    expect(r.content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_Qx7aBcDeFgHiJkLmNoPqRsTu',
        name: 'get_weather',
        arguments: '{"city": "Paris"}',
        toolKind: 'function',
      },
      {
        type: 'tool_call',
        callId: 'call_Zy8bCdEfGhIjKlMnOpQrStUv',
        name: 'get_time',
        arguments: '{"timezone": "Europe/Paris"}',
        toolKind: 'function',
      },
    ])
    expect(r.stopReason).toBe('tool_use')
  })

  it('thinking-with-signature: DeepSeek reasoning_content becomes a raw reasoning block before the text', () => {
    const r = answer('thinking-with-signature')
    expect(r.content).toEqual([
      { type: 'reasoning', text: 'The user asks for 2+2. That is 4.', channel: 'raw' },
      { type: 'text', text: '2 + 2 = 4.' },
    ])
    expect(r.usage.reasoningTokens).toBe(22)
    expect(r.usage.outputTokens).toBe(30)
    expect(r.stopReason).toBe('end_turn')
  })

  it('reasoning-summary: Ollama delta.reasoning is read as reasoning', () => {
    const r = answer('reasoning-summary')
    expect(r.content).toEqual([
      { type: 'reasoning', text: 'Okay, the user wants a haiku about autumn.', channel: 'raw' },
      { type: 'text', text: 'Leaves drift on cold wind' },
    ])
    expect(r.usage).toMatchObject({ inputTokens: 18, outputTokens: 44 })
  })

  it('max-tokens: finish length → max_tokens', () => {
    const r = answer('max-tokens')
    expect(r.stopReason).toBe('max_tokens')
    expect(r.content).toEqual([{ type: 'text', text: 'Once upon a time, in a land far' }])
  })

  it('refusal: delta.refusal → refusal block, content_filter → refusal', () => {
    const r = answer('refusal')
    expect(r.content).toEqual([{ type: 'refusal', text: "I'm sorry, I can't help with that." }])
    expect(r.stopReason).toBe('refusal')
  })

  it('usage-with-cache: cached_tokens and reasoning_tokens are mapped', () => {
    expect(answer('usage-with-cache').usage).toEqual({
      inputTokens: 2006,
      cachedInputTokens: 1920,
      cacheWriteTokens: 0,
      outputTokens: 300,
      reasoningTokens: 64,
      webSearchRequests: 0,
    })
  })

  it('mid-stream-error: text so far, then a terminal error event with the OpenAI type mapped', () => {
    const events = decodeWhole('mid-stream-error')
    const last = events.at(-1)
    expect(last).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        message: 'The server had an error while processing your request. Sorry about that!',
        code: 'server_error',
      },
    })
    expect(
      events
        .filter((e) => e.type === 'text_delta')
        .map((e) => (e.type === 'text_delta' ? e.text : '')),
    ).toEqual(['Let me think', ' about this'])
    expect(events.some((e) => e.type === 'message_stop')).toBe(false)
  })

  it('tool-call-same-index: two ids on index 0 are two calls, not concatenated JSON', () => {
    const r = answer('tool-call-same-index')
    expect(r.content).toEqual([
      {
        type: 'tool_call',
        callId: 'function-call-8213402949521373581',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        toolKind: 'function',
      },
      {
        type: 'tool_call',
        callId: 'function-call-8213402949521373582',
        name: 'get_weather',
        arguments: '{"city":"Tokyo"}',
        toolKind: 'function',
      },
    ])
    expect(r.usage).toMatchObject({ inputTokens: 61, outputTokens: 24 })
  })

  it('tool-call-name-fragmented: name fragments are concatenated before the block opens', () => {
    const events = decodeWhole('tool-call-name-fragmented')
    const starts = events.filter((e) => e.type === 'block_start')
    expect(starts).toEqual([
      {
        type: 'block_start',
        index: 0,
        block: {
          kind: 'tool_call',
          callId: 'call_8f2c1d',
          name: 'exec_command',
          toolKind: 'function',
        },
      },
    ])
    const r = answer('tool-call-name-fragmented')
    expect(r.content[0]).toMatchObject({ arguments: '{"cmd":["ls","-la"]}' })
  })

  it('finish-stop-with-tools: Ollama finish "stop" with a tool call → tool_use', () => {
    const r = answer('finish-stop-with-tools')
    expect(r.stopReason).toBe('tool_use')
    expect(r.content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_k2m9x1qz',
        name: 'get_weather',
        arguments: '{"city":"Berlin"}',
        toolKind: 'function',
      },
    ])
    expect(r.usage.inputTokens).toBe(140)
  })

  it('content-and-finish-same-chunk: the text is kept and the stream still ends cleanly', () => {
    const r = answer('content-and-finish-same-chunk')
    expect(r.content).toEqual([{ type: 'text', text: 'All done in one chunk.' }])
    expect(r.stopReason).toBe('end_turn')
    expect(r.usage).toMatchObject({ inputTokens: 7, outputTokens: 6 })
  })

  it('custom tools declared by the request are unwrapped from {"input": …}', () => {
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      messages: [],
      tools: [{ kind: 'custom', name: 'get_weather' }],
      stream: true,
      extras: { dialect: 'openai-chat', fields: {} },
    }
    const events = decodeWhole('tool-call-single', request)
    expect(checkWellFormed(events)).toEqual([])
    const result = accumulate(events)
    // Not the wrapper shape: the raw arguments are kept as the custom input.
    expect(result.ok && result.response.content[0]).toMatchObject({
      toolKind: 'custom',
      arguments: '{"city":"Paris","unit":"celsius"}',
    })
  })
})
