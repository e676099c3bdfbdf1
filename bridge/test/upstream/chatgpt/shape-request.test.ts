// shapeChatgptBody: the backend's allow-list, forced fields, system prompt placement, items and tools.
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../errors.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { BUILTIN_MODELS } from '../../../upstream/chatgpt/model-catalog.js'
import { shapeChatgptBody } from '../../../upstream/chatgpt/shape-request.js'

const user = (text: string): JsonObject => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
})
const sol = BUILTIN_MODELS.find((m) => m.slug === 'gpt-5.6-sol')
const spark = BUILTIN_MODELS.find((m) => m.slug === 'gpt-5.3-codex-spark')

describe('shapeChatgptBody', () => {
  it('forces store/stream/include/prompt_cache_key and drops every rejected parameter with a note', () => {
    const { body, notes } = shapeChatgptBody(
      {
        model: 'gpt-5.6-terra',
        instructions: 'Be brief.',
        input: [user('hi')],
        max_output_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        metadata: { a: 'b' },
        user: 'u1',
        previous_response_id: 'resp_1',
        truncation: 'auto',
        stream_options: { include_obfuscation: false },
        store: true,
        stream: false,
        include: ['message.output_text.logprobs'],
        prompt_cache_key: 'client-key',
      },
      { conversationKey: 'conv-42' },
    )
    expect(body).toEqual({
      model: 'gpt-5.6-terra',
      instructions: '',
      input: [
        {
          type: 'message',
          role: 'developer',
          content: [{ type: 'input_text', text: 'Be brief.' }],
        },
        user('hi'),
      ],
      store: false,
      stream: true,
      include: ['message.output_text.logprobs', 'reasoning.encrypted_content'],
      prompt_cache_key: 'conv-42',
    })
    expect(notes.map((n) => n.code).sort()).toEqual(
      [
        'max_output_tokens_dropped',
        'metadata_dropped',
        'previous_response_id_dropped',
        'store_forced',
        'stream_forced',
        'stream_options_dropped',
        'temperature_dropped',
        'top_p_dropped',
        'truncation_dropped',
        'user_dropped',
      ].sort(),
    )
    expect(notes.find((n) => n.code === 'previous_response_id_dropped')?.message).toContain(
      'WebSocket',
    )
  })

  it('always sends instructions, even when the body had none (Codex CLI sends its prompt as developer messages)', () => {
    const dev: JsonObject = {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: 'You are Codex.' }],
    }
    const { body } = shapeChatgptBody(
      { model: 'gpt-5.5', input: [dev, user('hi')] },
      { conversationKey: 'k' },
    )
    expect(body['instructions']).toBe('')
    expect(body['input']).toEqual([dev, user('hi')])
    const fallback = shapeChatgptBody(
      { model: 'gpt-5.5', input: [user('hi')] },
      { conversationKey: 'k', instructionsFallback: 'You are helpful.' },
    )
    expect(fallback.body['instructions']).toBe('You are helpful.')
  })

  it("'instructions' placement hoists the leading system/developer messages into instructions", () => {
    const { body } = shapeChatgptBody(
      {
        model: 'gpt-5.5',
        instructions: 'A',
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'B' }] },
          { role: 'system', content: 'C' },
          user('hi'),
          { role: 'system', content: 'later' },
        ],
      },
      { conversationKey: 'k', systemPrompt: 'instructions' },
    )
    expect(body['instructions']).toBe('A\n\nB\n\nC')
    // A system message later in the conversation stays in place, as developer (the backend refuses role:"system").
    expect(body['input']).toEqual([user('hi'), { role: 'developer', content: 'later' }])
  })

  it("drops Claude Code's billing header line from the system text", () => {
    const { body } = shapeChatgptBody(
      {
        model: 'gpt-5.5',
        instructions:
          'x-anthropic-billing-header: cc_version=2.1.197.2b3; cc_entrypoint=sdk-cli;\n\nYou are Claude Code.',
        input: [],
      },
      { conversationKey: 'k' },
    )
    expect(body['input']).toEqual([
      {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: 'You are Claude Code.' }],
      },
    ])
  })

  it('makes input a list, strips item ids, drops unreplayable reasoning and item references, shortens long call ids', () => {
    const longId = `toolu_${'x'.repeat(80)}`
    const { body, notes } = shapeChatgptBody(
      {
        model: 'gpt-5.5',
        instructions: '',
        input: [
          user('hi'),
          { id: 'rs_1', type: 'reasoning', summary: [] },
          { id: 'rs_2', type: 'reasoning', summary: [], encrypted_content: 'gAAAAB1' },
          { id: 'fc_1', type: 'function_call', call_id: longId, name: 'Bash', arguments: '{}' },
          { type: 'function_call_output', call_id: longId, output: { ok: true } },
          { type: 'item_reference', id: 'msg_9' },
          { id: 'rs_3', type: 'reasoning', summary: [], encrypted_content: 'gAAAAB3' },
        ],
      },
      { conversationKey: 'k' },
    )
    const input = body['input'] as JsonObject[]
    expect(input.map((i) => i['type'] ?? 'message')).toEqual([
      'message',
      'reasoning',
      'function_call',
      'function_call_output',
    ])
    expect(input.every((i) => !('id' in i))).toBe(true)
    const call = input[2]?.['call_id'] as string
    expect(call.length).toBeLessThanOrEqual(64)
    expect(input[3]?.['call_id']).toBe(call)
    expect(input[3]?.['output']).toBe('{"ok":true}')
    expect(notes.map((n) => n.code)).toEqual(
      expect.arrayContaining(['reasoning_item_dropped', 'item_reference_dropped']),
    )
  })

  it('wraps a string input', () => {
    expect(
      shapeChatgptBody({ model: 'gpt-5.5', input: 'hello' }, { conversationKey: 'k' }).body[
        'input'
      ],
    ).toEqual([user('hello')])
  })

  it('flattens nested tools, fills empty schemas and drops tool settings without tools', () => {
    const { body } = shapeChatgptBody(
      {
        model: 'gpt-5.5',
        input: [],
        tools: [
          {
            type: 'function',
            function: {
              name: 'a',
              description: 'A',
              parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
            },
          },
          { type: 'function', name: 'b', strict: true },
          { type: 'web_search' },
        ],
      },
      { conversationKey: 'k' },
    )
    expect(body['tools']).toEqual([
      {
        type: 'function',
        name: 'a',
        description: 'A',
        parameters: { type: 'object', properties: {} },
        strict: false,
      },
      { type: 'function', name: 'b', strict: true, parameters: { type: 'object', properties: {} } },
      { type: 'web_search' },
    ])
    const none = shapeChatgptBody(
      { model: 'gpt-5.5', input: [], tools: [], tool_choice: 'auto', parallel_tool_calls: true },
      { conversationKey: 'k' },
    )
    expect(none.body).not.toHaveProperty('tools')
    expect(none.body).not.toHaveProperty('tool_choice')
    expect(none.body).not.toHaveProperty('parallel_tool_calls')
  })

  it('keeps priority service tier only', () => {
    expect(
      shapeChatgptBody(
        { model: 'm', input: [], service_tier: 'priority' },
        { conversationKey: 'k' },
      ).body['service_tier'],
    ).toBe('priority')
    const flex = shapeChatgptBody(
      { model: 'm', input: [], service_tier: 'flex' },
      { conversationKey: 'k' },
    )
    expect(flex.body).not.toHaveProperty('service_tier')
    expect(flex.notes.map((n) => n.code)).toContain('service_tier_dropped')
  })

  it('clamps effort to the model, or rejects it when told to', () => {
    const body = {
      model: 'gpt-5.6-sol',
      input: [],
      reasoning: { effort: 'minimal', summary: 'auto' },
    }
    const clamped = shapeChatgptBody(body, { conversationKey: 'k', model: sol })
    expect(clamped.body['reasoning']).toEqual({ effort: 'low', summary: 'auto' })
    expect(clamped.notes.map((n) => n.code)).toContain('effort_clamped')
    expect(() =>
      shapeChatgptBody(body, { conversationKey: 'k', model: sol, effortPolicy: 'reject' }),
    ).toThrow(BridgeError)
    try {
      shapeChatgptBody(body, { conversationKey: 'k', model: sol, effortPolicy: 'reject' })
    } catch (err) {
      expect((err as BridgeError).error).toMatchObject({
        kind: 'invalid_request',
        param: 'reasoning.effort',
        code: 'unsupported_value',
      })
    }
    // Without model facts the effort goes as it is: the backend decides.
    expect(shapeChatgptBody(body, { conversationKey: 'k' }).body['reasoning']).toEqual(
      body.reasoning,
    )
  })

  it('drops verbosity for a model without it and keeps other text settings', () => {
    const { body, notes } = shapeChatgptBody(
      {
        model: 'gpt-5.3-codex-spark',
        input: [],
        text: { verbosity: 'low', format: { type: 'text' } },
      },
      { conversationKey: 'k', model: spark },
    )
    expect(body['text']).toEqual({ format: { type: 'text' } })
    expect(notes.map((n) => n.code)).toContain('verbosity_dropped')
  })

  it('keeps extra fields only when configured', () => {
    expect(
      shapeChatgptBody(
        { model: 'm', input: [], reasoning_new: 1 },
        { conversationKey: 'k', extraFields: ['reasoning_new'] },
      ).body['reasoning_new'],
    ).toBe(1)
  })
})
