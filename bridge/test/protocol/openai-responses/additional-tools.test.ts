// `additional_tools` input items (Codex 0.169 on gpt-6): decoded, kept as sent for Responses, merged for Chat/Anthropic.
import { describe, expect, it } from 'vitest'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import { mergeAdditionalTools, offeredTools } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import { rejection } from './helpers.js'
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
