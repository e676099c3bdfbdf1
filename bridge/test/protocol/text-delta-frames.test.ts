// The stream encoders write their most frequent frames (text, reasoning and tool-argument deltas) as text instead
// of JSON.stringify of an object: the bytes must be exactly what JSON.stringify of that object gives.
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { encoderOptions } from '../helpers/context.js'

/** Texts JSON must escape, or that look like JSON or SSE themselves. */
const TEXTS = [
  'plain',
  'say "hi"',
  'back\\slash',
  'line\nbreak\r\n',
  'tab\tand\u0001control\u001f',
  'emoji 🎛️ and ünïcödé',
  'lone \ud800 surrogate',
  '"},"index":9',
  'data: [DONE]\n\n',
  '</script>',
]

function request(includeUsage: boolean): CanonicalRequest {
  return {
    model: 'm',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [],
    stream: true,
    includeUsage,
    extras: { dialect: 'openai-chat', fields: {} },
  }
}

/** Two blocks of each kind, so that a cached prefix must change with the block. */
function events(): CanonicalEvent[] {
  const out: CanonicalEvent[] = [{ type: 'message_start', id: 'msg_1', model: 'up' }]
  let index = 0
  for (let round = 0; round < 2; round++) {
    out.push({ type: 'block_start', index, block: { kind: 'reasoning', channel: 'raw' } })
    for (const text of TEXTS) out.push({ type: 'reasoning_delta', index, text })
    out.push({ type: 'block_stop', index })
    index++
    out.push({ type: 'block_start', index, block: { kind: 'text' } })
    for (const text of TEXTS) out.push({ type: 'text_delta', index, text })
    out.push({ type: 'block_stop', index })
    index++
    out.push({
      type: 'block_start',
      index,
      block: { kind: 'tool_call', callId: `call_${round}`, name: 'f', toolKind: 'function' },
    })
    for (const text of TEXTS) out.push({ type: 'tool_args_delta', index, delta: text })
    out.push({ type: 'block_stop', index })
    index++
  }
  out.push({ type: 'message_stop', stopReason: 'end_turn' })
  return out
}

function encode(dialect: Dialect, model: string, includeUsage: boolean): SseFrame[] {
  const encoder = codecFor(dialect).createStreamEncoder(
    encoderOptions(model, request(includeUsage)),
  )
  return events().flatMap((e) => encoder.push(e))
}

/** The object the frame stands for, rebuilt in the key order the encoder's object form had. */
function expected(dialect: Dialect, data: Record<string, unknown>): unknown {
  switch (dialect) {
    case 'anthropic-messages':
      return { type: data['type'], index: data['index'], delta: data['delta'] }
    case 'openai-chat': {
      const out: Record<string, unknown> = {
        id: data['id'],
        object: data['object'],
        created: data['created'],
        model: data['model'],
        choices: data['choices'],
      }
      if ('usage' in data) out['usage'] = data['usage']
      return out
    }
    case 'openai-responses': {
      const out: Record<string, unknown> = {
        type: data['type'],
        sequence_number: data['sequence_number'],
        item_id: data['item_id'],
        output_index: data['output_index'],
      }
      for (const key of ['content_index', 'summary_index', 'delta', 'logprobs'])
        if (key in data) out[key] = data[key]
      return out
    }
  }
}

const DELTAS: Record<Dialect, (data: Record<string, unknown>) => unknown> = {
  'anthropic-messages': (d) => {
    const delta = d['delta'] as Record<string, unknown> | undefined
    return d['type'] === 'content_block_delta'
      ? (delta?.['text'] ?? delta?.['thinking'])
      : undefined
  },
  'openai-chat': (d) => {
    const choice = (d['choices'] as Record<string, unknown>[])[0]
    const delta = choice?.['delta'] as Record<string, unknown> | undefined
    return delta?.['content'] ?? delta?.['reasoning_content']
  },
  'openai-responses': (d) =>
    typeof d['type'] === 'string' && d['type'].endsWith('.delta') && !('arguments' in d)
      ? d['delta']
      : undefined,
}

describe.each<Dialect>(['anthropic-messages', 'openai-chat', 'openai-responses'])(
  '%s text deltas written as text',
  (dialect) => {
    it.each([
      ['a plain model, usage on every chunk', 'gpt-test', true],
      ['a model name JSON must escape, no usage', 'model "quoted"\\ü', false],
    ])('are the exact JSON of their object (%s)', (_name, model, includeUsage) => {
      const frames = encode(dialect, model, includeUsage)
      const deltas = frames.filter((f) => {
        const data = JSON.parse(f.data === '[DONE]' ? 'null' : f.data) as Record<
          string,
          unknown
        > | null
        const text = data === null ? undefined : DELTAS[dialect](data)
        return typeof text === 'string' && text !== ''
      })
      // Every text and reasoning delta, and (Anthropic's arguments aside, sent as JSON objects) the tool ones.
      expect(deltas.length).toBeGreaterThanOrEqual(4 * TEXTS.length)
      for (const f of deltas) {
        const data = JSON.parse(f.data) as Record<string, unknown>
        expect(f.data).toBe(JSON.stringify(expected(dialect, data)))
        expect(TEXTS).toContain(DELTAS[dialect](data))
      }
    })
  },
)
