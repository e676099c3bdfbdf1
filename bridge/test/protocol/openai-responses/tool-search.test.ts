// `tool_search_call` / `tool_search_output` items (Codex's tool_search tool): unchanged between a Responses client
// and a Responses upstream, streamed and not; left out for Chat and Anthropic upstreams, which get the loaded tools.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { mergeAdditionalTools } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { CHUNK_SIZES, splitEvery } from '../../helpers/chunks.js'
import { encoderOptions, testContext } from '../../helpers/context.js'
import { anthropicFinal, chatFinal } from '../../helpers/sdk-oracles.js'
import { encodeStream } from '../../helpers/translate.js'
import { decodeChunks, encodeText, oracleEvents, oracleFinal, rejection, sse } from './helpers.js'
import { BODY, CALL, OUTPUT, item, user } from '../../helpers/tool-search-items.js'

const { decodeRequest, encodeRequest } = openaiResponsesCodec

describe('tool search items in a Responses request', () => {
  it('go to a Responses upstream unchanged, in their place', () => {
    const { body, notes } = encodeRequest(decodeRequest(BODY))
    expect(notes).toEqual([])
    const input = body['input'] as JsonObject[]
    expect(input.map((i) => i['type'])).toEqual([
      'message',
      'tool_search_call',
      'tool_search_output',
      'function_call',
      'function_call_output',
      'message',
    ])
    expect(JSON.stringify(input[1])).toBe(JSON.stringify(CALL))
    expect(JSON.stringify(input[2])).toBe(JSON.stringify(OUTPUT))
    // The loaded tools stay in the output item: the upstream is not offered them twice.
    expect(body['tools']).toEqual(BODY['tools'])
  })

  it('count as the item a reasoning item produced', () => {
    const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' }
    const input = [user('go'), reasoning, item(CALL), item(OUTPUT)]
    const out = encodeRequest(decodeRequest({ model: 'm', input })).body['input'] as JsonObject[]
    expect(out.map((i) => i['type'])).toEqual([
      'message',
      'reasoning',
      'tool_search_call',
      'tool_search_output',
    ])
  })

  it('are left out for a Chat upstream, which is offered the tools they loaded', () => {
    const req = decodeRequest(BODY)
    mergeAdditionalTools(req)
    const { body, notes } = openaiChatCodec.encodeRequest(req)
    expect(JSON.stringify(body)).not.toContain('tool_search')
    const tools = body['tools'] as { function: { name: string } }[]
    expect(tools.map((t) => t.function.name)).toEqual(['spawn_agent'])
    const messages = body['messages'] as JsonObject[]
    expect(messages.map((m) => m['role'])).toEqual(['user', 'assistant', 'tool', 'user'])
    expect(messages[1]).toMatchObject({
      tool_calls: [{ id: 'call_spawn', function: { name: 'spawn_agent' } }],
    })
    expect(notes.map((n) => n.code)).toContain('tool_search_history_dropped')
  })

  it('are left out for an Anthropic upstream, which is offered the tools they loaded', () => {
    const req = decodeRequest(BODY)
    mergeAdditionalTools(req)
    const { body, notes } = anthropicMessagesCodec.encodeRequest(req)
    expect(JSON.stringify(body)).not.toContain('tool_search')
    expect((body['tools'] as { name: string }[]).map((t) => t.name)).toEqual(['spawn_agent'])
    const messages = body['messages'] as { role: string; content: JsonObject[] }[]
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user'])
    expect(messages[1]?.content.map((b) => b['type'])).toEqual(['tool_use'])
    expect(notes.map((n) => n.code)).toContain('tool_search_history_dropped')
  })

  it('a turn of only a tool search leaves no empty assistant message for Chat', () => {
    const req = decodeRequest({ model: 'm', input: [user('go'), item(CALL), item(OUTPUT)] })
    mergeAdditionalTools(req)
    const messages = openaiChatCodec.encodeRequest(req).body['messages'] as JsonObject[]
    expect(messages.map((m) => m['role'])).toEqual(['user'])
  })

  it.each([
    [{ ...OUTPUT, tools: undefined }, 'input[0].tools', 'must be an array'],
    [{ ...OUTPUT, tools: [{ type: 'function' }] }, 'input[0].tools[0].name', 'non-empty string'],
  ])('a malformed output item %j → 400 naming %s', (bad, param, text) => {
    const r = rejection({ model: 'm', input: [bad, user('hi')] })
    expect(r.param).toBe(param)
    expect(r.message).toContain(text)
  })
})

const MESSAGE = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text: 'Loaded.', annotations: [], logprobs: [] }],
}

/** A Responses upstream that ran the search itself (execution: server), then answered. */
const SERVER_CALL = { ...CALL, id: 'tsc_2', call_id: null, execution: 'server' as const }
const SERVER_OUTPUT = { ...OUTPUT, id: 'tso_2', call_id: null, execution: 'server' as const }
const response = (status: string, output: object[]): object => ({
  id: 'resp_up',
  object: 'response',
  model: 'gpt-5.5',
  status,
  output,
  usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
})

const UPSTREAM = sse(
  { type: 'response.created', sequence_number: 0, response: response('in_progress', []) },
  {
    type: 'response.output_item.added',
    sequence_number: 1,
    output_index: 0,
    item: { ...SERVER_CALL, status: 'in_progress', arguments: {} },
  },
  { type: 'response.output_item.done', sequence_number: 2, output_index: 0, item: SERVER_CALL },
  {
    type: 'response.output_item.added',
    sequence_number: 3,
    output_index: 1,
    item: { ...SERVER_OUTPUT, status: 'in_progress', tools: [] },
  },
  { type: 'response.output_item.done', sequence_number: 4, output_index: 1, item: SERVER_OUTPUT },
  {
    type: 'response.output_item.added',
    sequence_number: 5,
    output_index: 2,
    item: { ...MESSAGE, status: 'in_progress', content: [] },
  },
  {
    type: 'response.output_text.delta',
    sequence_number: 6,
    output_index: 2,
    item_id: 'msg_1',
    content_index: 0,
    delta: 'Loaded.',
  },
  { type: 'response.output_item.done', sequence_number: 7, output_index: 2, item: MESSAGE },
  {
    type: 'response.completed',
    sequence_number: 8,
    response: response('completed', [SERVER_CALL, SERVER_OUTPUT, MESSAGE]),
  },
)

describe('tool search items in a Responses upstream answer', () => {
  it.each(CHUNK_SIZES)(
    'reach a Responses client unchanged, as the SDK reads them (chunks of %i bytes)',
    async (size) => {
      const events = decodeChunks(splitEvery(new TextEncoder().encode(UPSTREAM), size))
      const text = encodeText(events)
      await expect(oracleEvents(text)).resolves.toContain('response.completed')
      const final = await oracleFinal(text)
      expect(final.output.slice(0, 2)).toEqual([SERVER_CALL, SERVER_OUTPUT])
      expect(final.output[2]).toMatchObject({ type: 'message', content: [{ text: 'Loaded.' }] })
    },
  )

  it('announced only in the final response, still reach the client', async () => {
    const only = sse(
      { type: 'response.created', response: response('in_progress', []) },
      { type: 'response.completed', response: response('completed', [CALL, OUTPUT, MESSAGE]) },
    )
    const final = await oracleFinal(encodeText(decodeChunks([only])))
    expect(final.output.slice(0, 2)).toEqual([CALL, OUTPUT])
  })

  it('survive the non-stream answer both ways', () => {
    const decoded = openaiResponsesCodec.decodeResponse(
      response('completed', [SERVER_CALL, SERVER_OUTPUT, MESSAGE]),
      testContext(),
    )
    const out = openaiResponsesCodec.encodeResponse(decoded, encoderOptions('client-model'))
    const output = out['output'] as JsonObject[]
    expect(output.slice(0, 2)).toEqual([SERVER_CALL, SERVER_OUTPUT])
    expect(output[2]).toMatchObject({ type: 'message' })
  })

  it('reach Chat and Anthropic clients as nothing: the answer around them is intact', async () => {
    const events = decodeChunks([UPSTREAM])
    const chat = await chatFinal(encodeStream('openai-chat', events))
    expect(chat.choices[0]?.message.content).toBe('Loaded.')
    const anthropic = await anthropicFinal(encodeStream('anthropic-messages', events))
    expect(anthropic.content).toEqual([{ type: 'text', text: 'Loaded.' }])
  })
})
