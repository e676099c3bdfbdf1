// Renders a scripted reply as an Anthropic `Message` or as its SSE event stream (wire-protocols §1.6–1.7).
import { searchContent, thinkingSignature } from './anthropic-validate.js'
import type { Frame, StreamScript } from './fault-driver.js'
import type { Obj } from './json-guards.js'
import { REASONING_DELTAS, REASONING_TEXT, assertNever } from './scripted-reply.js'
import type { ScriptedReply, ScriptedSearch } from './scripted-reply.js'

export interface AnthropicPlan {
  id: string
  model: string
  /** Emit a signed thinking block first. */
  thinking: boolean
  reply: ScriptedReply
  /** One id per tool call of the reply. */
  toolIds: string[]
  inputTokens: number
  outputTokens: number
  /** `srvtoolu_…` id of a hosted search. */
  searchId: string
}

/** The search's blocks as Anthropic sends them (wire-protocols §1.3, §1.7; SDK 1.12 WebSearchToolResultBlock). */
function searchResults(search: ScriptedSearch): Obj[] {
  return search.hits.map((h) => ({
    type: 'web_search_result',
    title: h.title,
    url: h.url,
    encrypted_content: searchContent(h.url),
    page_age: 'December 1, 2026',
  }))
}

function citation(search: ScriptedSearch, i: number): Obj {
  const hit = search.hits[i] ?? search.hits[0]
  return {
    type: 'web_search_result_location',
    cited_text: hit?.title ?? '',
    url: hit?.url ?? '',
    title: hit?.title ?? '',
    encrypted_index: Buffer.from(`fake-anthropic-index:${hit?.url ?? ''}`).toString('base64'),
  }
}

const frame = (type: string, data: Obj, flags: Omit<Frame, 'text'> = {}): Frame => ({
  text: `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`,
  ...flags,
})

function stopReason(plan: AnthropicPlan): string {
  return plan.reply.kind === 'tool_calls' ? 'tool_use' : 'end_turn'
}

function usage(plan: AnthropicPlan, outputTokens: number): Obj {
  return {
    input_tokens: plan.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    server_tool_use: plan.reply.kind === 'web_search' ? { web_search_requests: 1 } : null,
    service_tier: 'standard',
  }
}

export function anthropicMessage(plan: AnthropicPlan): Obj {
  const content: Obj[] = []
  if (plan.thinking) {
    content.push({
      type: 'thinking',
      thinking: REASONING_TEXT,
      signature: thinkingSignature(REASONING_TEXT),
    })
  }
  const reply = plan.reply
  switch (reply.kind) {
    case 'text':
      content.push({ type: 'text', text: reply.text, citations: null })
      break
    case 'tool_calls':
      reply.calls.forEach((call, i) => {
        const input: unknown = JSON.parse(call.arguments)
        content.push({ type: 'tool_use', id: plan.toolIds[i], name: call.name, input })
      })
      break
    case 'web_search': {
      const s = reply.search
      content.push(
        {
          type: 'server_tool_use',
          id: plan.searchId,
          name: 'web_search',
          input: { query: s.query },
        },
        { type: 'web_search_tool_result', tool_use_id: plan.searchId, content: searchResults(s) },
        ...s.deltas.map((text, i) => ({ type: 'text', text, citations: [citation(s, i)] })),
      )
      break
    }
    default:
      assertNever(reply)
  }
  return {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content,
    stop_reason: stopReason(plan),
    stop_sequence: null,
    usage: usage(plan, plan.outputTokens),
  }
}

export function anthropicStream(plan: AnthropicPlan): StreamScript {
  const frames: Frame[] = [
    frame('message_start', {
      message: {
        id: plan.id,
        type: 'message',
        role: 'assistant',
        model: plan.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usage(plan, 1),
      },
    }),
  ]
  let index = 0
  const block = (start: Obj, deltas: Frame[]): void => {
    frames.push(frame('content_block_start', { index, content_block: start }))
    if (index === 0) frames.push({ text: 'event: ping\ndata: {"type": "ping"}\n\n' })
    for (const d of deltas) frames.push(d)
    frames.push(frame('content_block_stop', { index }))
    index += 1
  }
  const delta = (body: Obj, isDelta = true): Frame =>
    frame('content_block_delta', { index, delta: body }, { delta: isDelta })

  if (plan.thinking) {
    block({ type: 'thinking', thinking: '', signature: '' }, [
      ...REASONING_DELTAS.map((t) => delta({ type: 'thinking_delta', thinking: t })),
      delta({ type: 'signature_delta', signature: thinkingSignature(REASONING_TEXT) }, false),
    ])
  }
  const reply = plan.reply
  switch (reply.kind) {
    case 'text':
      block(
        { type: 'text', text: '' },
        reply.deltas.map((t) => delta({ type: 'text_delta', text: t })),
      )
      break
    case 'tool_calls':
      reply.calls.forEach((call, i) => {
        block({ type: 'tool_use', id: plan.toolIds[i], name: call.name, input: {} }, [
          delta({ type: 'input_json_delta', partial_json: '' }, false),
          ...call.chunks.map((c) => delta({ type: 'input_json_delta', partial_json: c })),
        ])
      })
      break
    case 'web_search': {
      const s = reply.search
      block({ type: 'server_tool_use', id: plan.searchId, name: 'web_search', input: {} }, [
        delta({ type: 'input_json_delta', partial_json: JSON.stringify({ query: s.query }) }),
      ])
      block(
        { type: 'web_search_tool_result', tool_use_id: plan.searchId, content: searchResults(s) },
        [],
      )
      s.deltas.forEach((text, i) => {
        block({ type: 'text', text: '' }, [
          delta({ type: 'citations_delta', citation: citation(s, i) }, false),
          delta({ type: 'text_delta', text }),
        ])
      })
      break
    }
    default:
      assertNever(reply)
  }
  frames.push(
    frame('message_delta', {
      delta: { stop_reason: stopReason(plan), stop_sequence: null },
      usage:
        plan.reply.kind === 'web_search'
          ? { output_tokens: plan.outputTokens, server_tool_use: { web_search_requests: 1 } }
          : { output_tokens: plan.outputTokens },
    }),
    frame('message_stop', {}, { terminal: true }),
  )
  return {
    frames,
    errorFrames: [
      `event: error\ndata: ${JSON.stringify(anthropicError('overloaded_error', 'Overloaded'))}\n\n`,
    ],
    badJsonFrame:
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"brok\n\n',
  }
}

/** The Anthropic error envelope (wire-protocols §1.8). */
export function anthropicError(type: string, message: string, requestId?: string): Obj {
  const body: Obj = { type: 'error', error: { type, message } }
  if (requestId !== undefined) body.request_id = requestId
  return body
}
