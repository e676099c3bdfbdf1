// The Chat stream encoder, checked against the real `openai` SDK: its accumulated final completion must equal
// our non-stream encoding of the same events.
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { serializeFrames } from '../../../protocol/sse/serialize.js'
import { encoderOptions } from '../../helpers/context.js'

const REQUEST: CanonicalRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: true,
  includeUsage: true,
  extras: { dialect: 'openai-chat', fields: {} },
}

function encode(
  events: readonly CanonicalEvent[],
  request: CanonicalRequest | undefined = REQUEST,
  end = true,
): SseFrame[] {
  const encoder = openaiChatCodec.createStreamEncoder(encoderOptions('client-model', request))
  const frames = events.flatMap((e) => encoder.push(e))
  if (end) frames.push(...encoder.end())
  return frames
}

async function sdkFinal(
  frames: readonly SseFrame[],
): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  const text = serializeFrames(frames)
  const client = new OpenAI({
    apiKey: 'x',
    baseURL: 'http://fake/v1',
    maxRetries: 0,
    fetch: async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
  })
  const stream = client.chat.completions.stream({
    model: 'client-model',
    messages: [{ role: 'user', content: 'hi' }],
    stream_options: { include_usage: true },
  })
  return stream.finalChatCompletion()
}

function ours(events: readonly CanonicalEvent[]): JsonObject {
  const result = accumulate(events)
  if (!result.ok) throw new Error(result.error.message)
  return openaiChatCodec.encodeResponse(result.response, encoderOptions('client-model', REQUEST))
}

async function expectOracleMatch(events: readonly CanonicalEvent[]): Promise<void> {
  const final = await sdkFinal(encode(events))
  const mine = ours(events)
  const choices = mine['choices'] as JsonObject[]
  const choice = choices[0] as JsonObject
  const message = choice['message'] as JsonObject
  const sdkChoice = final.choices[0]
  expect(sdkChoice).toBeDefined()
  // The stream's first delta carries content:"", so the SDK always holds a string where JSON may say null.
  expect(sdkChoice?.message.content).toEqual(message['content'] ?? '')
  expect(sdkChoice?.message.tool_calls ?? null).toEqual(message['tool_calls'] ?? null)
  expect(sdkChoice?.message.refusal ?? null).toEqual(message['refusal'])
  expect(sdkChoice?.finish_reason).toEqual(choice['finish_reason'])
  expect(final.usage).toEqual(mine['usage'])
  expect(final.model).toBe('client-model')
}

const start: CanonicalEvent = { type: 'message_start', id: 'msg_up', model: 'upstream-model' }
const usage: CanonicalEvent = {
  type: 'usage',
  usage: {
    inputTokens: 120,
    cachedInputTokens: 100,
    outputTokens: 30,
    reasoningTokens: 5,
    cacheWriteTokens: 0,
  },
}

const TEXT: CanonicalEvent[] = [
  start,
  { type: 'block_start', index: 0, block: { kind: 'text' } },
  { type: 'text_delta', index: 0, text: 'Hello, ' },
  { type: 'text_delta', index: 0, text: 'wörld 🌍' },
  { type: 'block_stop', index: 0 },
  usage,
  { type: 'message_stop', stopReason: 'end_turn' },
]

const TOOLS: CanonicalEvent[] = [
  start,
  { type: 'block_start', index: 0, block: { kind: 'reasoning', channel: 'raw' } },
  { type: 'reasoning_delta', index: 0, text: 'Need weather.' },
  { type: 'block_stop', index: 0, opaque: { dialect: 'anthropic-messages', value: 'sig' } },
  { type: 'block_start', index: 1, block: { kind: 'text' } },
  { type: 'text_delta', index: 1, text: 'Checking.' },
  { type: 'block_stop', index: 1 },
  {
    type: 'block_start',
    index: 2,
    block: { kind: 'tool_call', callId: 'toolu_01A', name: 'get_weather', toolKind: 'function' },
  },
  { type: 'tool_args_delta', index: 2, delta: '{"city":' },
  { type: 'tool_args_delta', index: 2, delta: '"Paris"}' },
  { type: 'block_stop', index: 2 },
  {
    type: 'block_start',
    index: 3,
    block: { kind: 'tool_call', callId: 'toolu_01B', name: 'get_time', toolKind: 'function' },
  },
  { type: 'block_stop', index: 3 },
  usage,
  { type: 'message_stop', stopReason: 'tool_use' },
]

const CUSTOM: CanonicalEvent[] = [
  start,
  {
    type: 'block_start',
    index: 0,
    block: { kind: 'tool_call', callId: 'call_patch', name: 'apply_patch', toolKind: 'custom' },
  },
  { type: 'tool_args_delta', index: 0, delta: '*** Begin Patch\n+ say "hi"\\' },
  { type: 'tool_args_delta', index: 0, delta: '\t😀\n*** End Patch' },
  { type: 'block_stop', index: 0 },
  { type: 'message_stop', stopReason: 'tool_use' },
]

describe('openai-chat stream encoder (openai SDK oracle)', () => {
  it('text: the SDK final completion equals our non-stream encoding', async () => {
    await expectOracleMatch(TEXT)
  })

  it('reasoning + text + two tool calls', async () => {
    await expectOracleMatch(TOOLS)
    const final = await sdkFinal(encode(TOOLS))
    expect(
      final.choices[0]?.message.tool_calls?.map((c) =>
        c.type === 'function' ? c.function.arguments : '',
      ),
    ).toEqual(['{"city":"Paris"}', ''])
  })

  it('custom tool calls stream as a function call with properly escaped {"input": raw}', async () => {
    await expectOracleMatch(CUSTOM)
    const final = await sdkFinal(encode(CUSTOM))
    const call = final.choices[0]?.message.tool_calls?.[0]
    const args = call?.type === 'function' ? call.function.arguments : ''
    expect(JSON.parse(args)).toEqual({ input: '*** Begin Patch\n+ say "hi"\\\t😀\n*** End Patch' })
  })

  it('an empty custom call still yields valid JSON', async () => {
    const events: CanonicalEvent[] = [
      start,
      {
        type: 'block_start',
        index: 0,
        block: { kind: 'tool_call', callId: 'c1', name: 'x', toolKind: 'custom' },
      },
      { type: 'block_stop', index: 0 },
      { type: 'message_stop', stopReason: 'tool_use' },
    ]
    const final = await sdkFinal(encode(events))
    const call = final.choices[0]?.message.tool_calls?.[0]
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ input: '' })
  })

  it('refusal and max tokens', async () => {
    await expectOracleMatch([
      start,
      { type: 'block_start', index: 0, block: { kind: 'refusal' } },
      { type: 'text_delta', index: 0, text: 'I cannot help with that.' },
      { type: 'block_stop', index: 0 },
      { type: 'message_stop', stopReason: 'refusal' },
    ])
    await expectOracleMatch([
      start,
      { type: 'block_start', index: 0, block: { kind: 'text' } },
      { type: 'text_delta', index: 0, text: 'cut' },
      { type: 'block_stop', index: 0 },
      { type: 'message_stop', stopReason: 'max_tokens' },
    ])
  })

  it('frame shape: data only, one id/created/model, role first, usage null only with include_usage, [DONE] last', () => {
    const frames = encode(TEXT)
    expect(frames.every((f) => f.event === undefined)).toBe(true)
    expect(frames.at(-1)).toEqual({ data: '[DONE]' })
    const bodies = frames.slice(0, -1).map((f) => JSON.parse(f.data) as Record<string, unknown>)
    expect(new Set(bodies.map((b) => b['id']))).toEqual(new Set(['chatcmpl-test0001']))
    expect(new Set(bodies.map((b) => b['created']))).toEqual(new Set([1_763_900_000]))
    expect(new Set(bodies.map((b) => b['model']))).toEqual(new Set(['client-model']))
    expect(bodies[0]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' } }],
      usage: null,
    })
    const last = bodies.at(-1)
    expect(last).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    })
    expect(bodies.at(-2)).toMatchObject({
      choices: [{ delta: {}, finish_reason: 'stop' }],
      usage: null,
    })

    const withoutUsage = encode(TEXT, { ...REQUEST, includeUsage: false })
    const plain = withoutUsage
      .slice(0, -1)
      .map((f) => JSON.parse(f.data) as Record<string, unknown>)
    expect(plain.some((b) => 'usage' in b)).toBe(false)
    expect(plain.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }] })
  })

  it('tool call deltas: the first carries id/type/name with empty arguments, k counts tool calls only', () => {
    const bodies = encode(TOOLS)
      .filter((f) => f.data !== '[DONE]')
      .map((f) => JSON.parse(f.data) as { choices: { delta: { tool_calls?: unknown[] } }[] })
    const calls = bodies.flatMap((b) => b.choices[0]?.delta.tool_calls ?? [])
    expect(calls[0]).toEqual({
      index: 0,
      id: 'toolu_01A',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    })
    expect(calls[1]).toEqual({ index: 0, function: { arguments: '{"city":' } })
    expect(calls.at(-1)).toEqual({
      index: 1,
      id: 'toolu_01B',
      type: 'function',
      function: { name: 'get_time', arguments: '' },
    })
    const reasoning = bodies.flatMap((b) => {
      const d = b.choices[0]?.delta as Record<string, unknown> | undefined
      return d && typeof d['reasoning_content'] === 'string' ? [d['reasoning_content']] : []
    })
    expect(reasoning).toEqual(['Need weather.'])
  })

  it('an error event becomes an error chunk without [DONE], and the SDK rejects', async () => {
    const frames = encode([
      start,
      { type: 'block_start', index: 0, block: { kind: 'text' } },
      { type: 'text_delta', index: 0, text: 'partial' },
      { type: 'error', error: { kind: 'overloaded', message: 'Overloaded' } },
    ])
    expect(frames.some((f) => f.data === '[DONE]')).toBe(false)
    expect(JSON.parse(frames.at(-1)?.data ?? '')).toEqual({
      error: {
        message: 'Overloaded',
        type: 'server_error',
        param: null,
        code: 'server_is_overloaded',
      },
    })
    await expect(sdkFinal(frames)).rejects.toThrow(/Overloaded/)
  })

  it('end() without a terminal event writes an error chunk, and the SDK rejects', async () => {
    const frames = encode(TEXT.slice(0, 3))
    expect(JSON.parse(frames.at(-1)?.data ?? '')).toMatchObject({ error: { type: 'server_error' } })
    await expect(sdkFinal(frames)).rejects.toThrow()
  })

  it('keepalive is a comment frame and nothing is emitted after the end', () => {
    const encoder = openaiChatCodec.createStreamEncoder(encoderOptions('m', REQUEST))
    expect(encoder.keepalive()).toEqual([{ comment: 'keepalive', data: '' }])
    for (const e of TEXT) encoder.push(e)
    expect(encoder.end()).toEqual([])
    expect(encoder.push({ type: 'message_stop', stopReason: 'end_turn' })).toEqual([])
  })
})
