// The stream decoders read a run of like frames through a template instead of parsing each (read-json-template),
// and still see whatever a frame adds: a finish reason, a tool call, another block, a malformed number.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { parseJson } from '../../protocol/canonical/read-json.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { decodeFrames } from '../helpers/translate.js'

vi.mock('../../protocol/canonical/read-json.js', async (original) => {
  const reader = await original<typeof import('../../protocol/canonical/read-json.js')>()
  return { ...reader, parseJson: vi.fn(reader.parseJson) }
})

const parses = (): number => vi.mocked(parseJson).mock.calls.length

beforeEach(() => {
  vi.mocked(parseJson).mockClear()
})

const texts = (events: CanonicalEvent[]): string =>
  events.map((e) => (e.type === 'text_delta' ? e.text : '')).join('')

const chat = (delta: object, finish: string | null = null, extra: object = {}): SseFrame => ({
  data: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  }),
})

const words = Array.from({ length: 30 }, (_, i) => `w${i} `)

describe('openai-chat decoder', () => {
  it('parses a run of text-only chunks a few times, not once per chunk, and reads them whole', () => {
    const frames = [
      chat({ role: 'assistant', content: '' }),
      ...words.map((w, i) => chat({ content: w }, null, { obfuscation: 'x'.repeat(i % 7) })),
      chat({}, 'stop'),
      { data: '[DONE]' },
    ]
    const events = decodeFrames('openai-chat', frames)
    expect(texts(events)).toBe(words.join(''))
    expect(events.at(-1)).toEqual({ type: 'message_stop', stopReason: 'end_turn' })
    expect(parses()).toBeLessThan(8)
  })

  it('sees an escape or a finish reason in a chunk that otherwise repeats the last', () => {
    const frames = [
      ...words.slice(0, 5).map((w) => chat({ content: w })),
      chat({ content: 'say "hi"\\\n' }),
      chat({ content: 'b' }, 'length'),
      { data: '[DONE]' },
    ]
    const events = decodeFrames('openai-chat', frames)
    expect(texts(events)).toBe(words.slice(0, 5).join('') + 'say "hi"\\\nb')
    expect(events.at(-1)).toEqual({ type: 'message_stop', stopReason: 'max_tokens' })
  })

  it('sees a tool call written after the text of a chunk that otherwise repeats the last', () => {
    const withCall = chat({ content: 'a' }).data.replace(
      '"content":"a"',
      '"content":"a","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]',
    )
    const frames = [
      ...words.slice(0, 5).map((w) => chat({ content: w })),
      { data: withCall },
      chat({}, 'tool_calls'),
      { data: '[DONE]' },
    ]
    const events = decodeFrames('openai-chat', frames)
    expect(texts(events)).toBe(words.slice(0, 5).join('') + 'a')
    expect(events).toContainEqual({
      type: 'block_start',
      index: 1,
      block: { kind: 'tool_call', callId: 'call_1', name: 'f', toolKind: 'function' },
    })
    expect(events.at(-1)).toEqual({ type: 'message_stop', stopReason: 'tool_use' })
  })
})

const responsesDelta = (seq: number | string, delta: string, index = 0): SseFrame => ({
  event: 'response.output_text.delta',
  data: `{"type":"response.output_text.delta","sequence_number":${seq},"item_id":"msg_${index}","output_index":${index},"content_index":0,"delta":${JSON.stringify(delta)},"logprobs":[]}`,
})

const responsesFrame = (type: string, body: object): SseFrame => ({
  event: type,
  data: JSON.stringify({ type, ...body }),
})

describe('openai-responses decoder', () => {
  const opening = [
    responsesFrame('response.created', { response: { id: 'resp_1', model: 'm' } }),
    responsesFrame('response.output_item.added', {
      output_index: 0,
      item: { id: 'msg_0', type: 'message', role: 'assistant', content: [] },
    }),
  ]

  it('reads numbered deltas through a template and still refuses a malformed number', () => {
    const frames = [...opening, ...words.map((w, i) => responsesDelta(i + 2, w))]
    const events = decodeFrames('openai-responses', [...frames, responsesDelta('040', 'x')])
    expect(texts(events)).toBe(words.join(''))
    expect(parses()).toBeLessThan(8)
    expect(events.at(-1)?.type).toBe('error')
  })

  it("reads reasoning, tool input and later items' deltas through templates as parsing reads them", () => {
    const delta = (type: string, index: number, body: object): SseFrame =>
      responsesFrame(type, {
        sequence_number: 0,
        item_id: `it_${index}`,
        output_index: index,
        ...body,
      })
    const frames = [
      responsesFrame('response.created', { response: { id: 'resp_1', model: 'm' } }),
      responsesFrame('response.output_item.added', {
        output_index: 0,
        item: { id: 'it_0', type: 'reasoning', summary: [] },
      }),
      ...words.map((w) =>
        delta('response.reasoning_summary_text.delta', 0, { summary_index: 0, delta: w }),
      ),
      delta('response.reasoning_summary_part.added', 0, {
        summary_index: 1,
        part: { type: 'summary_text', text: '' },
      }),
      ...words.map((w) =>
        delta('response.reasoning_summary_text.delta', 0, { summary_index: 1, delta: w }),
      ),
      // A second item streams while the first is open: its deltas wait for the first to finish.
      responsesFrame('response.output_item.added', {
        output_index: 1,
        item: { id: 'it_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' },
      }),
      ...words.map((w) => delta('response.function_call_arguments.delta', 1, { delta: w })),
      responsesFrame('response.output_item.done', {
        output_index: 0,
        item: { id: 'it_0', type: 'reasoning', summary: [] },
      }),
      ...words.map((w) => delta('response.function_call_arguments.delta', 1, { delta: w })),
      responsesFrame('response.completed', {
        response: { id: 'resp_1', model: 'm', status: 'completed', output: [] },
      }),
    ]
    const events = decodeFrames('openai-responses', frames)
    expect(parses()).toBeLessThan(16)
    // Pretty-printed, no frame fits a template: each is parsed.
    const parsed = decodeFrames(
      'openai-responses',
      frames.map((f) => ({ ...f, data: JSON.stringify(JSON.parse(f.data), null, 1) })),
    )
    expect(parses()).toBeGreaterThan(frames.length)
    expect(events).toEqual(parsed)
    const kinds = events.map((e) => e.type)
    expect(kinds.filter((k) => k === 'reasoning_delta')).toHaveLength(words.length * 2 + 1)
    expect(kinds.filter((k) => k === 'tool_args_delta')).toHaveLength(words.length * 2)
    expect(events.at(-1)).toEqual({ type: 'message_stop', stopReason: 'tool_use' })
  })

  it('puts a delta for another output index where that index says', () => {
    const frames = [
      ...opening,
      ...words.slice(0, 4).map((w, i) => responsesDelta(i + 2, w)),
      responsesDelta(9, 'lost', 1),
      responsesFrame('response.completed', {
        response: { id: 'resp_1', model: 'm', status: 'completed', output: [] },
      }),
    ]
    expect(texts(decodeFrames('openai-responses', frames))).toBe(words.slice(0, 4).join(''))
  })
})

const anthropicDelta = (index: number, text: string): SseFrame => ({
  event: 'content_block_delta',
  data: `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}`,
})

const anthropicFrame = (event: string, body: object): SseFrame => ({
  event,
  data: JSON.stringify({ type: event, ...body }),
})

describe('anthropic-messages decoder', () => {
  it('reads a run of text deltas through a template, and a delta for another block by its index', () => {
    const frames = [
      anthropicFrame('message_start', { message: { id: 'msg_1', model: 'm', usage: {} } }),
      anthropicFrame('content_block_start', {
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
      ...words.map((w) => anthropicDelta(0, w)),
      anthropicDelta(1, 'misplaced'),
    ]
    const events = decodeFrames('anthropic-messages', frames)
    expect(texts(events)).toBe(words.join(''))
    expect(parses()).toBeLessThan(8)
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { status: 502 } })
  })
})
