// Chat stream decoder edge cases that real servers produce (wire-protocols §3.5 deviations, §5).
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { checkWellFormed } from '../../../protocol/canonical/invariants.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { CanonicalResponse } from '../../../protocol/canonical/response.js'
import { chunk, decodeFrames } from './decode-helpers.js'

function ok(events: CanonicalEvent[]): CanonicalResponse {
  expect(checkWellFormed(events)).toEqual([])
  const result = accumulate(events)
  if (!result.ok) throw new Error(result.error.message)
  return result.response
}

const fn = (
  index: number | undefined,
  f: Record<string, unknown>,
  id?: string,
): Record<string, unknown> => ({
  ...(index === undefined ? {} : { index }),
  ...(id ? { id, type: 'function' } : {}),
  function: f,
})

describe('openai-chat stream decoder', () => {
  it('buffers arguments that arrive before the id and name', () => {
    const events = decodeFrames([
      chunk({ role: 'assistant', tool_calls: [fn(0, { arguments: '{"a":' })] }),
      chunk({ tool_calls: [fn(0, { name: 'f', arguments: '1}' }, 'call_1')] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_1',
        name: 'f',
        arguments: '{"a":1}',
        toolKind: 'function',
      },
    ])
  })

  it('defaults a missing index to 0 and synthesises deterministic ids from the message id', () => {
    const events = decodeFrames([
      chunk({ tool_calls: [{ function: { name: 'a', arguments: '{}' } }] }, null, 'chatcmpl-m1'),
      chunk({}, 'tool_calls', 'chatcmpl-m1'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_chatcmpl-m1_0',
        name: 'a',
        arguments: '{}',
        toolKind: 'function',
      },
    ])
  })

  it('keeps arguments "" for a tool without parameters', () => {
    const events = decodeFrames([
      chunk({ tool_calls: [fn(0, { name: 'now', arguments: '' }, 'call_n')] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    const r = ok(events)
    expect(r.content).toEqual([
      { type: 'tool_call', callId: 'call_n', name: 'now', arguments: '', toolKind: 'function' },
    ])
  })

  it('handles text and tool_calls in the same chunk (text first, then the call)', () => {
    const events = decodeFrames([
      chunk({
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [fn(0, { name: 'get', arguments: '{"x":1}' }, 'call_t')],
      }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool_call',
        callId: 'call_t',
        name: 'get',
        arguments: '{"x":1}',
        toolKind: 'function',
      },
    ])
  })

  it('ends with an out-of-order error when a complete call comes back with an id already used', () => {
    // Gemini-style parallel calls share index 0; the same chunk twice would be two calls with one id.
    const tokyo = chunk({
      tool_calls: [fn(0, { name: 'get_weather', arguments: '{"city":"Tokyo"}' }, 'call_t')],
    })
    const paris = chunk({
      tool_calls: [fn(0, { name: 'get_weather', arguments: '{"city":"Paris"}' }, 'call_p')],
    })
    const events = decodeFrames([tokyo, paris, tokyo, chunk({}, 'tool_calls'), '[DONE]'])
    expect(checkWellFormed(events)).toEqual([])
    expect(
      events.filter(
        (e) =>
          e.type === 'block_start' && e.block.kind === 'tool_call' && e.block.callId === 'call_t',
      ),
    ).toHaveLength(1)
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message: 'upstream stream out of order: tool call call_t arrived a second time',
      },
    })
  })

  it('streams the first call live and flushes the others in order at [DONE]', () => {
    const events = decodeFrames([
      chunk({ tool_calls: [fn(0, { name: 'a', arguments: '{"p":' }, 'call_a')] }),
      chunk({ tool_calls: [fn(1, { name: 'b', arguments: '{"q":' }, 'call_b')] }),
      chunk({ tool_calls: [fn(0, { arguments: '1}' })] }),
      chunk({ tool_calls: [fn(1, { arguments: '2}' })] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    const types = events.map((e) => e.type)
    // The live block for call a opens before the second call's data arrives.
    expect(types.slice(0, 3)).toEqual(['message_start', 'block_start', 'tool_args_delta'])
    const r = ok(events)
    expect(r.content.map((p) => (p.type === 'tool_call' ? [p.callId, p.arguments] : []))).toEqual([
      ['call_a', '{"p":1}'],
      ['call_b', '{"q":2}'],
    ])
    // The buffered call is one start, one delta, one stop.
    const second = events.filter((e) => 'index' in e && e.index === 1).map((e) => e.type)
    expect(second).toEqual(['block_start', 'tool_args_delta', 'block_stop'])
  })

  it('defers text that arrives while the live tool call is open', () => {
    const events = decodeFrames([
      chunk({ tool_calls: [fn(0, { name: 'a', arguments: '{}' }, 'call_a')] }),
      chunk({ content: 'after' }),
      chunk({}, 'stop'),
      '[DONE]',
    ])
    const r = ok(events)
    expect(r.content).toEqual([
      { type: 'tool_call', callId: 'call_a', name: 'a', arguments: '{}', toolKind: 'function' },
      { type: 'text', text: 'after' },
    ])
    expect(r.stopReason).toBe('tool_use')
  })

  it('reads reasoning from {text}, {content} and reasoning_details without duplicating OpenRouter text', () => {
    const events = decodeFrames([
      chunk({ reasoning: { text: 'a' } }),
      chunk({ reasoning: { content: 'b' } }),
      chunk({ reasoning: 'c', reasoning_details: [{ type: 'reasoning.text', text: 'c' }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.summary', summary: 'd' }] }),
      chunk({ content: 'x' }, 'stop'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      { type: 'reasoning', text: 'abcd', channel: 'raw' },
      { type: 'text', text: 'x' },
    ])
  })

  it('waits for the usage chunk after finish_reason and still ends at end() without [DONE]', () => {
    const events = decodeFrames([
      chunk({ content: 'hi' }),
      chunk({}, 'stop'),
      {
        id: 'chatcmpl-x',
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      },
    ])
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 1 } },
      { type: 'message_stop', stopReason: 'end_turn' },
    ])
    expect(checkWellFormed(events)).toEqual([])
  })

  it('end() without a finish_reason is an error (502), not a silent success', () => {
    const events = decodeFrames([chunk({ content: 'partial' })])
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'api_error',
        status: 502,
        message: 'upstream stream ended before finish_reason',
      },
    })
    expect(checkWellFormed(events)).toEqual([])
  })

  it('malformed JSON becomes an error event and nothing follows it', () => {
    const events = decodeFrames([
      chunk({ content: 'a' }),
      '{not json',
      chunk({ content: 'b' }),
      '[DONE]',
    ])
    expect(events.at(-1)?.type).toBe('error')
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1)
    expect(events.some((e) => e.type === 'text_delta' && e.text === 'b')).toBe(false)
  })

  it('maps an error chunk with a rate limit to rate_limit', () => {
    const events = decodeFrames([
      {
        error: {
          message: 'Rate limit reached',
          type: 'requests',
          code: 'rate_limit_exceeded',
          param: null,
        },
      },
    ])
    expect(events).toEqual([
      {
        type: 'error',
        error: { kind: 'rate_limit', message: 'Rate limit reached', code: 'rate_limit_exceeded' },
      },
    ])
  })

  it('unwraps custom tool calls declared by the request, even when interleaved with another call', () => {
    const request: CanonicalRequest = {
      model: 'gpt',
      system: [],
      messages: [],
      tools: [{ kind: 'custom', name: 'apply_patch' }],
      stream: true,
      extras: { dialect: 'openai-chat', fields: {} },
    }
    const wrapped = JSON.stringify({ input: '*** Begin Patch\n+ "quoted"\n*** End Patch' })
    const events = decodeFrames(
      [
        chunk({
          tool_calls: [fn(0, { name: 'apply_patch', arguments: wrapped.slice(0, 10) }, 'call_p')],
        }),
        chunk({ tool_calls: [fn(1, { name: 'shell', arguments: '{}' }, 'call_s')] }),
        chunk({ tool_calls: [fn(0, { arguments: wrapped.slice(10) })] }),
        chunk({}, 'tool_calls'),
        '[DONE]',
      ],
      request,
    )
    expect(ok(events).content).toEqual([
      {
        type: 'tool_call',
        callId: 'call_p',
        name: 'apply_patch',
        arguments: '*** Begin Patch\n+ "quoted"\n*** End Patch',
        toolKind: 'custom',
      },
      { type: 'tool_call', callId: 'call_s', name: 'shell', arguments: '{}', toolKind: 'function' },
    ])
  })

  it('reads native Chat custom tool call deltas as custom calls', () => {
    const events = decodeFrames([
      chunk({
        tool_calls: [
          { index: 0, id: 'call_c', type: 'custom', custom: { name: 'grep', input: 'foo' } },
        ],
      }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      { type: 'tool_call', callId: 'call_c', name: 'grep', arguments: 'foo', toolKind: 'custom' },
    ])
  })

  it('ignores a repeated full name instead of doubling it', () => {
    const events = decodeFrames([
      chunk({ tool_calls: [fn(0, { name: 'get', arguments: '' }, 'call_r')] }),
      chunk({ tool_calls: [fn(0, { name: 'get', arguments: '{}' }, 'call_r')] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ])
    expect(ok(events).content).toEqual([
      { type: 'tool_call', callId: 'call_r', name: 'get', arguments: '{}', toolKind: 'function' },
    ])
  })

  it('returns nothing after the terminal event', () => {
    const events = decodeFrames([
      chunk({ content: 'a' }, 'stop'),
      '[DONE]',
      chunk({ content: 'late' }),
      '[DONE]',
    ])
    expect(events.filter((e) => e.type === 'message_stop')).toHaveLength(1)
    expect(checkWellFormed(events)).toEqual([])
  })
})
