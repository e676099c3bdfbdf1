// POST /chat of the Codex app-server bridge: one Codex turn as that bridge's SSE (a `session` event with the
// thread id, then app-server style notifications, then [DONE]) or as one JSON answer; errors as {"detail"}.
import type { FastifyReply } from 'fastify'
import type { ProviderSettings, Settings } from '../../config/schema.js'
import { toCanonicalError } from '../../errors.js'
import type { RequestLog } from '../../log/request-log.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { CodexCliRuntime } from './index.js'

/**
 * A new thread's stream starts after at most this grace, in which a refusal that comes at once (process cap,
 * rate limit) is still a {"detail"} error; its `session` event follows once Codex reports the thread.
 */
const NEW_THREAD_GRACE_MS = 250

export function detail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ detail: message })
}

export interface ChatBody {
  threadId: string | undefined
  prompt: string
  model: string
  stream: boolean
}

export function readChatBody(body: unknown): ChatBody | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be a JSON object with "messages".'
  const b = body as Record<string, unknown>
  if (!Array.isArray(b['messages'])) return '"messages" must be a list of {"content": "…"}.'
  const texts: string[] = []
  for (const m of b['messages']) {
    const content =
      typeof m === 'object' && m !== null ? (m as Record<string, unknown>)['content'] : undefined
    if (typeof content !== 'string') return 'Each message needs a "content" string.'
    if (content !== '') texts.push(content)
  }
  const thread = b['thread_id']
  if (thread !== undefined && thread !== null && typeof thread !== 'string')
    return '"thread_id" must be a string.'
  const model = typeof b['model'] === 'string' ? b['model'] : 'default'
  return {
    threadId: typeof thread === 'string' && thread !== '' ? thread : undefined,
    prompt: texts.join('\n'),
    model,
    stream: b['stream'] !== false,
  }
}

export async function chat(
  reply: FastifyReply,
  runtime: CodexCliRuntime,
  provider: ProviderSettings,
  body: ChatBody,
  settings: Settings,
  log?: RequestLog,
): Promise<FastifyReply> {
  const exchange = log?.start({ method: 'POST', path: '/chat', stream: body.stream })
  exchange?.update({ requestedModel: body.model, provider: provider.id, routedModel: body.model })
  const abort = new AbortController()
  reply.raw.on('close', () => abort.abort())
  const request: CanonicalRequest = {
    model: body.model,
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: body.prompt }] }],
    tools: [],
    stream: body.stream,
    extras: { dialect: 'openai-chat', fields: {} },
  }
  let thread = body.threadId
  let threadSeen: () => void = () => undefined
  const threadKnown = new Promise<void>((resolve) => (threadSeen = resolve))
  const raw = reply.raw
  let streaming = false
  let sessionSent = false
  // The session event is the stream's first: sent once both the stream and the thread id exist.
  const sendSession = (): void => {
    if (!streaming || sessionSent || thread === undefined) return
    sessionSent = true
    raw.write(`data: ${JSON.stringify({ type: 'session', thread_id: thread })}\n\n`)
  }
  const events: Record<string, unknown>[] = []
  let message = ''
  const fail = (err: unknown): { status: number; text: string } => {
    const { error } = toCanonicalError(err)
    return {
      status: error.status ?? (error.code === 'thread_not_found' ? 404 : 500),
      text: error.message,
    }
  }
  try {
    await runtime.preflight(provider)
  } catch (err) {
    const f = fail(err)
    exchange?.finish({ status: f.status, error: f.text })
    return detail(reply, f.status, f.text)
  }
  const iterator = runtime
    .run(provider, request, {
      signal: abort.signal,
      model: body.model,
      ...(body.threadId ? { threadId: body.threadId } : {}),
      onThread: (id) => {
        thread = id
        threadSeen()
        sendSession()
      },
    })
    [Symbol.asyncIterator]()
  const first = iterator.next()
  // Errors that come first (an unknown thread id, limits) are answered as that bridge did: {"detail"}. A
  // continued thread waits for Codex to confirm it; a new one waits for no longer than the grace.
  let timer: NodeJS.Timeout | undefined
  const waits = [first.then(() => undefined), threadKnown]
  if (body.stream && body.threadId === undefined)
    waits.push(new Promise<void>((resolve) => (timer = setTimeout(resolve, NEW_THREAD_GRACE_MS))))
  try {
    await Promise.race(waits)
  } catch (err) {
    const f = fail(err)
    exchange?.finish({ status: f.status, error: f.text })
    return detail(reply, f.status, f.text)
  } finally {
    clearTimeout(timer)
  }
  const toEvent = eventMapper((text) => (message += text))
  reply.hijack()
  if (body.stream) {
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...(thread ? { 'x-switchboard-thread': thread } : {}),
    })
    raw.flushHeaders()
    streaming = true
    sendSession()
  }
  const keepalive = body.stream
    ? setInterval(() => raw.write(': keepalive\n\n'), settings.stream.keepaliveMs)
    : undefined
  let failure: string | undefined
  let usage = { inputTokens: 0, outputTokens: 0 }
  try {
    for (let next = await first; !next.done; next = await iterator.next()) {
      const e = next.value
      if (e.type === 'usage')
        usage = { inputTokens: e.usage.inputTokens ?? 0, outputTokens: e.usage.outputTokens ?? 0 }
      if (e.type === 'error') failure = e.error.message
      for (const out of toEvent(e)) {
        if (body.stream) raw.write(`data: ${JSON.stringify(out)}\n\n`)
        else events.push(out)
      }
    }
  } catch (err) {
    failure = fail(err).text
  } finally {
    clearInterval(keepalive)
  }
  exchange?.update({
    usage: { ...usage, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  })
  if (body.stream) {
    if (failure !== undefined)
      raw.write(
        `data: ${JSON.stringify({ type: 'error', thread_id: thread, message: failure })}\n\n`,
      )
    raw.end('data: [DONE]\n\n')
    exchange?.finish({
      status: 200,
      ...(failure ? { error: failure, state: 'error' as const } : {}),
    })
    return reply
  }
  if (failure !== undefined && message === '') {
    raw.writeHead(500, { 'content-type': 'application/json' })
    raw.end(JSON.stringify({ detail: failure }))
    exchange?.finish({ status: 500, error: failure })
    return reply
  }
  raw.writeHead(200, {
    'content-type': 'application/json',
    ...(thread ? { 'x-switchboard-thread': thread } : {}),
  })
  raw.end(JSON.stringify({ thread_id: thread, message, events }))
  exchange?.finish({ status: 200 })
  return reply
}

/** Canonical events → the app-server notifications that bridge relayed (agent message deltas, completion). */
function eventMapper(
  onText: (text: string) => void,
): (e: CanonicalEvent) => Record<string, unknown>[] {
  const texts = new Map<number, string>()
  return (e) => {
    switch (e.type) {
      case 'block_start':
        if (e.block.kind === 'text') {
          texts.set(e.index, '')
          return [
            {
              method: 'item/started',
              params: { item: { type: 'agentMessage', id: `item_${e.index}`, text: '' } },
            },
          ]
        }
        return []
      case 'text_delta':
        texts.set(e.index, (texts.get(e.index) ?? '') + e.text)
        onText(e.text)
        return [
          {
            method: 'item/agentMessage/delta',
            params: { itemId: `item_${e.index}`, delta: e.text },
          },
        ]
      case 'reasoning_delta':
        return [
          {
            method: 'item/reasoning/summaryTextDelta',
            params: { itemId: `item_${e.index}`, delta: e.text },
          },
        ]
      case 'block_stop': {
        const text = texts.get(e.index)
        if (text === undefined) return []
        return [
          {
            method: 'item/completed',
            params: { item: { type: 'agentMessage', id: `item_${e.index}`, text } },
          },
        ]
      }
      case 'message_stop':
        return [{ method: 'turn/completed', params: { turn: { status: 'completed' } } }]
      default:
        return []
    }
  }
}
