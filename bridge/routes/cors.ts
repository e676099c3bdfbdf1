// CORS for the model API, for the origins named in server.allowedOrigins and nothing else: preflights answered,
// responses readable by that origin. The control API and the UI never send CORS headers.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Settings } from '../config/schema.js'
import { CONTROL_PREFIX } from '../control/contract/transports.js'

const METHODS = 'GET, POST, DELETE, OPTIONS'
// Headers the SDKs read from responses (request ids, rate limits, retry hints).
const EXPOSED =
  'request-id, x-request-id, retry-after, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, anthropic-ratelimit-requests-remaining, anthropic-ratelimit-tokens-remaining'

function isControlPath(url: string): boolean {
  const path = url.split('?')[0] ?? ''
  return (
    path === '/ui' ||
    path.startsWith('/ui/') ||
    path.startsWith(`${CONTROL_PREFIX}/`) ||
    path === CONTROL_PREFIX
  )
}

function allowedOrigin(request: FastifyRequest, settings: Settings): string | undefined {
  const origin = request.headers.origin
  if (typeof origin !== 'string' || isControlPath(request.url)) return undefined
  return settings.server.allowedOrigins.includes(origin) ? origin : undefined
}

/** What a model answer from a request without an allowed origin carries: no grant, only that it would vary. */
const VARY_ONLY: Readonly<Record<string, string>> = Object.freeze({ vary: 'Origin' })

/**
 * The CORS headers of a model answer, which the pipeline writes itself (its reply is hijacked, so the onSend hook
 * below never sees it): the same grant the hook gives every other model API answer.
 */
export function modelCorsHeaders(
  origin: string | string[] | undefined,
  settings: Settings,
): Readonly<Record<string, string>> {
  if (typeof origin !== 'string' || !settings.server.allowedOrigins.includes(origin))
    return VARY_ONLY
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED,
  }
}

export function registerCors(app: FastifyInstance, settings: () => Settings): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = allowedOrigin(request, settings())
    reply.header('vary', 'Origin')
    if (origin === undefined) return payload
    reply.header('access-control-allow-origin', origin)
    reply.header('access-control-expose-headers', EXPOSED)
    return payload
  })

  // A preflight carries no access key, so it is an open route; it grants nothing to an origin not named.
  app.options('/*', { config: { open: true } }, async (request, reply) => {
    const origin = allowedOrigin(request, settings())
    if (origin === undefined) return reply.code(403).send()
    const asked = request.headers['access-control-request-headers']
    return reply
      .code(204)
      .header('access-control-allow-methods', METHODS)
      .header(
        'access-control-allow-headers',
        typeof asked === 'string' ? asked : 'authorization, x-api-key, content-type',
      )
      .header('access-control-max-age', '600')
      .send()
  })
}
