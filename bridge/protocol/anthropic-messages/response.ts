// The non-streaming Anthropic `Message` (§1.6) ↔ CanonicalResponse.
import type { StreamDecoderOptions, StreamEncoderOptions } from '../codec.js'
import { ProtocolError } from '../canonical/errors.js'
import { toAnthropicId } from '../canonical/ids.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import { opaqueSlotFor, unpackOpaque } from '../canonical/opaque.js'
import type { AssistantPart, ReasoningPart } from '../canonical/request.js'
import type { CanonicalResponse } from '../canonical/response.js'
import { stopReasonFromAnthropic, stopReasonToAnthropic } from '../canonical/stop-reason.js'
import { mergeUsage, usageFromAnthropic, usageToAnthropic, ZERO_USAGE } from '../canonical/usage.js'
import { toolInput } from './encode-content.js'
import { customToolNames, unwrapCustomInput } from './custom-tools.js'
import { stringField } from './fields.js'
import {
  citationsFromAnthropic,
  citationToAnthropic,
  searchOutcomeFromAnthropic,
  searchOutcomeToAnthropic,
} from './web-search.js'
import { parseArguments } from '../canonical/json.js'

function encodePart(part: AssistantPart): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      return part.citations && part.citations.length > 0
        ? { type: 'text', text: part.text, citations: part.citations.map(citationToAnthropic) }
        : { type: 'text', text: part.text }
    case 'refusal':
      return { type: 'text', text: part.text }
    case 'web_search_call':
      return {
        type: 'server_tool_use',
        id: toAnthropicId(part.callId),
        name: 'web_search',
        input: parseArguments(part.arguments),
      }
    case 'web_search_result':
      return {
        type: 'web_search_tool_result',
        tool_use_id: toAnthropicId(part.callId),
        content: searchOutcomeToAnthropic(part.outcome),
      }
    case 'reasoning':
      if (part.redacted === true) {
        return part.opaque
          ? { type: 'redacted_thinking', data: opaqueSlotFor(part.opaque, 'anthropic-messages') }
          : undefined
      }
      return {
        type: 'thinking',
        thinking: part.text,
        signature: part.opaque ? opaqueSlotFor(part.opaque, 'anthropic-messages') : '',
      }
    case 'tool_call':
      return {
        type: 'tool_use',
        id: toAnthropicId(part.callId),
        name: part.name,
        input: toolInput(part),
      }
    case 'compaction':
      // Only a Responses client asks for compaction; Anthropic has no such block.
      return undefined
    case 'tool_search':
      // The upstream loading tools for itself: nothing for an Anthropic client to run or keep.
      return undefined
  }
}

export function encodeAnthropicResponse(
  response: CanonicalResponse,
  opts: StreamEncoderOptions,
): JsonObject {
  const content: JsonValue[] = []
  for (const part of response.content) {
    const block = encodePart(part)
    if (block) content.push(block)
  }
  return {
    id: response.id || opts.newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: opts.model,
    content,
    stop_reason: stopReasonToAnthropic(response.stopReason),
    stop_sequence: response.stopSequence ?? null,
    usage: usageToAnthropic(response.usage),
  }
}

function notAMessage(detail: string): ProtocolError {
  return new ProtocolError({
    kind: 'api_error',
    status: 502,
    message: `upstream answer is not an Anthropic message: ${detail}`,
  })
}

function decodePart(
  block: JsonObject,
  custom: Set<string>,
  opts: StreamDecoderOptions,
): AssistantPart | undefined {
  switch (stringField(block, 'type') ?? '') {
    case 'text': {
      const citations = citationsFromAnthropic(block['citations'])
      const text = stringField(block, 'text') ?? ''
      return citations.length > 0 ? { type: 'text', text, citations } : { type: 'text', text }
    }
    case 'server_tool_use':
      // Other server tools (web_fetch, code execution) are Anthropic-internal.
      if (stringField(block, 'name') !== 'web_search') return undefined
      return {
        type: 'web_search_call',
        callId: stringField(block, 'id') ?? opts.newId('srvtoolu_'),
        arguments: JSON.stringify(block['input'] ?? {}),
      }
    case 'web_search_tool_result':
      return {
        type: 'web_search_result',
        callId: stringField(block, 'tool_use_id') ?? '',
        outcome: searchOutcomeFromAnthropic(block['content']),
      }
    case 'thinking': {
      const part: ReasoningPart = {
        type: 'reasoning',
        text: stringField(block, 'thinking') ?? '',
        channel: 'raw',
      }
      const signature = stringField(block, 'signature')
      if (signature) part.opaque = unpackOpaque(signature, 'anthropic-messages')
      return part
    }
    case 'redacted_thinking': {
      const data = stringField(block, 'data')
      return data
        ? {
            type: 'reasoning',
            text: '',
            channel: 'raw',
            redacted: true,
            opaque: unpackOpaque(data, 'anthropic-messages'),
          }
        : undefined
    }
    case 'tool_use': {
      const name = stringField(block, 'name') ?? ''
      const callId = stringField(block, 'id') ?? opts.newId('toolu_')
      const input = JSON.stringify(block['input'] ?? {})
      return custom.has(name)
        ? {
            type: 'tool_call',
            callId,
            name,
            arguments: unwrapCustomInput(input),
            toolKind: 'custom',
          }
        : { type: 'tool_call', callId, name, arguments: input, toolKind: 'function' }
    }
    default:
      return undefined
  }
}

export function decodeAnthropicResponse(
  body: unknown,
  opts: StreamDecoderOptions,
): CanonicalResponse {
  if (!isJsonObject(body)) throw notAMessage('not a JSON object')
  if (body['type'] !== 'message')
    throw notAMessage(`type is ${JSON.stringify(body['type'] ?? null)}`)
  const blocks = body['content']
  if (!Array.isArray(blocks)) throw notAMessage('content is not an array')
  const custom = customToolNames(opts.request)
  const content: AssistantPart[] = []
  for (const b of blocks) {
    const part = isJsonObject(b) ? decodePart(b, custom, opts) : undefined
    if (part) content.push(part)
  }
  const response: CanonicalResponse = {
    id: stringField(body, 'id') ?? opts.newId('msg_'),
    model: stringField(body, 'model') ?? opts.request?.model ?? '',
    content,
    stopReason: stopReasonFromAnthropic(body['stop_reason']),
    usage: mergeUsage(ZERO_USAGE, usageFromAnthropic(body['usage'])),
  }
  const sequence = stringField(body, 'stop_sequence')
  if (sequence !== undefined) response.stopSequence = sequence
  return response
}
