// `additional_tools` input items (Codex 0.169 on gpt-6): decoded, kept as sent for Responses, merged for Chat/Anthropic.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { mergeAdditionalTools, offeredTools } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { encoderOptions } from '../../helpers/context.js'
import { encodeText, oracleFinal, rejection } from './helpers.js'
import { CODEX_TOOLS, GPT6 } from '../../helpers/codex-gpt6.js'

const { decodeRequest, encodeRequest } = openaiResponsesCodec

function itemsOf(body: JsonObject): JsonObject[] {
  return body['input'] as JsonObject[]
}

function withItem(item: unknown, tools?: unknown[]): JsonObject {
  const body: JsonObject = {
    model: 'gpt-6-sol',
    input: [
      item as JsonObject,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    ],
  }
  if (tools) body['tools'] = tools as JsonObject[]
  return body
}

const fn = (name: string, description = name): JsonObject => ({
  type: 'function',
  name,
  description,
  strict: false,
  parameters: { type: 'object', properties: {}, additionalProperties: false },
})

describe('additional_tools input item', () => {
  it("Codex's gpt-6 request decodes: no `tools`, every tool in one item of three namespaces", () => {
    expect(GPT6['tools']).toBeUndefined()
    const item = itemsOf(GPT6)[0]
    expect(item?.['type']).toBe('additional_tools')
    const req = decodeRequest(GPT6)
    expect(req.tools).toEqual([])
    expect(req.additionalTools).toHaveLength(1)
    expect(req.additionalTools?.[0]?.raw).toEqual(item)
    expect(offeredTools(req).map((t) => t.name)).toEqual(CODEX_TOOLS)
    const exec = offeredTools(req).find((t) => t.name === 'exec')
    expect(exec?.kind).toBe('custom')
    expect(exec?.kind === 'custom' && exec.format?.type).toBe('grammar')
    // The item is not a message: the developer prompt still leads the system text.
    expect(req.system[0]?.text).toMatch(/^You are Codex/)
  })

  it('goes to a Responses upstream as sent, byte for byte, first in the input', () => {
    const item = itemsOf(GPT6)[0]
    const body = encodeRequest(decodeRequest(GPT6)).body
    expect(JSON.stringify(itemsOf(body)[0])).toBe(JSON.stringify(item))
    expect(itemsOf(body).filter((i) => i['type'] === 'additional_tools')).toHaveLength(1)
    expect(body['tools']).toBeUndefined()
  })

  it('reaches a Chat upstream as its tool list (custom exec as a function taking input)', () => {
    const body = openaiChatCodec.encodeRequest(decodeRequest(GPT6)).body
    const tools = body['tools'] as { type: string; function: { name: string } }[]
    expect(tools.map((t) => t.function.name)).toEqual(CODEX_TOOLS)
    expect(JSON.stringify(body['messages'])).not.toContain('additional_tools')
  })

  it('reaches an Anthropic upstream as its tool list', () => {
    const body = anthropicMessagesCodec.encodeRequest(decodeRequest(GPT6)).body
    const tools = body['tools'] as { name: string }[]
    expect(tools.map((t) => t.name)).toEqual(CODEX_TOOLS)
  })

  it('extends `tools`: a name already offered keeps its first definition', () => {
    const item = {
      type: 'additional_tools',
      id: 'at_1',
      role: 'developer',
      tools: [
        fn('read', 'from additional'),
        { type: 'namespace', name: 'clock', description: '', tools: [fn('sleep'), fn('read')] },
      ],
    }
    const req = decodeRequest(withItem(item, [fn('read', 'from tools')]))
    const offered = offeredTools(req)
    expect(offered.map((t) => t.name)).toEqual(['read', 'sleep'])
    expect(offered[0]?.kind === 'function' && offered[0].description).toBe('from tools')
    mergeAdditionalTools(req)
    expect(req.additionalTools).toBeUndefined()
    expect(req.tools.map((t) => t.name)).toEqual(['read', 'sleep'])
    // Merged: an encoder for another dialect sees each tool once.
    const chat = openaiChatCodec.encodeRequest(req).body['tools'] as unknown[]
    expect(chat).toHaveLength(2)
  })

  it('keeps the namespace of each tool it offers', () => {
    const namespaces = offeredTools(decodeRequest(GPT6)).map((t) =>
      t.kind === 'builtin' ? undefined : [t.name, t.namespace],
    )
    expect(namespaces).toEqual([
      ['exec', 'functions'],
      ['wait', 'functions'],
      ['request_user_input', 'functions'],
      ['request_user_input_async', 'functions'],
      ['sleep', 'clock'],
      ['followup_task', 'collaboration'],
      ['interrupt_agent', 'collaboration'],
      ['list_agents', 'collaboration'],
      ['send_message', 'collaboration'],
      ['spawn_agent', 'collaboration'],
      ['wait_agent', 'collaboration'],
    ])
  })

  it('an empty item is accepted and offers nothing', () => {
    const req = decodeRequest(withItem({ type: 'additional_tools', tools: [] }))
    expect(offeredTools(req)).toEqual([])
  })

  it.each([
    [{ type: 'additional_tools' }, 'input[0].tools', 'must be an array'],
    [{ type: 'additional_tools', tools: {} }, 'input[0].tools', 'must be an array'],
    [{ type: 'additional_tools', tools: ['exec'] }, 'input[0].tools[0]', 'must be an object'],
    [{ type: 'additional_tools', tools: [{ name: 'x' }] }, 'input[0].tools[0].type', 'required'],
    [
      { type: 'additional_tools', tools: [{ type: 'function', parameters: {} }] },
      'input[0].tools[0].name',
      'non-empty string',
    ],
    [
      { type: 'additional_tools', tools: [{ type: 'namespace', name: 'clock' }] },
      'input[0].tools[0].tools',
      'must be an array',
    ],
    [
      { type: 'additional_tools', tools: [{ type: 'namespace', tools: [] }] },
      'input[0].tools[0].name',
      'non-empty string',
    ],
    [
      {
        type: 'additional_tools',
        tools: [
          { type: 'namespace', name: 'c', tools: [{ type: 'function', name: 'f', parameters: 3 }] },
        ],
      },
      'input[0].tools[0].tools[0].parameters',
      'must be an object',
    ],
  ])('malformed item %j → 400 naming %s', (item, param, text) => {
    const r = rejection(withItem(item))
    expect(r.param).toBe(param)
    expect(r.message).toContain(param)
    expect(r.message).toContain(text)
  })
})

/** The model (behind a Chat or Anthropic upstream) calls `sleep`, then `exec`, then the client's own `read`. */
const CALLS: CanonicalEvent[] = [
  { type: 'message_start', id: 'msg_1', model: 'upstream-model' },
  ...(
    [
      ['call_sleep', 'sleep', 'function', '{"duration_ms":1}'],
      ['call_exec', 'exec', 'custom', 'text("hi")'],
      ['call_read', 'read', 'function', '{}'],
    ] as const
  ).flatMap(([callId, name, toolKind, args], index): CanonicalEvent[] => [
    { type: 'block_start', index, block: { kind: 'tool_call', callId, name, toolKind } },
    { type: 'tool_args_delta', index, delta: args },
    { type: 'block_stop', index },
  ]),
  { type: 'message_stop', stopReason: 'tool_use' },
]

describe('a call to a tool of an additional_tools namespace', () => {
  // Codex finds a tool by namespace and name: without the namespace it answers "unsupported call: sleep".
  const request = () => {
    const req = decodeRequest(withItem(itemsOf(GPT6)[0], [fn('read')]))
    mergeAdditionalTools(req)
    return req
  }
  const expected = [
    { type: 'function_call', name: 'sleep', namespace: 'clock', call_id: 'call_sleep' },
    { type: 'custom_tool_call', name: 'exec', namespace: 'functions', input: 'text("hi")' },
    { type: 'function_call', name: 'read', call_id: 'call_read' },
  ]

  it('names it on the streamed items, as the SDK reads them', async () => {
    const text = encodeText(CALLS, request())
    for (const event of ['response.output_item.added', 'response.output_item.done']) {
      const items = text
        .split('\n')
        .filter((l) => l.startsWith('data: ') && l.includes(`"type":"${event}"`))
        .map((l) => (JSON.parse(l.slice(6)) as { item: JsonObject }).item)
      expect(items.map((i) => i['namespace'])).toEqual(['clock', 'functions', undefined])
    }
    const final = await oracleFinal(text)
    expect(final.output).toMatchObject(expected)
    expect(final.output[2]).not.toHaveProperty('namespace')
  })

  it('names it in a JSON answer', () => {
    const result = accumulate(CALLS)
    if (!result.ok) throw new Error(result.error.message)
    const body = openaiResponsesCodec.encodeResponse(
      result.response,
      encoderOptions('gpt-6-sol', request()),
    )
    expect(body['output']).toMatchObject(expected)
    expect((body['output'] as JsonObject[])[2]).not.toHaveProperty('namespace')
  })

  it('comes back in the history with its namespace, which a Responses upstream gets again', () => {
    const call = {
      type: 'function_call',
      id: 'fc_1',
      call_id: 'call_sleep',
      name: 'sleep',
      namespace: 'clock',
      arguments: '{"duration_ms":1}',
    }
    const output = {
      type: 'function_call_output',
      call_id: 'call_sleep',
      output: 'Sleep completed.',
    }
    const body = withItem(itemsOf(GPT6)[0])
    body['input'] = [...itemsOf(body), call, output]
    const req = decodeRequest(body)
    const items = itemsOf(encodeRequest(req).body)
    expect(items.find((i) => i['type'] === 'function_call')).toMatchObject({
      name: 'sleep',
      namespace: 'clock',
    })
    // A Chat upstream knows the tool by its name alone.
    const chat = openaiChatCodec.encodeRequest(req).body
    expect(JSON.stringify(chat['messages'])).not.toContain('namespace')
  })
})
