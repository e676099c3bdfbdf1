// Anthropic upstream SSE → canonical events: every fixture at every chunk size, plus the tolerated failures.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { checkWellFormed } from '../../../protocol/canonical/invariants.js'
import { packOpaque } from '../../../protocol/canonical/opaque.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { CHUNK_SIZES } from '../../helpers/chunks.js'
import { decodeBytes, decodeFixture, decodeText, FIXTURE_DIR } from './decode-fixture.js'

const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -4))

function answer(events: CanonicalEvent[]): CanonicalResponse {
  const result = accumulate(events)
  if (!result.ok) throw new Error(`stream failed: ${result.error.message}`)
  return result.response
}

function frame(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

const START = frame('message_start', {
  type: 'message_start',
  message: {
    id: 'msg_01X',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content: [],
    usage: { input_tokens: 5, output_tokens: 1 },
  },
})

describe('anthropic stream decoder: fixtures', () => {
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
    ]) {
      expect(FIXTURES).toContain(name)
    }
  })

  for (const name of FIXTURES) {
    it(`${name}: same well-formed events whole and at chunk sizes ${CHUNK_SIZES.join('/')}`, () => {
      const whole = decodeFixture(name)
      expect(checkWellFormed(whole)).toEqual([])
      for (const size of CHUNK_SIZES) expect(decodeFixture(name, size)).toEqual(whole)
    })
  }

  it('text', () => {
    const events = decodeFixture('text')
    expect(events[0]).toEqual({
      type: 'message_start',
      id: 'msg_01HCrGZ3mNa7kYbWvQx9EoTd',
      model: 'claude-sonnet-4-5-20250929',
    })
    const r = answer(events)
    expect(r.content).toEqual([{ type: 'text', text: 'Hello! How can I help you today?' }])
    expect(r.stopReason).toBe('end_turn')
    expect(r.usage).toEqual({
      inputTokens: 14,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 12,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
  })

  it('text-multi-chunk keeps every delta in order', () => {
    const events = decodeFixture('text-multi-chunk')
    expect(events.filter((e) => e.type === 'text_delta').length).toBeGreaterThan(15)
    const text = (answer(events).content[0] as { text: string }).text
    expect(text.startsWith('The Unix philosophy favours small programs')).toBe(true)
    expect(text.endsWith('still part of daily work.')).toBe(true)
  })

  it('unicode-split survives 1/2/3-byte cuts through multi-byte sequences', () => {
    for (const size of [1, 2, 3]) {
      const r = answer(decodeFixture('unicode-split', size))
      expect(r.content).toEqual([
        {
          type: 'text',
          text: 'Grüße aus München — naïve café, 日本語のテキスト、中文也可以。 Emoji: 🎉👩‍💻🚀 and Ω≈ç√∫ ✓',
        },
      ])
    }
  })

  it('tool-call-single', () => {
    const r = answer(decodeFixture('tool-call-single'))
    expect(r.content).toEqual([
      { type: 'text', text: "I'll check the weather." },
      {
        type: 'tool_call',
        callId: 'toolu_01NRLabsLyVHZPKxbKvkfSMn',
        name: 'get_weather',
        arguments: '{"location": "Paris, France"}',
        toolKind: 'function',
      },
    ])
    expect(r.stopReason).toBe('tool_use')
    expect(r.usage.inputTokens).toBe(377)
    expect(r.usage.outputTokens).toBe(65)
  })

  it('tool-call-parallel gives two sequential tool calls', () => {
    const events = decodeFixture('tool-call-parallel')
    const starts = events.filter((e) => e.type === 'block_start').map((e) => e.index)
    expect(starts).toEqual([0, 1, 2])
    const calls = answer(events).content.filter((p) => p.type === 'tool_call')
    expect(calls.map((c) => [c.callId, c.name, JSON.parse(c.arguments)])).toEqual([
      ['toolu_01A7vXkqG5mDd2sR8bLtYw3N', 'get_weather', { city: 'Paris' }],
      ['toolu_01B3nMzP4qHf6tJc9eKuVr2S', 'get_time', { timezone: 'Asia/Tokyo', format: '24h' }],
    ])
  })

  it('thinking-with-signature puts the signature on block_stop', () => {
    const events = decodeFixture('thinking-with-signature')
    const stop = events.find((e) => e.type === 'block_stop' && e.index === 0)
    expect(stop).toMatchObject({ opaque: { dialect: 'anthropic-messages' } })
    const r = answer(events)
    const [thinking, text] = r.content
    expect(thinking).toMatchObject({
      type: 'reasoning',
      channel: 'raw',
      text: 'The user asks for 17 × 24. 17 × 24 = 17 × 20 + 17 × 4 = 340 + 68 = 408.',
    })
    expect(thinking?.type === 'reasoning' && thinking.opaque?.value.startsWith('Eq')).toBe(true)
    expect(text).toEqual({ type: 'text', text: '17 × 24 = **408**.' })
    expect(r.usage.reasoningTokens).toBe(52)
    expect(r.usage.outputTokens).toBe(87)
  })

  it('reasoning-summary: thinking, redacted thinking with its data, then text', () => {
    const events = decodeFixture('reasoning-summary')
    expect(events.find((e) => e.type === 'block_start' && e.index === 1)).toEqual({
      type: 'block_start',
      index: 1,
      block: { kind: 'redacted_reasoning' },
    })
    const r = answer(events)
    expect(r.content.map((p) => p.type)).toEqual(['reasoning', 'reasoning', 'text'])
    const redacted = r.content[1]
    expect(redacted).toMatchObject({
      redacted: true,
      text: '',
      opaque: { dialect: 'anthropic-messages' },
    })
    expect(redacted?.type === 'reasoning' && redacted.opaque?.value.startsWith('EmwKAhgBEgy')).toBe(
      true,
    )
    expect(r.content[2]).toEqual({
      type: 'text',
      text: 'Here is the plan: first measure, then optimise.',
    })
  })

  it('max-tokens and refusal stop reasons', () => {
    expect(answer(decodeFixture('max-tokens')).stopReason).toBe('max_tokens')
    const refusal = answer(decodeFixture('refusal'))
    expect(refusal.stopReason).toBe('refusal')
    expect(refusal.content).toEqual([{ type: 'text', text: "I can't help with that request." }])
  })

  it('usage-with-cache counts cache reads and writes into input', () => {
    const r = answer(decodeFixture('usage-with-cache'))
    expect(r.usage).toEqual({
      inputTokens: 3 + 12850 + 1460,
      cachedInputTokens: 12850,
      cacheWriteTokens: 1460,
      outputTokens: 7,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
  })

  it('mid-stream-error ends with an overloaded error after the text', () => {
    const events = decodeFixture('mid-stream-error')
    expect(
      events
        .filter((e) => e.type === 'text_delta')
        .map((e) => (e.type === 'text_delta' ? e.text : '')),
    ).toEqual(["I'll start by reading ", 'the configuration file'])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { kind: 'overloaded', message: 'Overloaded' },
    })
  })

  it('web search: the call, its results (token kept for Anthropic) and the cited text', () => {
    const events = decodeFixture('server-tool-web-search')
    expect(events.filter((e) => e.type === 'block_start').map((e) => e.index)).toEqual([0, 1, 2, 3])
    const r = answer(events)
    expect(r.content).toEqual([
      { type: 'text', text: "I'll search for that." },
      {
        type: 'web_search_call',
        callId: 'srvtoolu_01WYG3ziw53XMcoyKL4XcZmE',
        arguments: '{"query": "node 20 release date"}',
      },
      {
        type: 'web_search_result',
        callId: 'srvtoolu_01WYG3ziw53XMcoyKL4XcZmE',
        outcome: {
          results: [
            {
              url: 'https://nodejs.org/en/blog/release/v20.0.0',
              title: 'Node.js 20',
              pageAge: 'April 18, 2023',
              opaque: { dialect: 'anthropic-messages', value: 'EqgfCioIARgBIiQ3' },
            },
          ],
        },
      },
      {
        type: 'text',
        text: 'Node.js 20 was released on April 18, 2023.',
        citations: [
          {
            url: 'https://nodejs.org/en/blog/release/v20.0.0',
            title: 'Node.js 20',
            citedText: 'Node.js 20 is now available',
            opaque: { dialect: 'anthropic-messages', value: 'Eo8BCioIAhgBIiQy' },
          },
        ],
      },
    ])
    expect(r.usage.webSearchRequests).toBe(1)
  })
})

describe('anthropic stream decoder: edge cases', () => {
  const text =
    frame('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }) +
    frame('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'hi' },
    })
  const delta = frame('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 3 },
  })

  it('tolerates a missing message_stop after message_delta (and a missing block stop)', () => {
    const events = decodeText(START + text + delta)
    expect(checkWellFormed(events)).toEqual([])
    expect(events.at(-1)).toEqual({ type: 'message_stop', stopReason: 'end_turn' })
    expect(answer(events).content).toEqual([{ type: 'text', text: 'hi' }])
  })

  it('reports a stream that ends before message_delta', () => {
    const events = decodeText(START + text)
    expect(checkWellFormed(events)).toEqual([])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message: 'upstream stream ended before message_stop',
      },
    })
  })

  it('ends with an out-of-order error when a delta arrives for a block that is not open', () => {
    const toolStart = frame('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    })
    const args = (index: number, partial: string) =>
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: partial },
      })
    // The first half of the input arrives before its block starts: passing the rest on would run the tool on `"Paris"}`.
    const events = decodeText(
      START + args(0, '{"city": ') + toolStart + args(0, '"Paris"}') + delta,
    )
    expect(checkWellFormed(events)).toEqual([])
    expect(events.filter((e) => e.type === 'tool_args_delta')).toEqual([])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message:
          'upstream stream out of order: an input_json_delta for content block 0 arrived while no block was open',
      },
    })
  })

  it('ends with an out-of-order error for a text delta into a tool block and for a block started twice', () => {
    const toolStart = frame('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    })
    const textDelta = frame('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'hi' },
    })
    const intoTool = decodeText(START + toolStart + textDelta + delta)
    expect(intoTool.at(-1)).toMatchObject({
      type: 'error',
      error: {
        message: expect.stringContaining(
          'a text_delta for content block 0 arrived while block 0 (tool) was open',
        ),
      },
    })
    const twice = decodeText(START + toolStart + toolStart + delta)
    expect(twice.filter((e) => e.type === 'block_start')).toHaveLength(1)
    expect(twice.at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('a second content_block_start') },
    })
    expect(checkWellFormed(twice)).toEqual([])
  })

  it('turns malformed JSON into an error event instead of throwing', () => {
    const events = decodeText(
      START + 'event: content_block_start\ndata: {"type":"content_bl\n\n' + text,
    )
    expect(events.at(-1)?.type).toBe('error')
    expect(checkWellFormed(events)).toEqual([])
  })

  it('falls back to data.type when frames have no event name', () => {
    const sse = (START + text + delta + frame('message_stop', { type: 'message_stop' })).replace(
      /^event: .*\n/gm,
      '',
    )
    const events = decodeText(sse)
    expect(checkWellFormed(events)).toEqual([])
    expect(answer(events).content).toEqual([{ type: 'text', text: 'hi' }])
  })

  it('keeps the stop sequence', () => {
    const stop = frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: '###' },
      usage: { output_tokens: 3 },
    })
    const events = decodeText(START + text + stop + frame('message_stop', { type: 'message_stop' }))
    expect(events.at(-1)).toEqual({
      type: 'message_stop',
      stopReason: 'stop_sequence',
      stopSequence: '###',
    })
  })

  it('returns a foreign token carried in an sbx1 signature envelope', () => {
    const envelope = packOpaque({
      dialect: 'openai-responses',
      value: 'gAAAAencrypted',
      itemId: 'rs_123',
    })
    const sse =
      START +
      frame('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }) +
      frame('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: envelope },
      }) +
      frame('content_block_stop', { type: 'content_block_stop', index: 0 }) +
      delta +
      frame('message_stop', { type: 'message_stop' })
    const events = decodeText(sse)
    expect(events.find((e) => e.type === 'block_stop')).toEqual({
      type: 'block_stop',
      index: 0,
      opaque: { dialect: 'openai-responses', value: 'gAAAAencrypted', itemId: 'rs_123' },
    })
  })

  it('unwraps {"input": …} for tools the client declared as custom', () => {
    const request: CanonicalRequest = {
      model: 'claude-x',
      system: [],
      messages: [],
      stream: true,
      extras: { dialect: 'openai-responses', fields: {} },
      tools: [{ kind: 'custom', name: 'apply_patch' }],
    }
    const sse =
      START +
      frame('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_01P', name: 'apply_patch', input: {} },
      }) +
      frame('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"input": "*** Begin Patch\\n+hé' },
      }) +
      frame('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: 'llo\\n*** End Patch"}' },
      }) +
      frame('content_block_stop', { type: 'content_block_stop', index: 0 }) +
      delta +
      frame('message_stop', { type: 'message_stop' })
    for (const size of [undefined, 1]) {
      const events = decodeBytes(new TextEncoder().encode(sse), size, request)
      expect(checkWellFormed(events)).toEqual([])
      expect(answer(events).content).toEqual([
        {
          type: 'tool_call',
          callId: 'toolu_01P',
          name: 'apply_patch',
          arguments: '*** Begin Patch\n+héllo\n*** End Patch',
          toolKind: 'custom',
        },
      ])
    }
  })
})
