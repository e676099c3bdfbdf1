// Anthropic encodeRequest from foreign requests: ordering rules, thinking limits, ids, wrapping and downgrade notes.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec as codec } from '../../../protocol/anthropic-messages/index.js'
import { toAnthropicId } from '../../../protocol/canonical/ids.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'

function req(overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [],
    tools: [],
    stream: false,
    extras: { dialect: 'openai-responses', fields: {} },
    ...overrides,
  }
}

const codes = (notes: { code: string }[]): string[] => notes.map((n) => n.code)

describe('anthropic encodeRequest', () => {
  it('always streams, defaults max_tokens to 32000 and keeps stop sequences', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
        stopSequences: ['END'],
      }),
    )
    expect(body['stream']).toBe(true)
    expect(body['max_tokens']).toBe(32000)
    expect(body['stop_sequences']).toEqual(['END'])
    expect(notes).toEqual([])
  })

  it('orders tool results first, text before tool_use, merges same-role turns and rewrites ids', () => {
    const badId = 'call:abc/def'
    const { body } = codec.encodeRequest(
      req({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool_call',
                callId: badId,
                name: 'get_weather',
                arguments: '{"city":"Paris"}',
                toolKind: 'function',
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Checking.' },
              {
                type: 'tool_call',
                callId: 'call_2',
                name: 'get_time',
                arguments: '',
                toolKind: 'function',
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: badId,
                content: [{ type: 'text', text: '18C' }],
                toolKind: 'function',
              },
              {
                type: 'tool_result',
                callId: 'call_2',
                content: [{ type: 'text', text: 'boom' }],
                isError: true,
                toolKind: 'function',
              },
            ],
          },
        ],
      }),
    )
    const safe = toAnthropicId(badId)
    expect(safe).toMatch(/^[a-zA-Z0-9_-]+$/)
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: safe, name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: safe, content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'boom', is_error: true },
          { type: 'text', text: 'Thanks', cache_control: { type: 'ephemeral' } },
        ],
      },
    ])
  })

  it('replays only Anthropic thinking, first in the turn; drops foreign reasoning with a note', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'a' },
              {
                type: 'reasoning',
                text: 'native',
                channel: 'raw',
                opaque: { dialect: 'anthropic-messages', value: 'EqSig' },
              },
              {
                type: 'reasoning',
                text: '',
                channel: 'raw',
                redacted: true,
                opaque: { dialect: 'anthropic-messages', value: 'EmwData' },
              },
              {
                type: 'reasoning',
                text: 'summary',
                channel: 'summary',
                opaque: { dialect: 'openai-responses', value: 'gAAA' },
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'next' }] },
        ],
      }),
    )
    const assistant = (body['messages'] as JsonObject[])[1]
    expect(assistant?.['content']).toEqual([
      { type: 'thinking', thinking: 'native', signature: 'EqSig' },
      { type: 'redacted_thinking', data: 'EmwData' },
      { type: 'text', text: 'a' },
    ])
    expect(codes(notes)).toContain('reasoning_dropped')
  })

  it('folds a foreign mid-conversation system message into user text, but keeps it for Anthropic clients', () => {
    const messages: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
    ]
    const foreign = codec.encodeRequest(req({ messages }))
    expect(foreign.body['messages']).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi' },
          {
            type: 'text',
            text: '<system>\nBe terse.\n</system>',
            cache_control: { type: 'ephemeral' },
          },
        ],
      },
    ])
    expect(codes(foreign.notes)).toContain('system_message_folded')
    const own = codec.encodeRequest(
      req({ messages, extras: { dialect: 'anthropic-messages', fields: {} } }),
    )
    expect(own.body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: 'Be terse.' },
    ])
    expect(own.notes).toEqual([])
  })

  it('effort-only reasoning becomes a budget below max_tokens; drops temperature/top_k and forced tool_choice', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
        reasoning: { enabled: true, effort: 'high' },
        maxOutputTokens: 16000,
        temperature: 0.2,
        topK: 40,
        tools: [{ kind: 'function', name: 'f', parameters: { type: 'object', properties: {} } }],
        toolChoice: 'required',
      }),
    )
    expect(body['thinking']).toEqual({ type: 'enabled', budget_tokens: 15999 })
    expect(body['max_tokens']).toBe(16000)
    expect(body['temperature']).toBeUndefined()
    expect(body['top_k']).toBeUndefined()
    expect(body['tool_choice']).toEqual({ type: 'auto' })
    expect(codes(notes)).toEqual(
      expect.arrayContaining([
        'thinking_budget_clamped',
        'temperature_dropped',
        'top_k_dropped',
        'tool_choice_downgraded',
      ]),
    )
  })

  it('keeps adaptive thinking with its effort, and raises tiny budgets to 1024', () => {
    const adaptive = codec.encodeRequest(
      req({ reasoning: { enabled: true, adaptive: true, effort: 'xhigh' } }),
    )
    expect(adaptive.body['thinking']).toEqual({ type: 'adaptive' })
    expect(adaptive.body['output_config']).toEqual({ effort: 'xhigh' })
    const tiny = codec.encodeRequest(req({ reasoning: { enabled: true, effort: 'minimal' } }))
    expect(tiny.body['thinking']).toEqual({ type: 'enabled', budget_tokens: 1024 })
    expect(codec.encodeRequest(req({ reasoning: { enabled: false } })).body['thinking']).toEqual({
      type: 'disabled',
    })
  })

  it('turns thinking off when a foreign tool loop lacks a thinking block', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        reasoning: { enabled: true, effort: 'medium' },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool_call',
                callId: 'call_1',
                name: 'f',
                arguments: '{}',
                toolKind: 'function',
              },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: 'call_1',
                content: [{ type: 'text', text: 'r' }],
                toolKind: 'function',
              },
            ],
          },
        ],
        tools: [{ kind: 'function', name: 'f', parameters: { type: 'object' } }],
      }),
    )
    expect(body['thinking']).toBeUndefined()
    expect(codes(notes)).toContain('thinking_disabled')
  })

  it('wraps custom tools and their calls as {"input": string}; drops foreign builtins; passes own builtins raw', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        tools: [
          {
            kind: 'custom',
            name: 'apply_patch',
            description: 'Patch files.',
            format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' },
          },
          {
            kind: 'builtin',
            type: 'file_search',
            dialect: 'openai-responses',
            raw: { type: 'file_search' },
          },
          {
            kind: 'builtin',
            type: 'bash_20250124',
            name: 'bash',
            dialect: 'anthropic-messages',
            raw: { type: 'bash_20250124', name: 'bash' },
          },
        ],
        toolChoice: { name: 'apply_patch' },
        parallelToolCalls: false,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'add a file' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool_call',
                callId: 'call_p',
                name: 'apply_patch',
                arguments: '*** Begin Patch\n*** End Patch',
                toolKind: 'custom',
              },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: 'call_p',
                content: [{ type: 'text', text: 'Done' }],
                toolKind: 'custom',
              },
            ],
          },
        ],
      }),
    )
    const tools = body['tools'] as JsonObject[]
    expect(tools.map((t) => t['name'])).toEqual(['apply_patch', 'bash'])
    expect(tools[0]?.['input_schema']).toMatchObject({
      type: 'object',
      properties: { input: { type: 'string' } },
      required: ['input'],
    })
    expect(String(tools[0]?.['description'])).toContain('lark grammar')
    expect(body['tool_choice']).toEqual({
      type: 'tool',
      name: 'apply_patch',
      disable_parallel_tool_use: true,
    })
    const assistant = (body['messages'] as JsonObject[])[1]
    expect(assistant?.['content']).toEqual([
      {
        type: 'tool_use',
        id: 'call_p',
        name: 'apply_patch',
        input: { input: '*** Begin Patch\n*** End Patch' },
      },
    ])
    expect(codes(notes)).toEqual(
      expect.arrayContaining(['custom_tool_wrapped', 'builtin_tool_dropped']),
    )
  })

  it('maps images, files, structured output, user and notes json_object', () => {
    const { body, notes } = codec.encodeRequest(
      req({
        system: [{ type: 'text', text: 'sys' }],
        user: 'user-1',
        responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object' } },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'url', url: 'data:image/png;base64,iVBOR' } },
              { type: 'image', source: { kind: 'url', url: 'https://x/y.jpg' } },
              { type: 'file', mediaType: 'application/pdf', data: 'JVBER', filename: 'a.pdf' },
              { type: 'file', text: 'notes' },
              { type: 'text', text: '' },
            ],
          },
        ],
      }),
    )
    expect((body['messages'] as JsonObject[])[0]?.['content']).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { type: 'url', url: 'https://x/y.jpg' } },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
        title: 'a.pdf',
      },
      {
        type: 'document',
        source: { type: 'text', media_type: 'text/plain', data: 'notes' },
        cache_control: { type: 'ephemeral' },
      },
    ])
    expect(body['system']).toEqual([
      { type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } },
    ])
    expect(body['output_config']).toEqual({
      format: { type: 'json_schema', schema: { type: 'object' } },
    })
    expect(body['metadata']).toEqual({ user_id: 'user-1' })
    expect(notes).toEqual([])
    const jsonObject = codec.encodeRequest(req({ responseFormat: { type: 'json_object' } }))
    expect(codes(jsonObject.notes)).toEqual(['response_format_dropped'])
  })
})
