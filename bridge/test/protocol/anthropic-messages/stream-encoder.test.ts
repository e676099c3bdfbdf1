// Canonical events → Anthropic SSE, judged by the real @anthropic-ai/sdk MessageStream as the oracle.
import Anthropic from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { unpackOpaque } from '../../../protocol/canonical/opaque.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { serializeFrames } from '../../../protocol/sse/serialize.js'
import { encoderOptions } from '../../helpers/context.js'
import { decodeFixture } from './decode-fixture.js'

const MODEL = 'claude-client-model'

function encode(events: CanonicalEvent[], withEnd = true): SseFrame[] {
  const encoder = anthropicMessagesCodec.createStreamEncoder(encoderOptions(MODEL))
  const frames = events.flatMap((e) => encoder.push(e))
  return withEnd ? [...frames, ...encoder.end()] : frames
}

function sdkClient(body: string): Anthropic {
  return new Anthropic({
    apiKey: 'test-key',
    maxRetries: 0,
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  })
}

async function sdkFinalMessage(frames: SseFrame[]): Promise<JsonObject> {
  const client = sdkClient(serializeFrames(frames))
  const message = await client.messages
    .stream({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] })
    .finalMessage()
  return JSON.parse(JSON.stringify(message)) as JsonObject
}

function expected(events: CanonicalEvent[]): JsonObject {
  const result = accumulate(events)
  if (!result.ok) throw new Error(result.error.message)
  return anthropicMessagesCodec.encodeResponse(result.response, encoderOptions(MODEL))
}

/** Drops the fields the SDK adds on its own (stop_details, parsed_output…) and absent fields. */
function comparable(message: JsonObject): JsonObject {
  const { stop_details: _sd, parsed_output: _po, ...rest } = message
  return rest
}

const FIXTURES = [
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
  'server-tool-web-search',
]

describe('anthropic stream encoder: SDK oracle', () => {
  for (const name of FIXTURES) {
    it(`${name}: the SDK's final message equals encodeResponse(accumulate(events))`, async () => {
      const events = decodeFixture(name)
      const frames = encode(events)
      expect(frames.every((f) => typeof f.event === 'string' && f.event !== '')).toBe(true)
      const message = await sdkFinalMessage(frames)
      expect(comparable(message)).toEqual(expected(events))
      expect(message['model']).toBe(MODEL)
    })
  }

  it('emits strictly sequential blocks with a ping after the first start', () => {
    const frames = encode(decodeFixture('tool-call-parallel'))
    expect(frames.map((f) => f.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    const indices = frames
      .filter((f) => f.event?.startsWith('content_block'))
      .map((f) => (JSON.parse(f.data) as { index: number }).index)
    expect(indices).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
  })

  it('puts usage known at the start into message_start and the cumulative totals into message_delta', () => {
    const frames = encode(decodeFixture('usage-with-cache'))
    const start = JSON.parse(frames[0]?.data ?? '{}') as { message: { usage: JsonObject } }
    expect(start.message.usage).toEqual({
      input_tokens: 3,
      cache_creation_input_tokens: 1460,
      cache_read_input_tokens: 12850,
      output_tokens: 1,
    })
    const delta = JSON.parse(
      frames.find((f) => f.event === 'message_delta')?.data ?? '{}',
    ) as JsonObject
    expect(delta).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: 3,
        cache_creation_input_tokens: 1460,
        cache_read_input_tokens: 12850,
        output_tokens: 7,
      },
    })
  })

  it('wraps a custom tool call as {"input": raw} with correctly escaped fragments', async () => {
    const raw = '*** Begin Patch\n*** Add File: a "quoted" \\ path\n+héllo 🎉\n*** End Patch'
    const events: CanonicalEvent[] = [
      { type: 'message_start', id: 'resp_abc', model: 'gpt-5' },
      {
        type: 'block_start',
        index: 0,
        block: { kind: 'tool_call', callId: 'call_1', name: 'apply_patch', toolKind: 'custom' },
      },
      { type: 'tool_args_delta', index: 0, delta: raw.slice(0, 20) },
      { type: 'tool_args_delta', index: 0, delta: raw.slice(20) },
      { type: 'block_stop', index: 0 },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } },
      { type: 'message_stop', stopReason: 'tool_use' },
    ]
    const message = await sdkFinalMessage(encode(events))
    expect(message['content']).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'apply_patch', input: { input: raw } },
    ])
    expect(comparable(message)).toEqual(expected(events))
  })

  it('carries a foreign reasoning token home in an envelope, and refusal as text', async () => {
    const opaque = { dialect: 'openai-responses' as const, value: 'gAAAAB-enc', itemId: 'rs_1' }
    const events: CanonicalEvent[] = [
      { type: 'message_start', id: 'resp_1', model: 'gpt-5' },
      { type: 'block_start', index: 0, block: { kind: 'reasoning', channel: 'summary' } },
      { type: 'reasoning_delta', index: 0, text: 'Thinking about it.' },
      { type: 'block_stop', index: 0, opaque },
      { type: 'block_start', index: 1, block: { kind: 'redacted_reasoning' } },
      { type: 'block_stop', index: 1 },
      { type: 'block_start', index: 2, block: { kind: 'refusal' } },
      { type: 'text_delta', index: 2, text: 'No.' },
      { type: 'block_stop', index: 2 },
      { type: 'message_stop', stopReason: 'refusal' },
    ]
    const message = await sdkFinalMessage(encode(events))
    const content = message['content'] as JsonObject[]
    expect(content.map((b) => b['type'])).toEqual(['thinking', 'text'])
    expect(unpackOpaque(String(content[0]?.['signature']), 'anthropic-messages')).toEqual(opaque)
    expect(message['stop_reason']).toBe('refusal')
    expect(comparable(message)).toEqual(expected(events))
  })

  it('turns an error event into an SDK APIError of the right type', async () => {
    const events = decodeFixture('mid-stream-error')
    const frames = encode(events)
    expect(frames.at(-1)).toEqual({
      event: 'error',
      data: JSON.stringify({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      }),
    })
    const failure = sdkFinalMessage(frames)
    await expect(failure).rejects.toBeInstanceOf(Anthropic.APIError)
    await expect(failure).rejects.toMatchObject({
      error: { type: 'error', error: { type: 'overloaded_error' } },
    })
  })

  it('adds the retry hint to rate-limit errors', () => {
    const frames = encode([
      {
        type: 'error',
        error: { kind: 'rate_limit', message: 'Slow down.', retryAfterSeconds: 7.2 },
      },
    ])
    expect(JSON.parse(frames[0]?.data ?? '{}')).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Slow down. Please try again in 8s.' },
    })
  })

  it('end() without a terminal event emits an error frame the SDK throws on', async () => {
    const events = decodeFixture('text').filter((e) => e.type !== 'message_stop')
    const frames = encode(events)
    expect(frames.at(-1)?.event).toBe('error')
    await expect(sdkFinalMessage(frames)).rejects.toBeInstanceOf(Anthropic.APIError)
    const encoder = anthropicMessagesCodec.createStreamEncoder(encoderOptions(MODEL))
    decodeFixture('text').forEach((e) => encoder.push(e))
    expect(encoder.end()).toEqual([])
  })

  it('keepalive is a ping frame', () => {
    const encoder = anthropicMessagesCodec.createStreamEncoder(encoderOptions(MODEL))
    expect(encoder.keepalive()).toEqual([{ event: 'ping', data: '{"type": "ping"}' }])
  })
})
