// The non-streaming `chat.completion` object ↔ CanonicalResponse (wire-protocols §3.4).
import { offeredTools } from '../canonical/request.js'
import type { StreamDecoderOptions, StreamEncoderOptions } from '../codec.js'
import { ProtocolError } from '../canonical/errors.js'
import type { JsonObject } from '../canonical/json.js'
import type { AssistantPart } from '../canonical/request.js'
import type { CanonicalResponse } from '../canonical/response.js'
import { stopReasonFromChat, stopReasonToChat } from '../canonical/stop-reason.js'
import { mergeUsage, usageFromChat, usageToChat, ZERO_USAGE } from '../canonical/usage.js'
import { errorFromPayload } from './errors.js'
import { asObj, readReasoning, str } from './read.js'
import { unwrapCustomInput } from './tool-call-buffer.js'
import { citationFromChat, citationInBlock, unavailableSearch, urlCitation } from './annotations.js'

export function encodeResponse(
  response: CanonicalResponse,
  options: StreamEncoderOptions,
): JsonObject {
  let text = ''
  let sawText = false
  let refusal = ''
  let reasoning = ''
  const toolCalls: JsonObject[] = []
  const annotations: JsonObject[] = []
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        for (const c of part.citations ?? [])
          annotations.push(urlCitation(c, text.length, part.text.length))
        text += part.text
        sawText = true
        break
      case 'web_search_call':
      case 'web_search_result':
        // Chat has no search items; the citations on the text carry what the search found.
        break
      case 'compaction':
      case 'tool_search':
        // Chat has no compaction or tool search item either.
        break
      case 'refusal':
        refusal += part.text
        break
      case 'reasoning':
        if (!part.redacted) reasoning += part.text
        break
      case 'tool_call':
        toolCalls.push({
          id: part.callId,
          type: 'function',
          function: {
            name: part.name,
            arguments:
              part.toolKind === 'custom'
                ? JSON.stringify({ input: part.arguments })
                : part.arguments,
          },
        })
        break
    }
  }
  const message: JsonObject = {
    role: 'assistant',
    content: sawText ? text : null,
    refusal: refusal || null,
    annotations,
  }
  if (reasoning) message['reasoning_content'] = reasoning
  if (toolCalls.length > 0) message['tool_calls'] = toolCalls
  return {
    id: options.newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(options.now() / 1000),
    model: options.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: stopReasonToChat(response.stopReason) },
    ],
    usage: usageToChat(response.usage),
  }
}

function notChat(message: string): ProtocolError {
  return new ProtocolError({ kind: 'api_error', status: 502, message })
}

export function decodeResponse(body: unknown, options: StreamDecoderOptions): CanonicalResponse {
  const root = asObj(body)
  if (!root) throw notChat('upstream answer is not a chat.completion object')
  if (root['error'] !== undefined && root['error'] !== null)
    throw new ProtocolError(errorFromPayload(root))
  const choices = root['choices']
  if (!Array.isArray(choices)) throw notChat('upstream chat.completion has no choices array')
  const id = str(root['id']) || options.newId('chatcmpl-')
  const choice = asObj(choices[0])
  const message = asObj(choice?.['message']) ?? {}
  const customNames = new Set(
    (options.request ? offeredTools(options.request) : []).flatMap((t) =>
      t.kind === 'custom' ? [t.name] : [],
    ),
  )

  const content: AssistantPart[] =
    unavailableSearch(options.request, options.newId('srvtoolu_')) ?? []
  const reasoning = readReasoning(message)
  if (reasoning) content.push({ type: 'reasoning', text: reasoning, channel: 'raw' })
  const text = message['content']
  if (typeof text === 'string' && text) {
    // A search model's citations: offsets into this one string.
    const annotations = Array.isArray(message['annotations']) ? message['annotations'] : []
    const citations = annotations.flatMap((a) => {
      const c = citationFromChat(a)
      return c ? [citationInBlock(c, 0, text)] : []
    })
    content.push(citations.length > 0 ? { type: 'text', text, citations } : { type: 'text', text })
  } else if (Array.isArray(text)) {
    for (const item of text) {
      const part = asObj(item)
      const t = str(part?.['text'])
      if (part?.['type'] === 'text' && t) content.push({ type: 'text', text: t })
    }
  }
  const refusal = str(message['refusal'])
  if (refusal) content.push({ type: 'refusal', text: refusal })
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : []
  calls.forEach((item, k) => {
    const call = asObj(item)
    if (!call) return
    const callId = str(call['id']) || `call_${id}_${k}`
    const custom = asObj(call['custom'])
    if (custom) {
      content.push({
        type: 'tool_call',
        callId,
        name: str(custom['name']) ?? '',
        arguments: str(custom['input']) ?? '',
        toolKind: 'custom',
      })
      return
    }
    const fn = asObj(call['function'])
    const name = str(fn?.['name']) ?? ''
    const args = str(fn?.['arguments']) ?? ''
    if (customNames.has(name))
      content.push({
        type: 'tool_call',
        callId,
        name,
        arguments: unwrapCustomInput(args),
        toolKind: 'custom',
      })
    else content.push({ type: 'tool_call', callId, name, arguments: args, toolKind: 'function' })
  })
  const legacy = asObj(message['function_call'])
  if (legacy) {
    content.push({
      type: 'tool_call',
      callId: `call_${id}_${calls.length}`,
      name: str(legacy['name']) ?? '',
      arguments: str(legacy['arguments']) ?? '',
      toolKind: 'function',
    })
  }
  const sawToolCall = content.some((p) => p.type === 'tool_call')
  return {
    id,
    model: str(root['model']) || options.request?.model || '',
    content,
    stopReason: stopReasonFromChat(choice?.['finish_reason'], sawToolCall),
    usage: mergeUsage(ZERO_USAGE, usageFromChat(root['usage'])),
  }
}
