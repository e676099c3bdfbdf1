// GET /v1/threads and /v1/threads/:id: the Codex conversations Switchboard holds, in OpenAI-style JSON.
import type { FastifyInstance } from 'fastify'
import type { CodexCliRuntime } from './index.js'

const seconds = (ms: number): number => Math.floor(ms / 1000)

export function registerThreadRoutes(app: FastifyInstance, runtime: CodexCliRuntime): void {
  app.get('/v1/threads', async () => ({
    object: 'list',
    data: runtime.threads().map((t) => ({
      id: t.id,
      object: 'thread',
      provider: t.provider,
      created_at: seconds(t.createdAt),
      updated_at: seconds(t.updatedAt),
      turn_count: t.turnCount,
      preview: t.preview,
    })),
  }))
  app.get<{ Params: { id: string } }>('/v1/threads/:id', async (req, reply) => {
    const t = runtime.thread(req.params.id)
    if (!t) {
      return reply.code(404).send({
        error: {
          message: `No thread with id "${req.params.id.slice(0, 100)}".`,
          type: 'invalid_request_error',
          param: 'id',
          code: 'thread_not_found',
        },
      })
    }
    return {
      id: t.id,
      object: 'thread',
      created_at: seconds(t.createdAt),
      updated_at: seconds(t.updatedAt),
      turns: t.turns,
    }
  })
}
