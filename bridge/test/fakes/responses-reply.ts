// Renders a scripted reply as an OpenAI `Response` or as its SSE event stream (wire-protocols §2.4–2.5).
import type { Frame, StreamScript } from './fault-driver.js'
import type { Obj } from './json-guards.js'
import { REASONING_DELTAS, REASONING_TEXT, assertNever } from './scripted-reply.js'
import type { ScriptedReply } from './scripted-reply.js'
import { emitSearch, searchAnswerItem, searchItem } from './responses-search.js'

export interface ResponsesPlan {
  id: string
  model: string
  createdAt: number
  /** Request fields a real Response echoes back. */
  echo: Obj
  /** Present when reasoning was requested. */
  reasoning?: { id: string; summary: boolean; encryptedContent?: string }
  reply: ScriptedReply
  messageId: string
  /** One `{id, callId}` per tool call of the reply. */
  calls: { id: string; callId: string }[]
  inputTokens: number
  outputTokens: number
  /** Item id of a hosted search, and whether its sources were asked for (`include`). */
  searchId: string
  searchSources: boolean
}

function usage(plan: ResponsesPlan): Obj {
  return {
    input_tokens: plan.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: plan.outputTokens,
    output_tokens_details: { reasoning_tokens: plan.reasoning ? REASONING_DELTAS.length : 0 },
    total_tokens: plan.inputTokens + plan.outputTokens,
  }
}

function responseObject(plan: ResponsesPlan, status: string, output: Obj[], extra: Obj = {}): Obj {
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: plan.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: {},
    ...plan.echo,
    ...extra,
  }
}

function reasoningItem(plan: ResponsesPlan, done: boolean): Obj | undefined {
  const r = plan.reasoning
  if (r === undefined) return undefined
  const item: Obj = { id: r.id, type: 'reasoning', summary: [] }
  if (done && r.summary) item.summary = [{ type: 'summary_text', text: REASONING_TEXT }]
  if (r.encryptedContent !== undefined) item.encrypted_content = done ? r.encryptedContent : null
  return item
}

function outputText(text: string): Obj {
  return { type: 'output_text', annotations: [], logprobs: [], text }
}

function finalItems(plan: ResponsesPlan): Obj[] {
  const items: Obj[] = []
  const reasoning = reasoningItem(plan, true)
  if (reasoning) items.push(reasoning)
  const reply = plan.reply
  switch (reply.kind) {
    case 'text':
      items.push(messageItem(plan, 'completed', [outputText(reply.text)]))
      break
    case 'tool_calls':
      reply.calls.forEach((call, i) =>
        items.push(callItem(plan, i, 'completed', call.arguments, call.name)),
      )
      break
    case 'web_search': {
      const ids = searchIds(plan)
      items.push(searchItem(reply.search, ids, true), searchAnswerItem(reply.search, ids, true))
      break
    }
    default:
      assertNever(reply)
  }
  return items
}

function searchIds(plan: ResponsesPlan): { searchId: string; messageId: string; sources: boolean } {
  return { searchId: plan.searchId, messageId: plan.messageId, sources: plan.searchSources }
}

function messageItem(plan: ResponsesPlan, status: string, content: Obj[]): Obj {
  return { id: plan.messageId, type: 'message', status, content, role: 'assistant' }
}

function callItem(plan: ResponsesPlan, i: number, status: string, args: string, name: string): Obj {
  const ids = plan.calls[i] ?? { id: `fc_missing${i}`, callId: `call_missing${i}` }
  return { id: ids.id, type: 'function_call', status, arguments: args, call_id: ids.callId, name }
}

export function responsesObject(plan: ResponsesPlan): Obj {
  return responseObject(plan, 'completed', finalItems(plan), { usage: usage(plan) })
}

export function responsesStream(plan: ResponsesPlan): StreamScript {
  const frames: Frame[] = []
  let seq = 0
  let failSeq = -1
  const emit = (type: string, data: Obj, flags: Omit<Frame, 'text'> = {}): void => {
    if (flags.delta === true && failSeq === -1) failSeq = seq + 1
    const body = { type, sequence_number: seq, ...data }
    seq += 1
    frames.push({ text: `event: ${type}\ndata: ${JSON.stringify(body)}\n\n`, ...flags })
  }
  emit('response.created', { response: responseObject(plan, 'in_progress', []) })
  emit('response.in_progress', { response: responseObject(plan, 'in_progress', []) })
  let outputIndex = 0
  const reasoning = reasoningItem(plan, false)
  if (reasoning && plan.reasoning) {
    const at = { item_id: plan.reasoning.id, output_index: outputIndex }
    emit('response.output_item.added', { output_index: outputIndex, item: reasoning })
    if (plan.reasoning.summary) {
      const part = (text: string): Obj => ({ type: 'summary_text', text })
      emit('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: part('') })
      for (const delta of REASONING_DELTAS) {
        emit(
          'response.reasoning_summary_text.delta',
          { ...at, summary_index: 0, delta },
          { delta: true },
        )
      }
      emit('response.reasoning_summary_text.done', {
        ...at,
        summary_index: 0,
        text: REASONING_TEXT,
      })
      emit('response.reasoning_summary_part.done', {
        ...at,
        summary_index: 0,
        part: part(REASONING_TEXT),
      })
    }
    emit('response.output_item.done', {
      output_index: outputIndex,
      item: reasoningItem(plan, true),
    })
    outputIndex += 1
  }
  const reply = plan.reply
  switch (reply.kind) {
    case 'text': {
      const at = { item_id: plan.messageId, output_index: outputIndex, content_index: 0 }
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: messageItem(plan, 'in_progress', []),
      })
      emit('response.content_part.added', { ...at, part: outputText('') })
      for (const delta of reply.deltas) {
        emit('response.output_text.delta', { ...at, delta, logprobs: [] }, { delta: true })
      }
      emit('response.output_text.done', { ...at, text: reply.text, logprobs: [] })
      emit('response.content_part.done', { ...at, part: outputText(reply.text) })
      const item = messageItem(plan, 'completed', [outputText(reply.text)])
      emit('response.output_item.done', { output_index: outputIndex, item })
      break
    }
    case 'tool_calls':
      reply.calls.forEach((call, i) => {
        const at = { item_id: plan.calls[i]?.id, output_index: outputIndex }
        const added = callItem(plan, i, 'in_progress', '', call.name)
        emit('response.output_item.added', { output_index: outputIndex, item: added })
        for (const delta of call.chunks) {
          emit('response.function_call_arguments.delta', { ...at, delta }, { delta: true })
        }
        emit('response.function_call_arguments.done', {
          ...at,
          arguments: call.arguments,
          name: call.name,
        })
        const item = callItem(plan, i, 'completed', call.arguments, call.name)
        emit('response.output_item.done', { output_index: outputIndex, item })
        outputIndex += 1
      })
      break
    case 'web_search':
      emitSearch(emit, reply.search, searchIds(plan), outputIndex)
      break
    default:
      assertNever(reply)
  }
  const completed = responseObject(plan, 'completed', finalItems(plan), { usage: usage(plan) })
  emit('response.completed', { response: completed }, { terminal: true })
  const failed = responseObject(plan, 'failed', [], {
    error: {
      code: 'server_error',
      message: 'The server had an error while processing your request.',
    },
  })
  const failedBody = { type: 'response.failed', sequence_number: failSeq, response: failed }
  return {
    frames,
    errorFrames: [`event: response.failed\ndata: ${JSON.stringify(failedBody)}\n\n`],
    badJsonFrame: `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${failSeq},"delta":"brok\n\n`,
  }
}
