// Responses request decoding against real Codex CLI bodies, validation errors, and decode → encode round trips.
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { captureBodies } from '../../helpers/captures.js'
import { rejection } from './helpers.js'

const { decodeRequest, encodeRequest } = openaiResponsesCodec

const CODEX = captureBodies('codex-responses')
const APPLY_PATCH = captureBodies('codex-responses-apply-patch')
const ALL = [...CODEX, ...APPLY_PATCH]

function items(body: JsonObject): JsonObject[] {
  return body['input'] as JsonObject[]
}

/** What an item means, without the ids and statuses that clients add for their own bookkeeping. */
function meaning(item: JsonObject): unknown {
  switch (String(item['type'])) {
    case 'message': {
      const content = item['content'] as JsonObject[]
      return { role: item['role'], text: content.map((c) => c['text'] ?? c['refusal']) }
    }
    case 'reasoning':
      return {
        type: 'reasoning',
        id: item['id'],
        summary: item['summary'],
        encrypted: item['encrypted_content'],
      }
    case 'function_call':
      return {
        type: item['type'],
        id: item['id'],
        call_id: item['call_id'],
        name: item['name'],
        arguments: item['arguments'],
      }
    case 'custom_tool_call':
      return {
        type: item['type'],
        id: item['id'],
        call_id: item['call_id'],
        name: item['name'],
        input: item['input'],
      }
    default:
      return { type: item['type'], call_id: item['call_id'], output: item['output'] }
  }
}

describe('decodeRequest: Codex CLI captures', () => {
  it('turn 1: leading developer messages become the system prompt, user messages stay messages', () => {
    const body = CODEX[0]!
    const req = decodeRequest(body)
    const dev = items(body)
      .slice(0, 2)
      .flatMap((i) => (i['content'] as JsonObject[]).map((c) => c['text']))
    expect(req.system.map((p) => p.text)).toEqual(dev)
    expect(req.system[0]?.text.startsWith('You are a coding agent running in the Codex CLI')).toBe(
      true,
    )
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user'])
    expect(req.messages[1]).toEqual({ role: 'user', content: [{ type: 'text', text: 'say hi' }] })
    expect(req.model).toBe('gpt-5-codex')
    expect(req.stream).toBe(true)
    expect(req.toolChoice).toBe('auto')
    expect(req.parallelToolCalls).toBe(true)
    expect(req.reasoning).toEqual({ enabled: true, summary: 'auto' })
    expect(req.promptCacheKey).toBe(body['prompt_cache_key'])
    expect(req.extras.dialect).toBe('openai-responses')
    expect(req.extras.fields['store']).toBe(false)
    expect(req.extras.fields['include']).toEqual(['reasoning.encrypted_content'])
    expect(req.extras.fields['client_metadata']).toEqual(body['client_metadata'])
  })

  it('turn 1 tools: functions keep strict:false, namespace and web_search are Responses built-ins', () => {
    const req = decodeRequest(CODEX[0])
    const exec = req.tools.find((t) => t.name === 'exec_command')
    expect(exec).toMatchObject({
      kind: 'function',
      strict: false,
      parameters: { type: 'object', required: ['cmd'] },
    })
    expect(req.tools.find((t) => t.kind === 'builtin' && t.type === 'namespace')).toMatchObject({
      kind: 'builtin',
      name: 'multi_agent_v1',
      dialect: 'openai-responses',
      raw: { type: 'namespace', name: 'multi_agent_v1' },
    })
    expect(req.tools.find((t) => t.kind === 'builtin' && t.type === 'web_search')).toEqual({
      kind: 'builtin',
      type: 'web_search',
      dialect: 'openai-responses',
      raw: { type: 'web_search', external_web_access: false },
    })
  })

  it('turn 2: reasoning with encrypted_content, function_call and its output', () => {
    const body = CODEX[1]!
    const raw = items(body)
    const rs = raw.find((i) => i['type'] === 'reasoning')!
    const fc = raw.find((i) => i['type'] === 'function_call')!
    const req = decodeRequest(body)
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user', 'assistant', 'user'])
    expect(req.messages[2]).toEqual({
      role: 'assistant',
      content: [
        {
          type: 'reasoning',
          channel: 'summary',
          text: '**Running echo**\n\nThe user wants a greeting; I will run echo hi in the shell.',
          opaque: { dialect: 'openai-responses', value: rs['encrypted_content'], itemId: rs['id'] },
        },
        {
          type: 'tool_call',
          callId: fc['call_id'],
          name: 'exec_command',
          arguments: '{"cmd":"echo hi"}',
          toolKind: 'function',
          itemId: fc['id'],
        },
      ],
    })
    expect(req.messages[3]).toMatchObject({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: fc['call_id'],
          toolKind: 'function',
          content: [{ type: 'text' }],
        },
      ],
    })
  })

  it('apply_patch turn 2: custom tool, custom_tool_call and custom_tool_call_output, tool_search, verbosity', () => {
    const body = APPLY_PATCH[1]!
    const req = decodeRequest(body)
    expect(req.tools.find((t) => t.name === 'apply_patch')).toMatchObject({
      kind: 'custom',
      format: { type: 'grammar', syntax: 'lark' },
    })
    expect(req.tools.find((t) => t.kind === 'builtin' && t.type === 'tool_search')).toMatchObject({
      raw: { execution: 'client' },
    })
    expect(req.reasoning).toEqual({ enabled: true, effort: 'medium' })
    expect(req.verbosity).toBe('low')
    const assistant = req.messages.find((m) => m.role === 'assistant')
    expect(assistant?.content[1]).toMatchObject({
      type: 'tool_call',
      toolKind: 'custom',
      name: 'apply_patch',
      arguments: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n',
    })
    expect(req.messages.at(-1)).toMatchObject({
      role: 'user',
      content: [{ type: 'tool_result', toolKind: 'custom' }],
    })
  })

  for (const [i, body] of ALL.entries()) {
    it(`capture body ${i}: decode → encode keeps every item, the tools and the Codex fields`, () => {
      const { body: out, notes } = encodeRequest(decodeRequest(body))
      expect(notes).toEqual([])
      const original = items(body)
      const leading = original.findIndex((it) => it['role'] !== 'developer')
      const devText = original
        .slice(0, leading)
        .flatMap((it) => (it['content'] as JsonObject[]).map((c) => c['text']))
        .join('\n\n')
      expect(out['instructions']).toBe(devText)
      expect(items(out).map(meaning)).toEqual(original.slice(leading).map(meaning))
      expect(out['tools']).toEqual(body['tools'])
      for (const key of [
        'model',
        'tool_choice',
        'parallel_tool_calls',
        'include',
        'prompt_cache_key',
        'client_metadata',
        'text',
      ]) {
        expect(out[key]).toEqual(body[key])
      }
      expect(out['store']).toBe(false)
      expect(out['stream']).toBe(true)
      expect(out['reasoning']).toEqual({ ...(body['reasoning'] as JsonObject), summary: 'auto' })
    })
  }
})

describe('decodeRequest: validation names the field', () => {
  const base = { model: 'gpt-5', input: 'hi' }
  const cases: [string, unknown, string][] = [
    ['missing model', { input: 'hi' }, 'model'],
    ['input of the wrong type', { model: 'gpt-5', input: 42 }, 'input'],
    [
      'unknown item type',
      {
        ...base,
        input: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
          { role: 'user', content: 'c' },
          { type: 'nonsense' },
        ],
      },
      'input[3].type',
    ],
    [
      'bad role',
      { ...base, input: [{ type: 'message', role: 'robot', content: 'x' }] },
      'input[0].role',
    ],
    [
      'bad content part',
      {
        ...base,
        input: [
          { role: 'user', content: 'ok' },
          { role: 'user', content: [{ type: 'input_audio' }] },
        ],
      },
      'input[1].content[0].type',
    ],
    [
      'content not text or array',
      { ...base, input: [{ role: 'user', content: 5 }] },
      'input[0].content',
    ],
    [
      'function_call without call_id',
      { ...base, input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      'input[0].call_id',
    ],
    [
      'output without call_id',
      { ...base, input: [{ type: 'function_call_output', output: 'x' }] },
      'input[0].call_id',
    ],
    ['item that is not an object', { ...base, input: ['hi'] }, 'input[0]'],
    ['tool without type', { ...base, tools: [{ name: 'f' }] }, 'tools[0].type'],
    [
      'function tool without name',
      { ...base, tools: [{ type: 'web_search' }, { type: 'function', parameters: {} }] },
      'tools[1].name',
    ],
    ['unknown effort', { ...base, reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    ['non-string metadata', { ...base, metadata: { a: 1 } }, 'metadata.a'],
    // What the JSON reader makes of `{"__proto__": …}`: an object String() cannot print.
    [
      'effort that is an object without a prototype',
      { ...base, reasoning: { effort: Object.create(null) as object } },
      'reasoning.effort',
    ],
    [
      'content part type that is an object without a prototype',
      { ...base, input: [{ role: 'user', content: [{ type: Object.create(null) as object }] }] },
      'input[0].content[0].type',
    ],
    [
      'text format type that is an object without a prototype',
      { ...base, text: { format: { type: Object.create(null) as object } } },
      'text.format.type',
    ],
    [
      'item_reference',
      { ...base, input: [{ type: 'item_reference', id: 'msg_1' }] },
      'input[0].type',
    ],
  ]
  for (const [label, body, param] of cases) {
    it(`${label} → ${param}`, () => {
      expect(rejection(body).param).toBe(param)
    })
  }

  it('previous_response_id and conversation reaching the decoder are rejected: the response store is off', () => {
    const prev = rejection({ ...base, previous_response_id: 'resp_1' })
    expect(prev.param).toBe('previous_response_id')
    expect(prev.message).toMatch(/responseStore\.enabled/)
    expect(prev.message).toMatch(/store:false/)
    expect(rejection({ ...base, conversation: 'conv_1' }).param).toBe('conversation')
  })

  it('unknown extra fields are tolerated and kept in extras', () => {
    const req = decodeRequest({
      ...base,
      brand_new_field: { x: 1 },
      service_tier: 'flex',
      previous_response_id: null,
    })
    expect(req.extras.fields).toEqual({
      brand_new_field: { x: 1 },
      service_tier: 'flex',
      previous_response_id: null,
    })
  })
})

describe('decodeRequest: mapping details', () => {
  it('instructions, leading system/developer items, later developer messages', () => {
    const req = decodeRequest({
      model: 'm',
      instructions: 'Top.',
      input: [
        { role: 'system', content: 'Sys.' },
        { role: 'developer', content: [{ type: 'input_text', text: 'Dev.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Later.' },
      ],
    })
    expect(req.system.map((p) => p.text)).toEqual(['Top.', 'Sys.', 'Dev.'])
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'Later.' }] },
    ])
  })

  it('merges consecutive assistant-side items and consecutive outputs', () => {
    const req = decodeRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'go' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sure.' }] },
        { type: 'function_call', call_id: 'c1', name: 'a', arguments: '{}' },
        { type: 'function_call', call_id: 'c2', name: 'b', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        {
          type: 'function_call_output',
          call_id: 'c2',
          output: [{ type: 'input_text', text: 'two' }],
        },
        { role: 'user', content: 'thanks' },
        {
          type: 'web_search_call',
          id: 'ws_1',
          status: 'completed',
          action: { type: 'search', query: 'q' },
        },
      ],
    })
    expect(req.messages.map((m) => [m.role, m.content.length])).toEqual([
      ['user', 1],
      ['assistant', 3],
      ['user', 2],
      ['user', 1],
      ['assistant', 1],
    ])
  })

  it('local_shell_call → function call named local_shell with the action as arguments', () => {
    const action = {
      type: 'exec',
      command: ['ls', '-la'],
      env: {},
      timeout_ms: 1000,
      working_directory: '/repo',
    }
    const req = decodeRequest({
      model: 'm',
      input: [
        { type: 'local_shell_call', id: 'lsh_1', call_id: 'call_y', status: 'completed', action },
        { type: 'local_shell_call_output', id: 'call_y', output: 'total 0' },
      ],
    })
    expect(req.messages).toEqual([
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_call',
            callId: 'call_y',
            name: 'local_shell',
            arguments: JSON.stringify(action),
            toolKind: 'function',
            itemId: 'lsh_1',
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            callId: 'call_y',
            toolKind: 'function',
            content: [{ type: 'text', text: 'total 0' }],
          },
        ],
      },
    ])
  })

  it('reads our "[tool_error] " marker back as isError, in text and in part-list outputs', () => {
    const results = (output: unknown) => {
      const req = decodeRequest({
        model: 'm',
        input: [{ type: 'function_call_output', call_id: 'c1', output }],
      })
      return req.messages
        .flatMap((m): unknown[] => m.content)
        .filter((p) => (p as { type?: string }).type === 'tool_result')
    }
    expect(results('[tool_error] boom')).toEqual([
      {
        type: 'tool_result',
        callId: 'c1',
        toolKind: 'function',
        isError: true,
        content: [{ type: 'text', text: 'boom' }],
      },
    ])
    const image = { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }
    expect(results([{ type: 'input_text', text: '[tool_error]' }, image])[0]).toMatchObject({
      isError: true,
      content: [{ type: 'image' }],
    })
    expect(results('[tool_errors] are fine')[0]).not.toHaveProperty('isError')
    // Round trip from a failed Anthropic-style tool result.
    const failed: CanonicalRequest = canonical({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              callId: 'c1',
              toolKind: 'function',
              isError: true,
              content: [{ type: 'text', text: 'boom' }],
            },
          ],
        },
      ],
    })
    const again = decodeRequest(encodeRequest(failed).body)
    expect(again.messages.flatMap((m): unknown[] => m.content)).toEqual(
      failed.messages.flatMap((m): unknown[] => m.content),
    )
  })

  it('images, files, refusals and raw reasoning', () => {
    const req = decodeRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
            { type: 'input_image', image_url: 'https://x/y.png' },
            {
              type: 'input_file',
              file_data: 'data:application/pdf;base64,JVBE',
              filename: 'a.pdf',
            },
          ],
        },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'raw' }],
        },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
      ],
    })
    expect(req.messages[0]?.content).toEqual([
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
      { type: 'file', mediaType: 'application/pdf', data: 'JVBE', filename: 'a.pdf' },
    ])
    expect(req.messages[1]?.content).toEqual([
      { type: 'reasoning', channel: 'raw', text: 'raw' },
      { type: 'refusal', text: 'no' },
    ])
  })

  it('options: tool_choice, text.format, effort none, numbers, user, metadata', () => {
    const req = decodeRequest({
      model: 'm',
      input: 'hi',
      tool_choice: { type: 'function', name: 'f' },
      text: {
        format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
        verbosity: 'high',
      },
      reasoning: { effort: 'none' },
      max_output_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      safety_identifier: 'user-1',
      metadata: { k: 'v' },
      stream: false,
    })
    expect(req.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }])
    expect(req.toolChoice).toEqual({ name: 'f' })
    expect(req.responseFormat).toEqual({
      type: 'json_schema',
      name: 'out',
      schema: { type: 'object' },
      strict: true,
    })
    expect(req.verbosity).toBe('high')
    expect(req.reasoning).toEqual({ enabled: false, effort: 'none' })
    expect([req.maxOutputTokens, req.temperature, req.topP, req.user, req.stream]).toEqual([
      100,
      0.2,
      0.9,
      'user-1',
      false,
    ])
    expect(req.metadata).toEqual({ k: 'v' })
    expect(req.extras.fields).toEqual({ safety_identifier: 'user-1' })
  })
})

function canonical(partial: Partial<CanonicalRequest>): CanonicalRequest {
  return {
    model: 'gpt-5',
    system: [],
    messages: [],
    tools: [],
    stream: false,
    extras: { dialect: 'anthropic-messages', fields: { container: 'x' } },
    ...partial,
  }
}

describe('encodeRequest: from another dialect', () => {
  it('always streams, never stores, and always sends instructions', () => {
    const { body } = encodeRequest(
      canonical({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
    )
    expect(body).toEqual({
      model: 'gpt-5',
      instructions: '',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      stream: true,
      store: false,
    })
  })

  it('tools: strict:false unless asked, custom kept, Anthropic web search mapped, other foreign built-ins dropped', () => {
    const { body, notes } = encodeRequest(
      canonical({
        tools: [
          { kind: 'function', name: 'a', parameters: { type: 'object' } },
          { kind: 'function', name: 'b', parameters: { type: 'object' }, strict: true },
          { kind: 'custom', name: 'apply_patch', format: { type: 'text' } },
          {
            kind: 'builtin',
            type: 'web_search_20250305',
            name: 'web_search',
            dialect: 'anthropic-messages',
            raw: {
              type: 'web_search_20250305',
              name: 'web_search',
              allowed_domains: ['example.com'],
            },
          },
          {
            kind: 'builtin',
            type: 'code_execution_20250825',
            name: 'code_execution',
            dialect: 'anthropic-messages',
            raw: { type: 'code_execution_20250825' },
          },
        ],
        toolChoice: { name: 'apply_patch' },
      }),
    )
    expect(body['tools']).toEqual([
      { type: 'function', name: 'a', parameters: { type: 'object' }, strict: false },
      { type: 'function', name: 'b', parameters: { type: 'object' }, strict: true },
      { type: 'custom', name: 'apply_patch', format: { type: 'text' } },
      { type: 'web_search', filters: { allowed_domains: ['example.com'] } },
    ])
    expect(body['tool_choice']).toEqual({ type: 'custom', name: 'apply_patch' })
    expect(notes.map((n) => n.code)).toEqual(['tool_dropped'])
  })

  it('reasoning items: own token with its follower kept, foreign or unpaired ones dropped with notes', () => {
    const own = { dialect: 'openai-responses' as const, value: 'gAAA-enc', itemId: 'rs_1' }
    const { body, notes } = encodeRequest(
      canonical({
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
        reasoning: { enabled: true, budgetTokens: 10000 },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'reasoning',
                channel: 'raw',
                text: 'claude thought',
                opaque: { dialect: 'anthropic-messages', value: 'sig' },
              },
              { type: 'reasoning', channel: 'summary', text: 'summary', opaque: own },
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
                content: [{ type: 'text', text: 'boom' }],
                isError: true,
                toolKind: 'function',
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              {
                type: 'reasoning',
                channel: 'summary',
                text: 'alone',
                opaque: { ...own, itemId: 'rs_2' },
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'next' }] },
        ],
      }),
    )
    expect(body['instructions']).toBe('A\n\nB')
    expect(body['input']).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'q' }] },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'summary' }],
        encrypted_content: 'gAAA-enc',
      },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: '[tool_error] boom' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'next' }] },
    ])
    expect(body['reasoning']).toEqual({ effort: 'high', summary: 'auto' })
    expect(body['include']).toEqual(['reasoning.encrypted_content'])
    expect(notes.map((n) => n.code).sort()).toEqual(['reasoning_dropped', 'reasoning_unpaired'])
  })

  it('reasoning config: adaptive → default effort, disabled → omitted, explicit none kept', () => {
    const adaptive = encodeRequest(canonical({ reasoning: { enabled: true, adaptive: true } })).body
    expect(adaptive['reasoning']).toEqual({ effort: 'medium', summary: 'auto' })
    const disabled = encodeRequest(canonical({ reasoning: { enabled: false } })).body
    expect(disabled['reasoning']).toBeUndefined()
    expect(disabled['include']).toBeUndefined()
    const none = encodeRequest(canonical({ reasoning: { enabled: false, effort: 'none' } })).body
    expect(none['reasoning']).toEqual({ effort: 'none' })
  })

  it('long call ids are shortened the same way for the call and its result; custom calls stay custom', () => {
    const long = `toolu_${'x'.repeat(80)}`
    const { body } = encodeRequest(
      canonical({
        messages: [
          {
            role: 'assistant',
            content: [
              {
                type: 'tool_call',
                callId: long,
                name: 'apply_patch',
                arguments: '*** Begin Patch',
                toolKind: 'custom',
              },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: long,
                content: [{ type: 'text', text: 'ok' }],
                toolKind: 'custom',
              },
            ],
          },
        ],
      }),
    )
    const [call, result] = items(body)
    expect(call?.['type']).toBe('custom_tool_call')
    expect(call?.['input']).toBe('*** Begin Patch')
    expect(result?.['type']).toBe('custom_tool_call_output')
    expect(String(call?.['call_id']).length).toBeLessThanOrEqual(64)
    expect(result?.['call_id']).toBe(call?.['call_id'])
  })

  it('images, files, image tool results, mid-conversation system, dropped stop sequences and top_k', () => {
    const { body, notes } = encodeRequest(
      canonical({
        stopSequences: ['END'],
        topK: 5,
        responseFormat: { type: 'json_schema', schema: { type: 'object' } },
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: 'c',
                toolKind: 'function',
                content: [
                  { type: 'text', text: 'see' },
                  { type: 'image', source: { kind: 'url', url: 'https://i/x.png' } },
                ],
              },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'QUJD' } },
              { type: 'file', mediaType: 'application/pdf', data: 'JVBE' },
            ],
          },
          { role: 'system', content: [{ type: 'text', text: 'Be terse now.' }] },
        ],
      }),
    )
    expect(body['input']).toEqual([
      {
        type: 'function_call_output',
        call_id: 'c',
        output: [
          { type: 'input_text', text: 'see' },
          { type: 'input_image', image_url: 'https://i/x.png', detail: 'auto' },
        ],
      },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_image', image_url: 'data:image/jpeg;base64,QUJD', detail: 'auto' },
          {
            type: 'input_file',
            file_data: 'data:application/pdf;base64,JVBE',
            filename: 'document.pdf',
          },
        ],
      },
      {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: 'Be terse now.' }],
      },
    ])
    expect(body['text']).toEqual({
      format: { type: 'json_schema', name: 'structured_output', schema: { type: 'object' } },
    })
    expect(body['container']).toBeUndefined()
    expect(notes.map((n) => n.code)).toEqual(['stop_sequences_dropped', 'top_k_dropped'])
  })
})
