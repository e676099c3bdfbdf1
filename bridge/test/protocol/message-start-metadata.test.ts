// The upstream's metadata on message_start (a Codex thread id) reaches each dialect's stream in its place, and a
// message_start without it leaves the stream as it was.
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { DialectCodec } from '../../protocol/codec.js'
import { anthropicMessagesCodec } from '../../protocol/anthropic-messages/index.js'
import { openaiChatCodec } from '../../protocol/openai-chat/index.js'
import { openaiResponsesCodec } from '../../protocol/openai-responses/index.js'
import { encoderOptions } from '../helpers/context.js'

function encode(codec: DialectCodec, metadata?: Record<string, string>): Record<string, unknown>[] {
  const encoder = codec.createStreamEncoder(encoderOptions())
  const events: CanonicalEvent[] = [
    { type: 'message_start', id: 'msg_1', model: 'm', ...(metadata ? { metadata } : {}) },
    { type: 'block_start', index: 0, block: { kind: 'text' } },
    { type: 'text_delta', index: 0, text: 'hi' },
    { type: 'block_stop', index: 0 },
    { type: 'message_stop', stopReason: 'end_turn' },
  ]
  return [...events.flatMap((e) => encoder.push(e)), ...encoder.end()]
    .filter((f) => f.comment === undefined && f.data !== '[DONE]')
    .map((f) => JSON.parse(f.data) as Record<string, unknown>)
}

const meta = { thread_id: 'th-1' }

describe('message_start metadata', () => {
  it('Chat: on the first chunk only', () => {
    const chunks = encode(openaiChatCodec, meta)
    expect(chunks[0]?.['metadata']).toEqual(meta)
    expect(chunks.slice(1).some((c) => 'metadata' in c)).toBe(false)
    expect(encode(openaiChatCodec).some((c) => 'metadata' in c)).toBe(false)
  })

  it('Anthropic: on message_start.message', () => {
    const start = encode(anthropicMessagesCodec, meta).find((e) => e['type'] === 'message_start')
    expect((start?.['message'] as Record<string, unknown>)['metadata']).toEqual(meta)
    const plain = encode(anthropicMessagesCodec).find((e) => e['type'] === 'message_start')
    expect('metadata' in (plain?.['message'] as Record<string, unknown>)).toBe(false)
  })

  it('Responses: in response.metadata of every response snapshot', () => {
    const snapshots = encode(openaiResponsesCodec, meta)
      .filter((e) => typeof e['response'] === 'object')
      .map((e) => (e['response'] as Record<string, unknown>)['metadata'])
    expect(snapshots.length).toBe(3)
    expect(snapshots.every((m) => JSON.stringify(m) === JSON.stringify(meta))).toBe(true)
    const plain = encode(openaiResponsesCodec).find((e) => e['type'] === 'response.completed')
    expect((plain?.['response'] as Record<string, unknown>)['metadata']).toEqual({})
  })
})
