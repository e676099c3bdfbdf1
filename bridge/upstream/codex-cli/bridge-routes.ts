// The Codex app-server bridge's API (GET /status, POST /chat, GET /threads, GET /history) on the codex-cli
// provider's threads, in that bridge's shapes: SSE of app-server style events, errors as {"detail"}.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ProviderSettings, Settings } from '../../config/schema.js'
import { toCanonicalError } from '../../errors.js'
import type { RequestLog } from '../../log/request-log.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { CodexCliRuntime } from './index.js'

const iso = (ms: number): string => new Date(ms).toISOString()

/** The provider these routes use: the default one when it is codex-cli, else the first codex-cli provider. */
export function bridgeProvider(settings: Settings): ProviderSettings | undefined {
  const codex = settings.providers.filter((p) => p.kind === 'codex-cli')
  return codex.find((p) => p.id === settings.defaultProvider) ?? codex[0]
}

function detail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ detail: message })
}

interface ChatBody {
  threadId: string | undefined
  prompt: string
  model: string
  stream: boolean
}

function readChatBody(body: unknown): ChatBody | string {
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

export function registerAppServerBridgeRoutes(
  app: FastifyInstance,
  runtime: CodexCliRuntime,
  settings: () => Settings,
  log?: RequestLog,
): void {
  const provider = (reply: FastifyReply): ProviderSettings | undefined => {
    const p = bridgeProvider(settings())
    if (!p)
      detail(
        reply,
        404,
        'No codex-cli provider is configured (start with --upstream-wire codex-cli or add one in the settings).',
      )
    return p
  }

  app.get('/status', async (_req, reply) => {
    const p = provider(reply)
    if (!p) return reply
    const s = await runtime.status(p)
    const status = !s.available ? 'unavailable' : s.signedIn === false ? 'degraded' : 'ok'
    return {
      status,
      codex_available: s.available,
      codex_version: s.version ?? null,
      api_key_configured: s.signedIn !== false,
      provider: p.id,
      ...(s.signedIn === undefined ? {} : { codex_signed_in: s.signedIn }),
      ...(s.message ? { message: s.message } : {}),
    }
  })

  app.get<{ Querystring: { limit?: string } }>('/threads', async (req) => {
    const limit = Math.min(200, Math.max(1, Number.parseInt(req.query.limit ?? '50', 10) || 50))
    return {
      threads: runtime
        .threads()
        .slice(0, limit)
        .map((t) => ({
          thread_id: t.id,
          preview: t.preview,
          created_at: iso(t.createdAt),
          updated_at: iso(t.updatedAt),
        })),
      next_cursor: null,
    }
  })

  app.get<{ Querystring: { thread_id?: string } }>('/history', async (req, reply) => {
    const id = req.query.thread_id
    if (!id) return detail(reply, 400, 'thread_id is required: GET /history?thread_id=…')
    const t = runtime.thread(id)
    if (!t) return detail(reply, 404, `Thread not found: ${id.slice(0, 100)}`)
    const turns = []
    for (let i = 0; i < t.turns.length; i += 2) {
      const user = t.turns[i]
      const agent = t.turns[i + 1]
      const n = i / 2 + 1
      turns.push({
        id: `turn_${n}`,
        status: 'completed',
        items: [
          ...(user
            ? [
                {
                  type: 'userMessage',
                  id: `item_${n}_user`,
                  content: [{ type: 'text', text: user.text }],
                },
              ]
            : []),
          ...(agent ? [{ type: 'agentMessage', id: `item_${n}_agent`, text: agent.text }] : []),
        ],
      })
    }
    return {
      thread_id: t.id,
      preview: t.turns[0]?.text.slice(0, 80) ?? null,
      turns,
      created_at: iso(t.createdAt),
    }
  })

  app.post('/chat', async (req, reply) => {
    const body = readChatBody(req.body)
    if (typeof body === 'string') return detail(reply, 400, body)
    if (body.prompt.trim() === '') return detail(reply, 400, 'Empty message')
    const p = provider(reply)
    if (!p) return reply
    return chat(reply, runtime, p, body, settings(), log)
  })
}

async function chat(
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
      },
    })
    [Symbol.asyncIterator]()
  const first = iterator.next()
  // Errors before the thread exists (unknown thread id, limits) are answered as that bridge did: {"detail"}.
  try {
    await Promise.race([first.then(() => undefined), threadKnown])
  } catch (err) {
    const f = fail(err)
    exchange?.finish({ status: f.status, error: f.text })
    return detail(reply, f.status, f.text)
  }
  const toEvent = eventMapper((text) => (message += text))
  reply.hijack()
  const raw = reply.raw
  if (body.stream) {
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...(thread ? { 'x-switchboard-thread': thread } : {}),
    })
    raw.write(`data: ${JSON.stringify({ type: 'session', thread_id: thread })}\n\n`)
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
