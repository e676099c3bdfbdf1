// Namespaced tools beyond `additional_tools`: a `namespace` in `tools` (Codex's multi_agent_v1 on gpt-5-codex)
// and the namespace a Responses upstream names on its call item. Either way the Responses client's call names it.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { mergeAdditionalTools, toolNamespaces } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { CHUNK_SIZES, splitEvery } from '../../helpers/chunks.js'
import { encoderOptions } from '../../helpers/context.js'
import { decodeChunks, encodeText, oracleFinal, rejection, sse } from './helpers.js'

const { decodeRequest, encodeRequest } = openaiResponsesCodec

const fn = (name: string): JsonObject => ({
  type: 'function',
  name,
  description: name,
  strict: false,
  parameters: { type: 'object', properties: {}, additionalProperties: false },
})

/** Codex 0.169 on gpt-5-codex offers its agent tools as one namespace in `tools` (client-requests §2.4). */
const MULTI_AGENT: JsonObject = {
  type: 'namespace',
  name: 'multi_agent_v1',
  description: 'Sub-agents',
  tools: [fn('spawn_agent'), fn('close_agent')],
}

const body = (tools: JsonObject[] = [fn('exec_command'), MULTI_AGENT]): JsonObject => ({
  model: 'gpt-5-codex',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
  tools,
})

function callEvents(name: string, namespace?: string): CanonicalEvent[] {
  return [
    { type: 'message_start', id: 'msg_1', model: 'upstream-model' },
    {
      type: 'block_start',
      index: 0,
      block: {
        kind: 'tool_call',
        callId: 'call_1',
        name,
        toolKind: 'function',
        ...(namespace === undefined ? {} : { namespace }),
      },
    },
    { type: 'tool_args_delta', index: 0, delta: '{}' },
    { type: 'block_stop', index: 0 },
    { type: 'message_stop', stopReason: 'tool_use' },
  ]
}

/** The namespace on every streamed call item, and on the SDK's final output. */
async function streamedNamespaces(text: string): Promise<unknown[]> {
  const items = text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l.includes('"type":"response.output_item.'))
    .map((l) => (JSON.parse(l.slice(6)) as { item: JsonObject }).item['namespace'])
  const final = await oracleFinal(text)
  return [...items, ...final.output.map((o) => (o as unknown as JsonObject)['namespace'])]
}

describe('a namespace in `tools`', () => {
  it('goes to a Responses upstream as sent', () => {
    const tools = encodeRequest(decodeRequest(body())).body['tools'] as JsonObject[]
    expect(JSON.stringify(tools[1])).toBe(JSON.stringify(MULTI_AGENT))
  })

  it('reaches Chat and Anthropic upstreams as its member tools, not dropped', () => {
    for (const codec of [openaiChatCodec, anthropicMessagesCodec]) {
      const req = decodeRequest(body())
      mergeAdditionalTools(req)
      const encoded = codec.encodeRequest(req)
      const names = (encoded.body['tools'] as JsonObject[]).map((t) =>
        String((t['function'] as JsonObject | undefined)?.['name'] ?? t['name']),
      )
      expect(names).toEqual(['exec_command', 'spawn_agent', 'close_agent'])
      expect(encoded.notes.map((n) => n.code)).not.toContain('builtin_tool_dropped')
    }
  })

  it('a member keeps its first definition when a name is offered twice', () => {
    const req = decodeRequest(body([fn('spawn_agent'), MULTI_AGENT]))
    expect(toolNamespaces(req)('spawn_agent')).toBeUndefined()
    expect(toolNamespaces(req)('close_agent')).toBe('multi_agent_v1')
    mergeAdditionalTools(req)
    expect(req.tools.map((t) => t.name)).toEqual(['spawn_agent', 'close_agent'])
  })

  it('a call to a member (from an upstream that knows no namespaces) names it, streamed and in JSON', async () => {
    const req = decodeRequest(body())
    mergeAdditionalTools(req)
    const events = callEvents('spawn_agent')
    expect(await streamedNamespaces(encodeText(events, req))).toEqual([
      'multi_agent_v1',
      'multi_agent_v1',
      'multi_agent_v1',
    ])
    const result = accumulate(events)
    if (!result.ok) throw new Error(result.error.message)
    const json = openaiResponsesCodec.encodeResponse(
      result.response,
      encoderOptions('gpt-5-codex', req),
    )
    expect(json['output']).toMatchObject([{ name: 'spawn_agent', namespace: 'multi_agent_v1' }])
  })

  it.each([
    [{ type: 'namespace', tools: [] }, 'tools[1].name', 'non-empty string'],
    [{ type: 'namespace', name: 'x' }, 'tools[1].tools', 'must be an array'],
    [
      { type: 'namespace', name: 'x', tools: [{ name: 'f' }] },
      'tools[1].tools[0].type',
      'required',
    ],
  ])('a malformed namespace %j → 400 naming %s', (tool, param, text) => {
    const r = rejection(body([fn('exec_command'), tool]))
    expect(r.param).toBe(param)
    expect(r.message).toContain(text)
  })
})

describe('a namespace a Responses upstream names on its call', () => {
  // A tool the request does not offer by that name (one loaded by tool_search, say): only the upstream knows it.
  const call = {
    id: 'fc_1',
    type: 'function_call',
    call_id: 'call_1',
    name: 'spawn_agent',
    namespace: 'multi_agent_v1',
    arguments: '',
  }
  const stream = sse(
    {
      type: 'response.created',
      sequence_number: 0,
      response: { id: 'resp_1', model: 'gpt-5', status: 'in_progress', output: [] },
    },
    { type: 'response.output_item.added', output_index: 0, item: call },
    { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{}' },
    { type: 'response.output_item.done', output_index: 0, item: { ...call, arguments: '{}' } },
    {
      type: 'response.completed',
      response: {
        id: 'resp_1',
        model: 'gpt-5',
        status: 'completed',
        output: [{ ...call, arguments: '{}' }],
      },
    },
  )
  const bytes = new TextEncoder().encode(stream)

  it.each(CHUNK_SIZES)('is decoded onto the call at every %i-byte boundary', (size) => {
    const starts = decodeChunks(splitEvery(bytes, size)).filter((e) => e.type === 'block_start')
    expect(starts).toEqual([
      {
        type: 'block_start',
        index: 0,
        block: {
          kind: 'tool_call',
          callId: 'call_1',
          name: 'spawn_agent',
          toolKind: 'function',
          namespace: 'multi_agent_v1',
        },
      },
    ])
  })

  it('reaches the Responses client, streamed and in JSON', async () => {
    const req = decodeRequest(body([fn('exec_command')]))
    const events = decodeChunks([bytes])
    expect(await streamedNamespaces(encodeText(events, req))).toEqual([
      'multi_agent_v1',
      'multi_agent_v1',
      'multi_agent_v1',
    ])
    const result = accumulate(events)
    if (!result.ok) throw new Error(result.error.message)
    expect(result.response.content).toMatchObject([{ namespace: 'multi_agent_v1' }])
    const json = openaiResponsesCodec.encodeResponse(result.response, encoderOptions('gpt-5', req))
    expect(json['output']).toMatchObject([{ name: 'spawn_agent', namespace: 'multi_agent_v1' }])
  })

  it('is named on the item only when the upstream or the request gave one', async () => {
    const text = encodeText(callEvents('spawn_agent'), decodeRequest(body([fn('exec_command')])))
    expect(await streamedNamespaces(text)).toEqual([undefined, undefined, undefined])
  })
})
