// buildServer(deps): the fastify gateway with every route, no listening and no globals, so tests inject().
import Fastify, { type FastifyInstance } from 'fastify'
import type { Settings } from './config/schema.js'
import { toCanonicalError } from './errors.js'
import { RequestLog } from './log/request-log.js'
import {
  DEFAULT_LIMITS,
  registerJsonParser,
  registerLingeringClose,
  serverTimeouts,
  type ConnectionLimits,
} from './server-limits.js'
import { Redactor } from './log/redact.js'
import type { GatewayDeps } from './pipeline/exchange-context.js'
import { liveContext } from './pipeline/ids.js'
import type { CodecContext } from './protocol/codec.js'
import { codecFor } from './protocol/registry.js'
import { dialectOfRequest } from './routes/dialect-of.js'
import { registerCors } from './routes/cors.js'
import { registerGuard } from './routes/guard.js'
import { registerHealthRoutes } from './routes/health-routes.js'
import { registerModelRoutes } from './routes/model-routes.js'
import { registerModelsRoute } from './routes/models-route.js'
import { registerResponseRoutes } from './routes/response-routes.js'
import { responseStoreHook } from './store/exchange-hook.js'
import { ResponseStore } from './store/response-store.js'
import { registerResponsesWebsocketRoute } from './routes/responses-websocket-route.js'
import { registerResponsesCompactRoute } from './routes/responses-compact-route.js'
import type { SecretStore } from './secrets/secret-store.js'
import { MemorySecretStore } from './secrets/secret-store.js'
import { providerModels } from './routes/models-route.js'
import { createProviderRegistry, type ProviderRegistry } from './upstream/registry.js'
import type { UsageLedger } from './usage/usage-ledger.js'

export const VERSION = '0.1.0'

export interface ServerOptions {
  settings(): Settings
  accessKey(): string
  env?: NodeJS.ProcessEnv
  secrets?: SecretStore
  log?: RequestLog
  ctx?: CodecContext
  onShutdown?: () => void
  logger?: boolean
  /** While false, model endpoints answer 503 (the host is stopped but its UI stays up). */
  serving?: () => boolean
  /** The provider for each kind; the plain HTTP kinds only when omitted. */
  providers?: ProviderRegistry
  /** Request time and lingering-close bounds; tests shorten them. */
  limits?: Partial<ConnectionLimits>
  /** Stored Responses answers; kept by the host so they outlive a gateway restart. */
  responses?: ResponseStore
  /** Usage history and spending caps (the host's database). */
  usage?: UsageLedger
}

export interface Gateway {
  app: FastifyInstance
  log: RequestLog
  deps: GatewayDeps
  responses: ResponseStore
}

export function buildServer(opts: ServerOptions): Gateway {
  const settings = opts.settings
  const redactor = new Redactor()
  redactor.add(opts.accessKey())
  const log = opts.log ?? new RequestLog(() => settings().log, redactor)
  const ctx = opts.ctx ?? liveContext
  const responses = opts.responses ?? new ResponseStore(() => settings().responseStore, ctx.now)
  const deps: GatewayDeps = {
    settings,
    env: opts.env ?? process.env,
    secrets: opts.secrets ?? new MemorySecretStore(),
    log,
    ctx,
    serving: opts.serving ?? (() => true),
    providers: opts.providers ?? createProviderRegistry(),
    accessKey: opts.accessKey,
    hooks: [responseStoreHook(responses, (prefix) => ctx.newId(prefix))],
    ...(opts.usage ? { usage: opts.usage } : {}),
  }
  const limits = { ...DEFAULT_LIMITS, ...opts.limits }
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: Math.round(settings().server.bodyLimitMb * 1024 * 1024),
    ...serverTimeouts(limits),
  })
  registerJsonParser(app, () => settings().log.captureBodies)
  registerLingeringClose(app, limits)
  app.setNotFoundHandler((req, reply) => {
    const envelope = codecFor(dialectOfRequest(req)).encodeError({
      kind: 'not_found',
      code: 'route_not_found',
      message: `No route for ${req.method} ${req.url.split('?')[0]}.`,
    })
    return reply.code(404).send(envelope.body)
  })
  app.setErrorHandler((err, req, reply) => {
    const { error, headers, internal } = toCanonicalError(err)
    if (internal) req.log.error({ err }, 'unhandled gateway error')
    const envelope = codecFor(dialectOfRequest(req)).encodeError(error)
    return reply.code(envelope.status).headers(headers).send(envelope.body)
  })
  registerGuard(app, { settings, accessKey: opts.accessKey })
  registerCors(app, settings)
  registerHealthRoutes(app, {
    settings,
    version: VERSION,
    ...(opts.onShutdown ? { onShutdown: opts.onShutdown } : {}),
  })
  registerModelRoutes(app, deps)
  registerResponseRoutes(app, responses)
  registerResponsesWebsocketRoute(app)
  registerResponsesCompactRoute(app)
  registerModelsRoute(app, settings, () => providerModels(settings(), deps.providers))
  for (const provider of deps.providers.all()) provider.registerRoutes?.(app, { settings, log })
  return { app, log, deps, responses }
}
