// Open endpoints (health checks, Claude Code's HEAD / probe) and the opt-in /shutdown behind the access key.
import type { FastifyInstance } from 'fastify'
import type { Settings } from '../config/schema.js'
import { rejectInDialect } from './guard.js'

export interface HealthOptions {
  settings(): Settings
  version: string
  onShutdown?: () => void
}

export function registerHealthRoutes(app: FastifyInstance, opts: HealthOptions): void {
  // `ok: true` as Codex-Wrapper answered; `status: 'ok'` as the others did.
  const health = async () => ({
    status: 'ok',
    ok: true,
    name: 'switchboard',
    version: opts.version,
  })
  app.get('/healthz', { config: { open: true } }, health)
  app.get('/health', { config: { open: true } }, health)
  app.head('/', { config: { open: true } }, async (_req, reply) => reply.code(200).send())
  app.get('/', { config: { open: true } }, async () => ({
    name: 'switchboard',
    version: opts.version,
    docs: 'POST /v1/messages, /v1/responses, /v1/chat/completions',
  }))
  // Not an open route: the guard checks Host, Origin and the access key before this runs.
  app.get('/shutdown', async (req, reply) => {
    if (!opts.settings().server.httpShutdown || !opts.onShutdown) {
      // Its own code: the generic not-found code of the OpenAI dialects is model_not_found, which this is not.
      return rejectInDialect(req, reply, {
        kind: 'not_found',
        code: 'shutdown_disabled',
        message: 'Shutdown over HTTP is disabled (start with --http-shutdown).',
      })
    }
    setImmediate(() => opts.onShutdown?.())
    return { status: 'shutting down' }
  })
}
