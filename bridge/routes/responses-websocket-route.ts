// `GET /v1/responses`: Codex's Responses WebSocket probe. Switchboard speaks Responses over HTTP only, and
// only a 426 makes Codex fall back to HTTP at once; a 404 makes it exit (long-sessions.md §3.2).
import type { FastifyInstance } from 'fastify'
import { codecFor } from '../protocol/registry.js'

export function registerResponsesWebsocketRoute(app: FastifyInstance): void {
  for (const path of ['/v1/responses', '/responses']) {
    app.get(path, { config: { dialect: 'openai-responses' } }, (req, reply) => {
      const codec = codecFor('openai-responses')
      const upgrade = String(req.headers.upgrade ?? '').toLowerCase()
      if (upgrade !== 'websocket') {
        const envelope = codec.encodeError({
          kind: 'not_found',
          message: `No route for GET ${path}.`,
        })
        return reply.code(envelope.status).send(envelope.body)
      }
      const envelope = codec.encodeError({
        kind: 'invalid_request',
        status: 426,
        message: 'Switchboard serves the Responses API over HTTP only; send POST /v1/responses.',
      })
      return reply.code(426).header('connection', 'close').send(envelope.body)
    })
  }
}
