// Anthropic request decode (Claude Code's real body, validation) and encode (ordering, thinking, downgrades).
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec as codec } from '../../../protocol/anthropic-messages/index.js'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { packOpaque } from '../../../protocol/canonical/opaque.js'
import { captureBodies } from '../../helpers/captures.js'

const [turn1, turn2] = captureBodies('claude-json')
if (!turn1 || !turn2) throw new Error('capture missing')

function paramOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof ProtocolError) return err.error.param ?? '(none)'
    throw err
  }
  return undefined
}

describe('anthropic decodeRequest: Claude Code capture', () => {
  const req = codec.decodeRequest(turn1)

  it('reads the system blocks with their cache flags', () => {
    expect(req.system).toHaveLength(3)
    expect(req.system[0]?.text.startsWith('x-anthropic-billing-header:')).toBe(true)
    expect(req.system[0]?.cache).toBeUndefined()
    expect(req.system[1]).toEqual({
      type: 'text',
      text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.",
      cache: true,
    })
    expect(req.system[2]?.cache).toBe(true)
  })

  it('keeps the mid-conversation system message as a system message', () => {
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'system'])
    const sys = req.messages[1]
    expect(
      sys?.role === 'system' &&
        sys.content[0]?.text.startsWith('Available agent types for the Agent tool:'),
    ).toBe(true)
    const user = req.messages[0]
    expect(user?.content[1]).toEqual({ type: 'text', text: 'run echo hi with bash', cache: true })
  })

  it('reads 24 function tools, adaptive thinking with effort high, the user id and the Anthropic-only fields', () => {
    expect(req.tools).toHaveLength(24)
    expect(req.tools.every((t) => t.kind === 'function')).toBe(true)
    expect(req.tools.map((t) => (t.kind === 'builtin' ? t.type : t.name)).slice(0, 2)).toEqual([
      'Agent',
      'Bash',
    ])
    expect(req.reasoning).toEqual({ enabled: true, adaptive: true, effort: 'high' })
    expect(req.maxOutputTokens).toBe(64000)
    expect(req.stream).toBe(true)
    expect(req.model).toBe('claude-opus-4-8')
    expect(req.user).toContain('"session_id":"c343ed9d-b8be-41b5-a501-fc6942852691"')
    expect(req.extras).toEqual({
      dialect: 'anthropic-messages',
      fields: { context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] } },
    })
  })

  it('turn 2: tool_use and tool_result', () => {
    const r = codec.decodeRequest(turn2)
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'system', 'assistant', 'user'])
    expect(r.messages[2]?.content).toEqual([
      { type: 'text', text: "I'll run that command." },
      {
        type: 'tool_call',
        callId: 'toolu_01iU6idEPIFzfj46PUPuwz0m3a',
        name: 'Bash',
        arguments: '{"command":"echo hi","description":"Print hi"}',
        toolKind: 'function',
      },
    ])
    expect(r.messages[3]?.content).toEqual([
      {
        type: 'tool_result',
        callId: 'toolu_01iU6idEPIFzfj46PUPuwz0m3a',
        content: [{ type: 'text', text: 'hi', cache: true }],
        toolKind: 'function',
      },
    ])
  })

  it('decode → encode keeps messages, system, tools and settings', () => {
    const r = codec.decodeRequest(turn2)
    const { body, notes } = codec.encodeRequest(r)
    expect(notes).toEqual([])
    expect(body['messages']).toEqual(
      turn2['messages'] instanceof Array
        ? (turn2['messages'] as JsonObject[]).map(stripBlockExtras)
        : [],
    )
    expect(body['tools']).toEqual(turn2['tools'])
    expect(body['system']).toEqual(turn2['system'])
    expect(body['thinking']).toEqual({ type: 'adaptive' })
    expect(body['output_config']).toEqual({ effort: 'high' })
    expect(body['metadata']).toEqual(turn2['metadata'])
    expect(body['context_management']).toEqual(turn2['context_management'])
    expect(body['max_tokens']).toBe(64000)
    expect(body['stream']).toBe(true)
  })

  it('reads budget thinking (sonnet capture) and structured output (title request)', () => {
    const [sonnet] = captureBodies('claude-json-model-claude-sonnet-4-5-20250929')
    expect(codec.decodeRequest(sonnet).reasoning).toEqual({ enabled: true, budgetTokens: 31999 })
    const title = captureBodies('claude-json-nonessential-on').find(
      (b) => (b['output_config'] as JsonObject | undefined)?.['format'] !== undefined,
    )
    const r = codec.decodeRequest(title)
    expect(r.reasoning).toEqual({ enabled: false, effort: 'high' })
    expect(r.responseFormat).toMatchObject({ type: 'json_schema', schema: { required: ['title'] } })
  })
})

/** The capture's tool_result carries is_error:false, which encodes as absent; everything else is identical. */
function stripBlockExtras(m: JsonObject): JsonObject {
  if (!Array.isArray(m['content'])) return m
  return {
    ...m,
    content: (m['content'] as JsonObject[]).map((b) => {
      const { is_error, ...rest } = b
      return is_error === true ? b : rest
    }),
  }
}

describe('anthropic decodeRequest: blocks and validation', () => {
  const ok = { model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }

  it('names the offending field', () => {
    expect(paramOf(() => codec.decodeRequest({ ...ok, model: 3 }))).toBe('model')
    expect(paramOf(() => codec.decodeRequest({ model: 'm', messages: [] }))).toBe('max_tokens')
    expect(paramOf(() => codec.decodeRequest({ ...ok, max_tokens: 'x' }))).toBe('max_tokens')
    expect(paramOf(() => codec.decodeRequest({ ...ok, messages: 'hi' }))).toBe('messages')
    const bad = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
      { role: 'tool', content: 'd' },
    ]
    expect(paramOf(() => codec.decodeRequest({ ...ok, messages: bad }))).toBe('messages.3.role')
    expect(
      paramOf(() =>
        codec.decodeRequest({ ...ok, messages: [{ role: 'user', content: [{ type: 'text' }] }] }),
      ),
    ).toBe('messages.0.content.0.text')
    expect(paramOf(() => codec.decodeRequest({ ...ok, tools: [{ name: 'x' }] }))).toBe(
      'tools.0.input_schema',
    )
    expect(paramOf(() => codec.decodeRequest({ ...ok, tool_choice: { type: 'tool' } }))).toBe(
      'tool_choice.name',
    )
    expect(paramOf(() => codec.decodeRequest({ ...ok, thinking: { type: 'enabled' } }))).toBe(
      'thinking.budget_tokens',
    )
    expect(paramOf(() => codec.decodeRequest('nope'))).toBe('(none)')
    expect(
      paramOf(() => codec.decodeRequest({ ...ok, unknown_field: 1, betas: ['x'] })),
    ).toBeUndefined()
  })

  it('decodes every content block kind', () => {
    const sig = packOpaque({ dialect: 'openai-responses', value: 'enc', itemId: 'rs_9' })
    const r = codec.decodeRequest({
      ...ok,
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
              title: 'a.pdf',
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' } },
            {
              type: 'search_result',
              source: 'https://s',
              title: 'T',
              content: [{ type: 'text', text: 'body' }],
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'EqNative' },
            { type: 'thinking', thinking: 'foreign', signature: sig },
            { type: 'redacted_thinking', data: 'EmwRedacted' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'boom' }],
              is_error: true,
            },
          ],
        },
      ],
      tools: [
        { type: 'custom', name: 'f', input_schema: { type: 'object' } },
        { type: 'bash_20250124', name: 'bash' },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_k: 5,
    })
    expect(r.system).toEqual([{ type: 'text', text: 'Be brief.' }])
    expect(r.messages[0]?.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
      { type: 'file', mediaType: 'application/pdf', data: 'JVBER', filename: 'a.pdf' },
      { type: 'file', mediaType: 'text/plain', text: 'plain' },
      { type: 'text', text: 'T — https://s\nbody' },
    ])
    expect(r.messages[1]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'hmm',
        channel: 'raw',
        opaque: { dialect: 'anthropic-messages', value: 'EqNative' },
      },
      {
        type: 'reasoning',
        text: 'foreign',
        channel: 'raw',
        opaque: { dialect: 'openai-responses', value: 'enc', itemId: 'rs_9' },
      },
      {
        type: 'reasoning',
        text: '',
        channel: 'raw',
        redacted: true,
        opaque: { dialect: 'anthropic-messages', value: 'EmwRedacted' },
      },
      { type: 'web_search_call', callId: 'srvtoolu_1', arguments: '{}' },
      {
        type: 'tool_call',
        callId: 'toolu_1',
        name: 'f',
        arguments: '{"a":1}',
        toolKind: 'function',
      },
    ])
    expect(r.messages[2]?.content).toEqual([
      {
        type: 'tool_result',
        callId: 'toolu_1',
        content: [{ type: 'text', text: 'boom' }],
        isError: true,
        toolKind: 'function',
      },
    ])
    expect(r.tools).toEqual([
      { kind: 'function', name: 'f', parameters: { type: 'object' } },
      {
        kind: 'builtin',
        type: 'bash_20250124',
        name: 'bash',
        dialect: 'anthropic-messages',
        raw: { type: 'bash_20250124', name: 'bash' },
      },
      {
        kind: 'builtin',
        type: 'web_search_20250305',
        name: 'web_search',
        dialect: 'anthropic-messages',
        raw: { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      },
    ])
    expect(r.toolChoice).toBe('required')
    expect(r.parallelToolCalls).toBe(false)
    expect(r.stopSequences).toEqual(['END'])
    expect([r.temperature, r.topK]).toEqual([0.5, 5])
  })
})
