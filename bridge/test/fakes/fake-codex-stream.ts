// The fake Codex backend SSE stream; response.completed output is empty by default, like the real one (§3.1–3.3).
import type { Frame, StreamScript } from './fault-driver.js'
import type { Obj } from './json-guards.js'
import { RESPONSES_OVERFLOW_MESSAGE } from './overflow.js'
import { REASONING_DELTAS, REASONING_TEXT, assertNever } from './scripted-reply.js'
import type { ScriptedReply, ScriptedToolCall } from './scripted-reply.js'
import { emitSearch } from './responses-search.js'

export interface CodexPlan {
  id: string
  model: string
  createdAt: number
  reasoning?: { id: string; summary: boolean; encryptedContent?: string }
  reply: ScriptedReply
  messageId: string
  calls: { id: string; callId: string }[]
  usage: { input: number; cached: number; output: number; reasoning: number }
  /** 'empty' (default, like the backend) or 'full'. */
  completedOutput: 'empty' | 'full'
  /** Deltas on this backend may carry only item_id (SeekerClaw PR #319); false leaves output_index out. */
  deltaOutputIndex: boolean
  /**
   * The serving account's `codex.rate_limits` event, sent after response.created (seen over WS; proxies read it
   * from the HTTP stream too, codex-backend.md §3.2).
   */
  rateLimits?: Obj
  promptCacheKey?: string
  /** Item id of a hosted search, and whether its sources were asked for (`include`). */
  searchId: string
  searchSources: boolean
}

function response(plan: CodexPlan, status: string, output: Obj[], extra: Obj = {}): Obj {
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status,
    error: null,
    incomplete_details: null,
    model: plan.model,
    output,
    parallel_tool_calls: true,
    store: false,
    tool_choice: 'auto',
    tools: [],
    prompt_cache_key: plan.promptCacheKey ?? null,
    usage: null,
    ...extra,
  }
}

function usageOf(plan: CodexPlan): Obj {
  const u = plan.usage
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  }
}

const outputText = (text: string): Obj => ({ type: 'output_text', annotations: [], text })

function reasoningItem(plan: CodexPlan, done: boolean): Obj | undefined {
  const r = plan.reasoning
  if (!r) return undefined
  const item: Obj = {
    id: r.id,
    type: 'reasoning',
    summary: done && r.summary ? [{ type: 'summary_text', text: REASONING_TEXT }] : [],
  }
  if (done && r.encryptedContent !== undefined) item.encrypted_content = r.encryptedContent
  return item
}

function messageItem(plan: CodexPlan, status: string, content: Obj[]): Obj {
  return { id: plan.messageId, type: 'message', status, role: 'assistant', content }
}

/** A call to a tool of a namespace names it, as the backend does: Codex finds the tool by namespace and name. */
function callItem(
  plan: CodexPlan,
  i: number,
  status: string,
  call: ScriptedToolCall,
  args: string,
): Obj {
  const ids = plan.calls[i] ?? { id: `fc_missing${i}`, callId: `call_missing${i}` }
  const item: Obj = {
    id: ids.id,
    type: 'function_call',
    status,
    call_id: ids.callId,
    name: call.name,
    arguments: args,
  }
  if (call.namespace !== undefined) item.namespace = call.namespace
  return item
}

/** How the backend refuses a prompt larger than the model's window: it fails the stream it already opened. */
export function codexOverflowStream(plan: CodexPlan): StreamScript {
  const frame = (seq: number, type: string, data: Obj, terminal = false): Frame => ({
    text: `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq, ...data })}\n\n`,
    terminal,
  })
  const error = { code: 'context_length_exceeded', message: RESPONSES_OVERFLOW_MESSAGE }
  return {
    frames: [
      frame(0, 'response.created', { response: response(plan, 'in_progress', []) }),
      frame(1, 'response.in_progress', { response: response(plan, 'in_progress', []) }),
      frame(2, 'response.failed', { response: response(plan, 'failed', [], { error }) }, true),
    ],
    errorFrames: [],
    badJsonFrame: '',
  }
}

export function codexStream(plan: CodexPlan): StreamScript {
  const frames: Frame[] = []
  const done: Obj[] = []
  let seq = 0
  let failSeq = -1
  const emit = (type: string, data: Obj, flags: Omit<Frame, 'text'> = {}): void => {
    if (flags.delta === true && failSeq === -1) failSeq = seq + 1
    const body = { type, sequence_number: seq, ...data }
    seq += 1
    frames.push({ text: `event: ${type}\ndata: ${JSON.stringify(body)}\n\n`, ...flags })
  }
  const at = (itemId: string, index: number): Obj =>
    plan.deltaOutputIndex ? { item_id: itemId, output_index: index } : { item_id: itemId }
  const itemDone = (index: number, item: Obj): void => {
    done.push(item)
    emit('response.output_item.done', { output_index: index, item })
  }
  emit('response.created', { response: response(plan, 'in_progress', []) })
  if (plan.rateLimits) emit('codex.rate_limits', plan.rateLimits)
  emit('response.in_progress', { response: response(plan, 'in_progress', []) })
  let index = 0
  const r = plan.reasoning
  if (r) {
    emit('response.output_item.added', { output_index: index, item: reasoningItem(plan, false) })
    if (r.summary) {
      emit('response.reasoning_summary_part.added', {
        ...at(r.id, index),
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
      for (const delta of REASONING_DELTAS)
        emit(
          'response.reasoning_summary_text.delta',
          { ...at(r.id, index), summary_index: 0, delta },
          { delta: true },
        )
      emit('response.reasoning_summary_text.done', {
        ...at(r.id, index),
        summary_index: 0,
        text: REASONING_TEXT,
      })
      emit('response.reasoning_summary_part.done', {
        ...at(r.id, index),
        summary_index: 0,
        part: { type: 'summary_text', text: REASONING_TEXT },
      })
    }
    itemDone(index, reasoningItem(plan, true) ?? {})
    index += 1
  }
  const reply = plan.reply
  switch (reply.kind) {
    case 'text': {
      const where = { ...at(plan.messageId, index), content_index: 0 }
      emit('response.output_item.added', {
        output_index: index,
        item: messageItem(plan, 'in_progress', []),
      })
      emit('response.content_part.added', { ...where, part: outputText('') })
      for (const delta of reply.deltas)
        emit('response.output_text.delta', { ...where, delta, logprobs: [] }, { delta: true })
      emit('response.output_text.done', { ...where, text: reply.text, logprobs: [] })
      emit('response.content_part.done', { ...where, part: outputText(reply.text) })
      itemDone(index, messageItem(plan, 'completed', [outputText(reply.text)]))
      break
    }
    case 'tool_calls':
      reply.calls.forEach((call, i) => {
        const id = plan.calls[i]?.id ?? `fc_missing${i}`
        emit('response.output_item.added', {
          output_index: index,
          item: callItem(plan, i, 'in_progress', call, ''),
        })
        for (const delta of call.chunks)
          emit(
            'response.function_call_arguments.delta',
            { ...at(id, index), delta },
            { delta: true },
          )
        emit('response.function_call_arguments.done', {
          ...at(id, index),
          arguments: call.arguments,
        })
        itemDone(index, callItem(plan, i, 'completed', call, call.arguments))
        index += 1
      })
      break
    case 'web_search': {
      const ids = {
        searchId: plan.searchId,
        messageId: plan.messageId,
        sources: plan.searchSources,
      }
      done.push(...emitSearch(emit, reply.search, ids, index, at))
      break
    }
    default:
      assertNever(reply)
  }
  const output = plan.completedOutput === 'full' ? done : []
  emit(
    'response.completed',
    { response: response(plan, 'completed', output, { usage: usageOf(plan) }) },
    { terminal: true },
  )
  const failed = {
    type: 'response.failed',
    sequence_number: failSeq,
    response: response(plan, 'failed', [], {
      error: { code: 'server_error', message: 'An error occurred while processing your request.' },
    }),
  }
  return {
    frames,
    errorFrames: [`event: response.failed\ndata: ${JSON.stringify(failed)}\n\n`],
    badJsonFrame: `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${failSeq},"delta":"brok\n\n`,
  }
}
