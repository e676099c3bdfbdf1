// Renders a scripted reply as a Chat `chat.completion` or as its chunk stream (wire-protocols §3.4–3.5).
import type { Frame, StreamScript } from './fault-driver.js'
import type { Obj } from './json-guards.js'
import { REASONING_DELTAS, REASONING_TEXT, assertNever } from './scripted-reply.js'
import type { ScriptedReply, ScriptedSearch } from './scripted-reply.js'

export interface ChatPlan {
  id: string
  model: string
  created: number
  /** Stream `delta.reasoning_content` (DeepSeek style) before the answer. */
  reasoning: boolean
  /** `stream_options.include_usage`: `usage:null` on every chunk plus a trailing usage chunk. */
  includeUsage: boolean
  reply: ScriptedReply
  /** One id per tool call of the reply. */
  toolIds: string[]
  inputTokens: number
  outputTokens: number
}

function usage(plan: ChatPlan): Obj {
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: plan.outputTokens,
    total_tokens: plan.inputTokens + plan.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: plan.reasoning ? REASONING_DELTAS.length : 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

function finishReason(plan: ChatPlan): string {
  return plan.reply.kind === 'tool_calls' ? 'tool_calls' : 'stop'
}

/** Search models (`web_search_options`) cite with `message.annotations` (wire-protocols §3.4). */
function searchAnnotations(search: ScriptedSearch): Obj[] {
  let at = 0
  return search.deltas.map((delta, i) => {
    const hit = search.hits[i] ?? search.hits[0]
    const start = at
    at += delta.length
    return {
      type: 'url_citation',
      url_citation: {
        start_index: start,
        end_index: at,
        url: hit?.url ?? '',
        title: hit?.title ?? '',
      },
    }
  })
}

export function chatCompletion(plan: ChatPlan): Obj {
  const message: Obj = { role: 'assistant', content: null, refusal: null, annotations: [] }
  if (plan.reasoning) message.reasoning_content = REASONING_TEXT
  const reply = plan.reply
  switch (reply.kind) {
    case 'text':
      message.content = reply.text
      break
    case 'tool_calls':
      message.tool_calls = reply.calls.map((call, i) => ({
        id: plan.toolIds[i],
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }))
      break
    case 'web_search':
      message.content = reply.search.text
      message.annotations = searchAnnotations(reply.search)
      break
    default:
      assertNever(reply)
  }
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan) }],
    usage: usage(plan),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  }
}

export function chatStream(plan: ChatPlan): StreamScript {
  const frames: Frame[] = []
  const chunk = (choices: Obj[], extra: Obj = {}): string => {
    const body: Obj = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices,
      ...(plan.includeUsage ? { usage: null } : {}),
      ...extra,
    }
    return `data: ${JSON.stringify(body)}\n\n`
  }
  const push = (
    delta: Obj,
    flags: Omit<Frame, 'text'> = {},
    finish: string | null = null,
  ): void => {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finish }
    frames.push({ text: chunk([choice]), ...flags })
  }
  const reply = plan.reply
  push({ role: 'assistant', content: reply.kind === 'tool_calls' ? null : '', refusal: null })
  if (plan.reasoning) {
    for (const text of REASONING_DELTAS) push({ reasoning_content: text }, { delta: true })
  }
  switch (reply.kind) {
    case 'text':
      for (const text of reply.deltas) push({ content: text }, { delta: true })
      break
    case 'tool_calls': {
      reply.calls.forEach((call, index) => {
        const fn = { name: call.name, arguments: '' }
        push({ tool_calls: [{ index, id: plan.toolIds[index], type: 'function', function: fn }] })
      })
      // Parallel calls interleave their argument fragments, keyed only by index.
      const longest = Math.max(...reply.calls.map((c) => c.chunks.length))
      for (let n = 0; n < longest; n += 1) {
        reply.calls.forEach((call, index) => {
          const piece = call.chunks[n]
          if (piece === undefined) return
          push({ tool_calls: [{ index, function: { arguments: piece } }] }, { delta: true })
        })
      }
      break
    }
    case 'web_search':
      for (const text of reply.search.deltas) push({ content: text }, { delta: true })
      push({ annotations: searchAnnotations(reply.search) })
      break
    default:
      assertNever(reply)
  }
  push({}, {}, finishReason(plan))
  if (plan.includeUsage) frames.push({ text: chunk([], { usage: usage(plan) }) })
  frames.push({ text: 'data: [DONE]\n\n', terminal: true })
  const error = {
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: 'server_error',
    },
  }
  return {
    frames,
    errorFrames: [`data: ${JSON.stringify(error)}\n\n`],
    badJsonFrame: `data: {"id":"${plan.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"brok\n\n`,
  }
}
