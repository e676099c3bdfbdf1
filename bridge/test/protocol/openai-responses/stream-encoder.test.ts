// Canonical events → Responses SSE, judged by the real openai-node ResponseStream as the oracle.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { unpackOpaque } from '../../../protocol/canonical/opaque.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { encoderOptions } from '../../helpers/context.js'
import {
  decodeChunks,
  decodeFixture,
  encodeFrames,
  encodeText,
  FIXTURE_DIR,
  oracleEvents,
  oracleFinal,
} from './helpers.js'

const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.sse') && f !== 'mid-stream-error.sse')
  .map((f) => f.slice(0, -4))

function answer(events: CanonicalEvent[]): CanonicalResponse {
  const result = accumulate(events)
  if (!result.ok) throw new Error(`stream failed: ${result.error.message}`)
  return result.response
}

/** The SDK adds `parsed` / `parsed_arguments` to parts and calls; the wire never carries them. */
function withoutParsed(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) =>
      k === 'parsed' || k === 'parsed_arguments' ? undefined : v,
    ),
  )
}

function dataOf(frames: { data: string }[]): JsonObject[] {
  return frames.filter((f) => f.data !== '[DONE]').map((f) => JSON.parse(f.data) as JsonObject)
}

const ANTHROPIC_LIKE: CanonicalEvent[] = [
  { type: 'message_start', id: 'msg_01abc', model: 'claude-sonnet-4-5' },
  { type: 'block_start', index: 0, block: { kind: 'reasoning', channel: 'raw' } },
  { type: 'reasoning_delta', index: 0, text: 'Let me think.' },
  {
    type: 'block_stop',
    index: 0,
    opaque: { dialect: 'anthropic-messages', value: 'EqQBCkYIBxgCKkD-signature' },
  },
  { type: 'block_start', index: 1, block: { kind: 'redacted_reasoning' } },
  {
    type: 'block_stop',
    index: 1,
    opaque: { dialect: 'anthropic-messages', value: 'redacted-blob' },
  },
  { type: 'block_start', index: 2, block: { kind: 'text' } },
  { type: 'text_delta', index: 2, text: 'Checking ' },
  { type: 'text_delta', index: 2, text: 'now.' },
  { type: 'block_stop', index: 2 },
  {
    type: 'block_start',
    index: 3,
    block: { kind: 'tool_call', callId: 'toolu_01A', name: 'get_time', toolKind: 'function' },
  },
  { type: 'block_stop', index: 3 },
  {
    type: 'block_start',
    index: 4,
    block: { kind: 'tool_call', callId: 'toolu_01B', name: 'apply_patch', toolKind: 'custom' },
  },
  { type: 'tool_args_delta', index: 4, delta: '*** Begin Patch\n' },
  { type: 'tool_args_delta', index: 4, delta: '*** End Patch\n' },
  { type: 'block_stop', index: 4 },
  { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 40, outputTokens: 20 } },
  { type: 'message_stop', stopReason: 'tool_use' },
]

describe('responses stream encoder: the openai-node oracle accepts every fixture', () => {
  for (const name of FIXTURES) {
    it(`${name}: finalResponse() equals encodeResponse(accumulate(events))`, async () => {
      const events = decodeFixture(name)
      const text = encodeText(events)
      const final = await oracleFinal(text)
      const expected = openaiResponsesCodec.encodeResponse(
        answer(events),
        encoderOptions('client-model'),
      )
      expect(withoutParsed(final.output)).toEqual(expected['output'])
      expect(final.usage).toEqual(expected['usage'])
      expect(final.status).toBe(expected['status'])
      expect(final.incomplete_details).toEqual(expected['incomplete_details'])
      expect(final.id).toBe(expected['id'])
      expect(final.model).toBe('client-model')
    })

    it(`${name}: decoding our own stream gives back the same answer`, () => {
      const events = decodeFixture(name)
      const again = answer(decodeChunks([encodeText(events)]))
      const original = answer(events)
      expect(again.content).toEqual(original.content)
      expect(again.usage).toEqual(original.usage)
      expect(again.stopReason).toBe(original.stopReason)
    })
  }

  it('frames carry event names equal to data.type, sequence numbers from 0, and end with [DONE]', () => {
    const frames = encodeFrames(decodeFixture('thinking-with-signature'))
    const data = dataOf(frames)
    data.forEach((d, i) => {
      expect(d['sequence_number']).toBe(i)
      expect(frames[i]?.event).toBe(d['type'])
    })
    expect(data[0]?.['type']).toBe('response.created')
    expect(data[1]?.['type']).toBe('response.in_progress')
    expect(data.at(-1)?.['type']).toBe('response.completed')
    expect(frames.at(-1)).toEqual({ data: '[DONE]' })
  })

  it('the SDK emits every event without rejecting one', async () => {
    const types = await oracleEvents(encodeText(ANTHROPIC_LIKE))
    expect(types[0]).toBe('response.created')
    expect(types).toContain('response.custom_tool_call_input.delta')
    expect(types.at(-1)).toBe('response.completed')
  })

  it('an Anthropic-shaped stream: foreign tokens travel in envelopes, empty arguments read as {}', async () => {
    const final = await oracleFinal(encodeText(ANTHROPIC_LIKE))
    const [thinking, redacted, message, call, custom] = final.output
    expect(thinking).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Let me think.' }],
    })
    const slot = thinking?.type === 'reasoning' ? thinking.encrypted_content : undefined
    expect(unpackOpaque(slot ?? '', 'openai-responses')).toEqual({
      dialect: 'anthropic-messages',
      value: 'EqQBCkYIBxgCKkD-signature',
    })
    expect(redacted).toMatchObject({ type: 'reasoning', summary: [] })
    expect(message).toMatchObject({
      type: 'message',
      content: [{ type: 'output_text', text: 'Checking now.' }],
    })
    expect(call).toMatchObject({
      type: 'function_call',
      call_id: 'toolu_01A',
      name: 'get_time',
      arguments: '{}',
      status: 'completed',
    })
    expect(custom).toMatchObject({
      type: 'custom_tool_call',
      call_id: 'toolu_01B',
      name: 'apply_patch',
      input: '*** Begin Patch\n*** End Patch\n',
    })
    expect(final.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 40 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 120,
    })
  })

  it('refusal stop → response.incomplete with content_filter', async () => {
    const events: CanonicalEvent[] = [
      { type: 'message_start', id: 'm', model: 'x' },
      { type: 'block_start', index: 0, block: { kind: 'refusal' } },
      { type: 'text_delta', index: 0, text: 'No.' },
      { type: 'block_stop', index: 0 },
      { type: 'message_stop', stopReason: 'refusal' },
    ]
    const final = await oracleFinal(encodeText(events))
    expect(final.status).toBe('incomplete')
    expect(final.incomplete_details).toEqual({ reason: 'content_filter' })
    expect(final.output[0]).toMatchObject({
      type: 'message',
      content: [{ type: 'refusal', refusal: 'No.' }],
    })
  })

  it('an error becomes response.failed with code and a retry hint, then [DONE]', async () => {
    const events: CanonicalEvent[] = [
      { type: 'message_start', id: 'm', model: 'x' },
      { type: 'block_start', index: 0, block: { kind: 'text' } },
      { type: 'text_delta', index: 0, text: 'partial' },
      { type: 'error', error: { kind: 'rate_limit', message: 'Slow down.', retryAfterSeconds: 2 } },
    ]
    const frames = encodeFrames(events)
    expect(frames.at(-1)).toEqual({ data: '[DONE]' })
    const failed = dataOf(frames).at(-1)
    expect(failed?.['type']).toBe('response.failed')
    expect((failed?.['response'] as JsonObject)['error']).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Slow down. Please try again in 2s.',
    })
    // openai-node v7 resolves a failed response (only `error` events reject); Codex retries on response.failed.
    const final = await oracleFinal(encodeText(events))
    expect(final.status).toBe('failed')
    expect(final.error).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Slow down. Please try again in 2s.',
    })
  })

  it('the mid-stream-error fixture re-encodes as response.failed with the upstream code', async () => {
    const final = await oracleFinal(encodeText(decodeFixture('mid-stream-error')))
    expect(final.status).toBe('failed')
    expect(final.error?.code).toBe('server_error')
  })

  it('end() without a terminal event still closes the stream for Codex (response.failed)', () => {
    const frames = encodeFrames([{ type: 'message_start', id: 'm', model: 'x' }])
    const last = dataOf(frames).at(-1)
    expect(last?.['type']).toBe('response.failed')
    expect(frames.at(-1)).toEqual({ data: '[DONE]' })
    const encoder = openaiResponsesCodec.createStreamEncoder(encoderOptions())
    const onlyEnd = dataOf(encoder.end())
    expect(onlyEnd.map((d) => d['type'])).toEqual([
      'response.created',
      'response.in_progress',
      'response.failed',
    ])
  })

  it('nothing is emitted after the terminal event, and keepalive is a comment', () => {
    const encoder = openaiResponsesCodec.createStreamEncoder(encoderOptions())
    encoder.push({ type: 'message_start', id: 'm', model: 'x' })
    expect(encoder.push({ type: 'message_stop', stopReason: 'end_turn' }).length).toBeGreaterThan(0)
    expect(encoder.push({ type: 'message_stop', stopReason: 'end_turn' })).toEqual([])
    expect(encoder.end()).toEqual([])
    expect(encoder.keepalive()).toEqual([{ data: '', comment: 'keepalive' }])
  })

  it('echoes the client request fields in the response object', async () => {
    const request: CanonicalRequest = {
      model: 'gpt-5-codex',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [
        { kind: 'function', name: 'exec_command', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: 'auto',
      parallelToolCalls: false,
      reasoning: { enabled: true, effort: 'high', summary: 'auto' },
      metadata: { a: 'b' },
      stream: true,
      extras: { dialect: 'openai-responses', fields: {} },
    }
    const final = await oracleFinal(encodeText(ANTHROPIC_LIKE, request))
    expect(final.instructions).toBe('Be brief.')
    expect(final.tools).toEqual([
      {
        type: 'function',
        name: 'exec_command',
        parameters: { type: 'object', properties: {} },
        strict: false,
      },
    ])
    expect(final.parallel_tool_calls).toBe(false)
    expect(final.reasoning).toEqual({ effort: 'high', summary: 'auto' })
    expect(final.metadata).toEqual({ a: 'b' })
  })
})
