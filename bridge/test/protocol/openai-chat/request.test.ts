// Chat request decoding (validation, mapping) and upstream encoding (ordering, ids, downgrades).
import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'

const { decodeRequest, encodeRequest } = openaiChatCodec

function base(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'm',
    system: [],
    messages: [],
    tools: [],
    stream: true,
    extras: { dialect: 'anthropic-messages', fields: {} },
    ...over,
  }
}

function paramOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    if (e instanceof ProtocolError) return e.error.param ?? '(none)'
    throw e
  }
  return undefined
}

const SECTION6_C = [
  { role: 'user', content: 'Weather and time in Paris?' },
  {
    role: 'assistant',
    content: 'Checking.',
    reasoning_content: '…',
    tool_calls: [
      {
        id: 'toolu_01A',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      { id: 'toolu_01B', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ],
  },
  { role: 'tool', tool_call_id: 'toolu_01A', content: '18C' },
  { role: 'tool', tool_call_id: 'toolu_01B', content: '[tool_error] boom' },
  { role: 'user', content: 'Thanks' },
]

describe('openai-chat decodeRequest', () => {
  it('the wire-protocols §6 tool loop turn (as C) decodes to the canonical turn', () => {
    const req = decodeRequest({ model: 'gpt-5', messages: SECTION6_C })
    expect(req.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: '…', channel: 'raw' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool_call',
            callId: 'toolu_01A',
            name: 'get_weather',
            arguments: '{"city":"Paris"}',
            toolKind: 'function',
          },
          {
            type: 'tool_call',
            callId: 'toolu_01B',
            name: 'get_time',
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
            callId: 'toolu_01A',
            content: [{ type: 'text', text: '18C' }],
            toolKind: 'function',
          },
          {
            type: 'tool_result',
            callId: 'toolu_01B',
            content: [{ type: 'text', text: 'boom' }],
            isError: true,
            toolKind: 'function',
          },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ])
  })

  it('leading system/developer → system; later ones stay in place', () => {
    const req = decodeRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'A' },
        { role: 'developer', content: [{ type: 'text', text: 'B' }] },
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'C' },
      ],
    })
    expect(req.system).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ])
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'C' }] },
    ])
  })

  it('user parts: data URL images become base64, http images stay URLs, files keep data', () => {
    const req = decodeRequest({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            {
              type: 'image_url',
              image_url: { url: 'data:image/png;base64,iVBORw0K', detail: 'high' },
            },
            { type: 'image_url', image_url: { url: 'https://x.test/a.jpg' } },
            {
              type: 'file',
              file: { file_data: 'data:application/pdf;base64,JVBERi0', filename: 'a.pdf' },
            },
          ],
        },
      ],
    })
    expect(req.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        {
          type: 'image',
          source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0K' },
          detail: 'high',
        },
        { type: 'image', source: { kind: 'url', url: 'https://x.test/a.jpg' } },
        { type: 'file', mediaType: 'application/pdf', data: 'JVBERi0', filename: 'a.pdf' },
      ],
    })
  })

  it('assistant refusal, custom tool calls and reasoning objects', () => {
    const req = decodeRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: null,
          refusal: 'no',
          reasoning: { text: 'hmm' },
          tool_calls: [
            {
              id: 'call_c',
              type: 'custom',
              custom: { name: 'apply_patch', input: '*** Begin Patch' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_c', content: [{ type: 'text', text: 'ok' }] },
      ],
    })
    expect(req.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'hmm', channel: 'raw' },
        { type: 'refusal', text: 'no' },
        {
          type: 'tool_call',
          callId: 'call_c',
          name: 'apply_patch',
          arguments: '*** Begin Patch',
          toolKind: 'custom',
        },
      ],
    })
    expect(req.messages[2]).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'call_c',
          content: [{ type: 'text', text: 'ok' }],
          toolKind: 'custom',
        },
      ],
    })
  })

  it('maps the top-level fields and keeps Chat-only ones in extras', () => {
    const req = decodeRequest({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 100,
      max_completion_tokens: 200,
      reasoning_effort: 'high',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
      stop: 'END',
      temperature: 0.2,
      top_p: 0.9,
      user: 'u1',
      prompt_cache_key: 'k',
      metadata: { a: 'b' },
      verbosity: 'low',
      tools: [
        {
          type: 'function',
          function: { name: 'f', parameters: { type: 'object', properties: {} }, strict: true },
        },
        {
          type: 'custom',
          custom: {
            name: 'g',
            format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: "a"' } },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      seed: 7,
      logit_bias: { '1': 2 },
      service_tier: 'flex',
      chat_template_kwargs: { enable_thinking: false },
    })
    expect(req).toMatchObject({
      stream: true,
      includeUsage: true,
      maxOutputTokens: 200,
      reasoning: { enabled: true, effort: 'high' },
      responseFormat: {
        type: 'json_schema',
        name: 'out',
        schema: { type: 'object' },
        strict: true,
      },
      stopSequences: ['END'],
      temperature: 0.2,
      topP: 0.9,
      user: 'u1',
      promptCacheKey: 'k',
      metadata: { a: 'b' },
      verbosity: 'low',
      toolChoice: { name: 'f' },
      parallelToolCalls: false,
    })
    expect(req.tools).toEqual([
      { kind: 'function', name: 'f', parameters: { type: 'object', properties: {} }, strict: true },
      {
        kind: 'custom',
        name: 'g',
        format: { type: 'grammar', syntax: 'lark', definition: 'start: "a"' },
      },
    ])
    expect(req.extras).toEqual({
      dialect: 'openai-chat',
      fields: {
        seed: 7,
        logit_bias: { '1': 2 },
        service_tier: 'flex',
        chat_template_kwargs: { enable_thinking: false },
      },
    })
  })

  it('validation errors name the field', () => {
    expect(paramOf(() => decodeRequest({ messages: [{ role: 'user', content: 'x' }] }))).toBe(
      'model',
    )
    expect(paramOf(() => decodeRequest({ model: 'm', messages: [] }))).toBe('messages')
    expect(
      paramOf(() =>
        decodeRequest({
          model: 'm',
          messages: [
            { role: 'user', content: 'a' },
            { role: 'user', content: 'b' },
            { role: 'bot' },
          ],
        }),
      ),
    ).toBe('messages[2].role')
    expect(
      paramOf(() =>
        decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }),
      ),
    ).toBe('n')
    expect(
      paramOf(() => decodeRequest({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })),
    ).toBe('messages[0].tool_call_id')
    expect(
      paramOf(() =>
        decodeRequest({
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          reasoning_effort: 'huge',
        }),
      ),
    ).toBe('reasoning_effort')
    expect(
      paramOf(() =>
        decodeRequest({
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ type: 'function', function: {} }],
        }),
      ),
    ).toBe('tools[0].function.name')
    expect(() =>
      decodeRequest({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }],
          },
        ],
      }),
    ).toThrow(/audio input is not supported/)
    expect(paramOf(() => decodeRequest('nope'))).toBe('(none)')
  })

  it('maps the legacy functions / function_call / function role', () => {
    const req = decodeRequest({
      model: 'm',
      functions: [
        { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
      ],
      function_call: { name: 'lookup' },
      messages: [
        { role: 'user', content: 'find' },
        {
          role: 'assistant',
          content: null,
          function_call: { name: 'lookup', arguments: '{"q":"x"}' },
        },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    })
    expect(req.tools).toEqual([
      {
        kind: 'function',
        name: 'lookup',
        parameters: { type: 'object', properties: { q: { type: 'string' } } },
      },
    ])
    expect(req.toolChoice).toEqual({ name: 'lookup' })
    expect(req.messages[1]).toEqual({
      role: 'assistant',
      content: [
        {
          type: 'tool_call',
          callId: 'call_fn_1',
          name: 'lookup',
          arguments: '{"q":"x"}',
          toolKind: 'function',
        },
      ],
    })
    expect(req.messages[2]).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'call_fn_1',
          content: [{ type: 'text', text: 'found' }],
          toolKind: 'function',
        },
      ],
    })
    expect(
      paramOf(() => decodeRequest({ model: 'm', messages: [{ role: 'function', content: 'x' }] })),
    ).toBe('messages[0].role')
  })
})

describe('openai-chat encodeRequest', () => {
  it('round trip: decode → encode gives back the Chat body (plus streaming)', () => {
    const input = {
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        ...SECTION6_C.slice(0, 1),
        { ...SECTION6_C[1], reasoning_content: undefined },
        ...SECTION6_C.slice(2),
      ].map((m) => JSON.parse(JSON.stringify(m)) as JsonObject),
      temperature: 0.5,
      seed: 3,
      stop: ['a', 'b'],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: 'required',
    }
    const { body, notes } = encodeRequest(decodeRequest(input))
    expect(body).toEqual({
      ...input,
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(notes).toEqual([])
    // And the canonical form is stable under a second pass.
    expect(decodeRequest(body)).toEqual({
      ...decodeRequest(input),
      stream: true,
      includeUsage: true,
    })
  })

  it('tool results go right after the assistant turn, before the user text; ids limited to 40', () => {
    const longId = `toolu_${'x'.repeat(60)}`
    const { body, notes } = encodeRequest(
      base({
        system: [
          { type: 'text', text: 'S1' },
          { type: 'text', text: 'S2' },
        ],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'go' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'think', channel: 'raw' },
              { type: 'text', text: 'A' },
              { type: 'tool_call', callId: longId, name: 'f', arguments: '', toolKind: 'function' },
              { type: 'text', text: 'B' },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'and then' },
              {
                type: 'tool_result',
                callId: longId,
                isError: true,
                toolKind: 'function',
                content: [
                  { type: 'text', text: 'fail' },
                  {
                    type: 'image',
                    source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    )
    const messages = body['messages'] as JsonObject[]
    const limited = (messages[2]?.['tool_calls'] as JsonObject[])[0]?.['id']
    expect(typeof limited === 'string' && limited.length).toBe(40)
    expect(messages).toEqual([
      { role: 'system', content: 'S1\n\nS2' },
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'A\n\nB',
        tool_calls: [{ id: limited, type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      {
        role: 'tool',
        tool_call_id: limited,
        content: '[tool_error] fail\n\n[image attached in the next user message]',
      },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
          { type: 'text', text: 'and then' },
        ],
      },
    ])
    expect(notes.map((n) => n.code).sort()).toEqual([
      'reasoning_dropped',
      'tool_result_media_moved',
    ])
  })

  it('reasoning goes to the configured field; max tokens field and stream options are configurable', () => {
    const req = base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'r', channel: 'raw' },
            { type: 'text', text: 'a' },
          ],
        },
      ],
      maxOutputTokens: 50,
    })
    const deepseek = encodeRequest(req, {
      chatReasoningField: 'reasoning_content',
      chatMaxTokensField: 'max_tokens',
      chatStreamOptions: false,
    })
    expect((deepseek.body['messages'] as JsonObject[])[1]).toEqual({
      role: 'assistant',
      content: 'a',
      reasoning_content: 'r',
    })
    expect(deepseek.body['max_tokens']).toBe(50)
    expect(deepseek.body['stream_options']).toBeUndefined()
    expect(deepseek.notes).toEqual([])
    const openai = encodeRequest(req)
    expect(openai.body['max_completion_tokens']).toBe(50)
    expect((openai.body['messages'] as JsonObject[])[1]).toEqual({
      role: 'assistant',
      content: 'a',
    })
  })

  it('custom and builtin tools, tool choice, reasoning budget, stop limit, top_k', () => {
    const { body, notes } = encodeRequest(
      base({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool_call',
                callId: 'c1',
                name: 'apply_patch',
                arguments: 'raw "x"',
                toolKind: 'custom',
              },
            ],
          },
        ],
        tools: [
          { kind: 'custom', name: 'apply_patch', description: 'patch' },
          {
            kind: 'builtin',
            type: 'web_search_20250305',
            name: 'web_search',
            dialect: 'anthropic-messages',
            raw: {},
          },
        ],
        toolChoice: { name: 'apply_patch' },
        parallelToolCalls: false,
        reasoning: { enabled: true, budgetTokens: 2000 },
        stopSequences: ['1', '2', '3', '4', '5'],
        topK: 40,
        responseFormat: { type: 'json_schema', schema: { type: 'object' } },
      }),
    )
    expect(body['tools']).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description: 'patch',
          parameters: {
            type: 'object',
            properties: { input: { type: 'string' } },
            required: ['input'],
          },
        },
      },
    ])
    expect((body['messages'] as JsonObject[])[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: 'apply_patch', arguments: '{"input":"raw \\"x\\""}' },
        },
      ],
    })
    expect(body['tool_choice']).toEqual({ type: 'function', function: { name: 'apply_patch' } })
    expect(body['parallel_tool_calls']).toBe(false)
    expect(body['reasoning_effort']).toBe('medium')
    expect(body['stop']).toEqual(['1', '2', '3', '4'])
    expect(body['response_format']).toEqual({
      type: 'json_schema',
      json_schema: { name: 'structured_output', schema: { type: 'object' } },
    })
    expect(body['top_k']).toBeUndefined()
    expect(notes.map((n) => n.code).sort()).toEqual([
      'custom_tool_as_function',
      'custom_tool_as_function',
      'stop_truncated',
      'top_k_dropped',
      'web_search_unavailable',
    ])
  })

  it('reasoning: adaptive → effort or default, disabled → omitted', () => {
    expect(
      encodeRequest(base({ messages: [], reasoning: { enabled: true, adaptive: true } })).body[
        'reasoning_effort'
      ],
    ).toBe('medium')
    expect(
      encodeRequest(base({ reasoning: { enabled: true, adaptive: true, effort: 'xhigh' } })).body[
        'reasoning_effort'
      ],
    ).toBe('xhigh')
    expect(
      encodeRequest(base({ reasoning: { enabled: false } })).body['reasoning_effort'],
    ).toBeUndefined()
  })

  it('no tools → no tool_choice or parallel_tool_calls; Chat extras only go to Chat', () => {
    const req = base({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
      toolChoice: 'auto',
      parallelToolCalls: true,
      extras: { dialect: 'openai-responses', fields: { seed: 1 } },
    })
    const { body } = encodeRequest(req)
    expect(body['tool_choice']).toBeUndefined()
    expect(body['parallel_tool_calls']).toBeUndefined()
    expect(body['seed']).toBeUndefined()
  })

  it('inserts an empty user turn when the history has no user or system message', () => {
    const { body, notes } = encodeRequest(
      base({
        messages: [
          {
            role: 'assistant',
            content: [
              { type: 'tool_call', callId: 'c', name: 'f', arguments: '{}', toolKind: 'function' },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: 'c',
                content: [{ type: 'text', text: 'r' }],
                toolKind: 'function',
              },
            ],
          },
        ],
      }),
    )
    expect((body['messages'] as JsonObject[]).map((m) => m['role'])).toEqual([
      'user',
      'assistant',
      'tool',
    ])
    expect((body['messages'] as JsonObject[])[0]).toEqual({ role: 'user', content: '' })
    expect(notes.map((n) => n.code)).toEqual(['empty_user_turn_inserted'])
  })
})
