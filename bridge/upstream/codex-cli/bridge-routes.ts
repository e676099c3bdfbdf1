// The Codex app-server bridge's API (GET /status, POST /chat, GET /threads, GET /history) on the codex-cli
// provider's threads, in that bridge's shapes: SSE of app-server style events, errors as {"detail"}.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ProviderSettings, Settings } from '../../config/schema.js'
import type { RequestLog } from '../../log/request-log.js'
import { chat, detail, readChatBody } from './bridge-chat.js'
import type { CodexCliRuntime } from './index.js'

const iso = (ms: number): string => new Date(ms).toISOString()

/** The provider these routes use: the default one when it is codex-cli, else the first codex-cli provider. */
export function bridgeProvider(settings: Settings): ProviderSettings | undefined {
  const codex = settings.providers.filter((p) => p.kind === 'codex-cli')
  return codex.find((p) => p.id === settings.defaultProvider) ?? codex[0]
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
