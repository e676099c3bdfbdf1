// The Responses encoder writes its envelopes and `.done` frames as text (the request's echo written once per
// stream, an item's text escaped once for every frame that repeats it): the bytes must be exactly what
// JSON.stringify of the objects the codec's builders make gives, whatever the text holds.
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { Opaque } from '../../../protocol/canonical/opaque.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import {
  messageItem,
  outputTextPart,
  reasoningItem,
  refusalPart,
  toolCallItem,
} from '../../../protocol/openai-responses/output-items.js'
import { responseEnvelope } from '../../../protocol/openai-responses/response.js'
import type { EnvelopeInput } from '../../../protocol/openai-responses/response.js'
import { envelopeText } from '../../../protocol/openai-responses/stream-envelope.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { encoderOptions } from '../../helpers/context.js'

/** Texts JSON must escape, and a pair of surrogates split across two deltas. */
const PIECES = [
  'plain ',
  'say "hi" ',
  'back\\slash\n',
  'tab\tcontrol\u0001',
  'emoji 🎛️ ',
  'split \ud83c',
  '\udf9b pair',
  ' lone \ud800 end',
  '"},"output":[',
]

const request = openaiResponsesCodec.decodeRequest({
  model: 'gpt-test',
  stream: true,
  instructions: 'Be "brief".\nReally.',
  input: 'hi',
  metadata: { session: 'a"b' },
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Runs a "command"',
      parameters: { type: 'object', properties: { cmd: { type: 'string' } } },
    },
    { type: 'custom', name: 'apply_patch', description: 'Edits files' },
  ],
  reasoning: { effort: 'high', summary: 'auto' },
})

const OPAQUE: Opaque = { dialect: 'openai-responses', value: 'enc"rypted', itemId: 'rs_upstream' }

function events(stop: CanonicalEvent): CanonicalEvent[] {
  const out: CanonicalEvent[] = [
    { type: 'message_start', id: 'resp_up', model: 'up', metadata: { thread: 't\\1' } },
  ]
  const block = (
    index: number,
    start: Extract<CanonicalEvent, { type: 'block_start' }>['block'],
    delta: (text: string) => CanonicalEvent | undefined,
    opaque?: Opaque,
  ): void => {
    out.push({ type: 'block_start', index, block: start })
    for (const text of PIECES) {
      const e = delta(text)
      if (e) out.push(e)
    }
    out.push(opaque ? { type: 'block_stop', index, opaque } : { type: 'block_stop', index })
  }
  block(
    0,
    { kind: 'reasoning', channel: 'summary' },
    (text) => ({ type: 'reasoning_delta', index: 0, text }),
    OPAQUE,
  )
  block(1, { kind: 'redacted_reasoning' }, () => undefined, OPAQUE)
  block(2, { kind: 'text' }, (text) => ({ type: 'text_delta', index: 2, text }))
  block(3, { kind: 'refusal' }, (text) => ({ type: 'text_delta', index: 3, text }))
  block(
    4,
    { kind: 'tool_call', callId: 'call_"1', name: 'shell', toolKind: 'function' },
    (delta) => ({ type: 'tool_args_delta', index: 4, delta }),
  )
  block(
    5,
    { kind: 'tool_call', callId: 'call_2', name: 'apply_patch', toolKind: 'custom' },
    (delta) => ({ type: 'tool_args_delta', index: 5, delta }),
  )
  block(
    6,
    { kind: 'tool_call', callId: 'call_3', name: 'shell', toolKind: 'function' },
    () => undefined,
  )
  out.push({ type: 'usage', usage: { inputTokens: 7, outputTokens: 9 } }, stop)
  return out
}

function encode(stop: CanonicalEvent): JsonObject[] {
  const encoder = openaiResponsesCodec.createStreamEncoder(encoderOptions('gpt "test"', request))
  const frames: SseFrame[] = events(stop).flatMap((e) => encoder.push(e))
  const data = frames.filter((f) => f.data !== '[DONE]')
  // Each frame is the exact JSON of what it parses to: no text was spliced in that JSON.stringify would write
  // otherwise (a surrogate pair escaped in halves, a stray space).
  for (const f of data) expect(f.data).toBe(JSON.stringify(JSON.parse(f.data)))
  return data.map((f) => JSON.parse(f.data) as JsonObject)
}

const joined = PIECES.join('')

describe('Responses frames written as text', () => {
  it('are what the item builders give, the whole text escaped at once', () => {
    const frames = encode({ type: 'message_stop', stopReason: 'tool_use' })
    const of = (type: string): JsonObject[] => frames.filter((f) => f['type'] === type)
    const items = of('response.output_item.done').map((f) => f['item'] as JsonObject)
    const ids = items.map((i) => String(i['id']))
    const text = outputTextPart(joined)
    expect(JSON.stringify(items)).toBe(
      JSON.stringify([
        reasoningItem(ids[0] ?? '', joined, OPAQUE),
        reasoningItem(ids[1] ?? '', '', OPAQUE),
        messageItem(ids[2] ?? '', [text], 'completed'),
        messageItem(ids[3] ?? '', [refusalPart(joined)], 'completed'),
        toolCallItem(
          ids[4] ?? '',
          { callId: 'call_"1', name: 'shell', toolKind: 'function', arguments: joined },
          'completed',
        ),
        toolCallItem(
          ids[5] ?? '',
          { callId: 'call_2', name: 'apply_patch', toolKind: 'custom', arguments: joined },
          'completed',
        ),
        toolCallItem(
          ids[6] ?? '',
          { callId: 'call_3', name: 'shell', toolKind: 'function', arguments: '{}' },
          'completed',
        ),
      ]),
    )
    const added = of('response.output_item.added').map((f) => JSON.stringify(f['item']))
    expect(added[2]).toBe(JSON.stringify(messageItem(ids[2] ?? '', [], 'in_progress')))
    expect(added[3]).toBe(JSON.stringify(messageItem(ids[3] ?? '', [], 'in_progress')))
    expect(of('response.content_part.added').map((f) => JSON.stringify(f['part']))).toEqual([
      JSON.stringify(outputTextPart('')),
      JSON.stringify(refusalPart('')),
    ])
    expect(of('response.output_text.done')[0]?.['text']).toBe(joined)
    expect(of('response.content_part.done').map((f) => f['part'])).toEqual([
      text,
      refusalPart(joined),
    ])
    expect(of('response.refusal.done')[0]?.['refusal']).toBe(joined)
    expect(of('response.reasoning_summary_text.done')[0]?.['text']).toBe(joined)
    expect(of('response.reasoning_summary_part.done')[0]?.['part']).toEqual({
      type: 'summary_text',
      text: joined,
    })
    expect(of('response.function_call_arguments.done').map((f) => f['arguments'])).toEqual([
      joined,
      '{}',
    ])
    expect(of('response.custom_tool_call_input.done')[0]?.['input']).toBe(joined)
    const last = frames.at(-1)
    expect(last?.['type']).toBe('response.completed')
    expect((last?.['response'] as JsonObject)['output']).toEqual(items)
  })

  it('open with one envelope for created and in_progress, and end with the output listed', () => {
    for (const [stop, type] of [
      [{ type: 'message_stop', stopReason: 'max_tokens' }, 'response.incomplete'],
      [
        { type: 'error', error: { kind: 'api_error', status: 502, message: 'gone' } },
        'response.failed',
      ],
    ] as const) {
      const frames = encode(stop)
      expect(frames[0]?.['type']).toBe('response.created')
      expect(frames[1]?.['type']).toBe('response.in_progress')
      expect(frames[1]?.['response']).toEqual(frames[0]?.['response'])
      expect(frames.at(-1)?.['type']).toBe(type)
    }
  })
})

describe('envelopeText', () => {
  const base = { id: 'resp_"x', createdAt: 17, model: 'm\\"', request }
  const output = [
    messageItem('msg_1', [outputTextPart('a "quote"')], 'completed'),
    toolCallItem(
      'fc_1',
      { callId: 'c', name: 'f', toolKind: 'function', arguments: '{}' },
      'completed',
    ),
  ]
  const cases: [string, Partial<EnvelopeInput>][] = [
    ['in progress', { status: 'in_progress', output: [], usage: null }],
    ['completed', { status: 'completed', output, usage: { input_tokens: 1 } }],
    [
      'incomplete',
      { status: 'incomplete', output, usage: null, incompleteReason: 'max_output_tokens' },
    ],
    [
      'failed',
      { status: 'failed', output, usage: null, error: { code: 'server_error', message: 'x' } },
    ],
  ]
  it.each(cases)('is the JSON of responseEnvelope (%s), with and without metadata', (_name, p) => {
    for (const metadata of [undefined, { thread: 't"1', session: 'own' }]) {
      const input = { ...base, ...p, ...(metadata ? { metadata } : {}) } as EnvelopeInput
      const text = envelopeText(base.id, base.createdAt, base.model, base.request, () => metadata)
      expect(
        text(
          input.status,
          input.output.map((i) => JSON.stringify(i)),
          input.usage,
          {
            ...(input.error ? { error: input.error } : {}),
            ...(input.incompleteReason ? { incompleteReason: input.incompleteReason } : {}),
          },
        ),
      ).toBe(JSON.stringify(responseEnvelope(input)))
    }
  })

  it('is the JSON of responseEnvelope without a request', () => {
    const text = envelopeText('r', 1, 'm', undefined, () => undefined)
    expect(text('in_progress', [], null)).toBe(
      JSON.stringify(
        responseEnvelope({
          id: 'r',
          createdAt: 1,
          model: 'm',
          request: undefined,
          status: 'in_progress',
          output: [],
          usage: null,
        }),
      ),
    )
  })
})
