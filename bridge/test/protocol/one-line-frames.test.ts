// Encoders mark the frames whose data is JSON text they wrote (`oneLine`), and serializeFrame then writes them
// without searching for line breaks: a marked frame must never hold one, whatever text, names or errors it carries.
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { serializeFrame } from '../../protocol/sse/serialize.js'
import { encoderOptions } from '../helpers/context.js'

/** Line breaks in every place a client or upstream controls: texts, names, ids, metadata, error messages. */
const NL = 'line\nbreak\r\nand\u2028sep\n\n'

const request: CanonicalRequest = {
  model: `m${NL}`,
  system: [{ type: 'text', text: `be brief${NL}` }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: true,
  includeUsage: true,
  metadata: { note: NL },
  extras: { dialect: 'openai-responses', fields: {} },
}

function events(end: 'stop' | 'error'): CanonicalEvent[] {
  const out: CanonicalEvent[] = [
    { type: 'message_start', id: `msg${NL}`, model: `up${NL}`, metadata: { thread: NL } },
    { type: 'block_start', index: 0, block: { kind: 'reasoning', channel: 'summary' } },
    { type: 'reasoning_delta', index: 0, text: NL },
    { type: 'block_stop', index: 0 },
    { type: 'block_start', index: 1, block: { kind: 'text' } },
    { type: 'text_delta', index: 1, text: NL },
    { type: 'text_delta', index: 1, text: 'data: [DONE]\n\n' },
    { type: 'block_stop', index: 1 },
    { type: 'block_start', index: 2, block: { kind: 'refusal' } },
    { type: 'text_delta', index: 2, text: NL },
    { type: 'block_stop', index: 2 },
    {
      type: 'block_start',
      index: 3,
      block: { kind: 'tool_call', callId: `call${NL}`, name: `f${NL}`, toolKind: 'function' },
    },
    { type: 'tool_args_delta', index: 3, delta: '{"a":\n"b\\n"}' },
    { type: 'block_stop', index: 3 },
    {
      type: 'block_start',
      index: 4,
      block: { kind: 'tool_call', callId: 'call_c', name: 'apply', toolKind: 'custom' },
    },
    { type: 'tool_args_delta', index: 4, delta: NL },
    { type: 'block_stop', index: 4 },
    { type: 'usage', usage: { inputTokens: 3, outputTokens: 5 } },
  ]
  out.push(
    end === 'stop'
      ? { type: 'message_stop', stopReason: 'max_tokens' }
      : { type: 'error', error: { kind: 'api_error', status: 502, message: NL } },
  )
  return out
}

function encode(dialect: Dialect, end: 'stop' | 'error'): SseFrame[] {
  const encoder = codecFor(dialect).createStreamEncoder(encoderOptions(`model${NL}`, request))
  return [...events(end).flatMap((e) => encoder.push(e)), ...encoder.end()]
}

describe.each<Dialect>(['anthropic-messages', 'openai-chat', 'openai-responses'])(
  '%s frames marked as one line',
  (dialect) => {
    it.each<'stop' | 'error'>(['stop', 'error'])(
      'hold no line break and serialize as the search would (stream ending in %s)',
      (end) => {
        const frames = encode(dialect, end)
        const marked = frames.filter((f) => f.oneLine === true)
        // The per-event JSON frames are the marked ones: the fast path is taken, not just harmless. (Anthropic's
        // error frame, once per stream, is written by the shared error encoder, unmarked.)
        expect(marked.length).toBeGreaterThan(5)
        for (const f of frames) {
          if (f.comment !== undefined || f.data === '[DONE]') continue
          if (f.event === 'ping' || f.event === 'error') continue
          expect(f.oneLine, f.data).toBe(true)
        }
        for (const f of marked) {
          expect(f.data).not.toContain('\n')
          const unmarked: SseFrame = { ...f }
          delete unmarked.oneLine
          expect(serializeFrame(f)).toBe(serializeFrame(unmarked))
        }
      },
    )
  },
)

describe('serializeFrame', () => {
  it('still splits an unmarked frame with line breaks into data lines', () => {
    expect(serializeFrame({ event: 'e', data: 'a\nb' })).toBe('event: e\ndata: a\ndata: b\n\n')
  })

  it('writes a marked frame as one data line', () => {
    expect(serializeFrame({ event: 'e', data: '{"a":"b\\n"}', oneLine: true })).toBe(
      'event: e\ndata: {"a":"b\\n"}\n\n',
    )
  })
})
