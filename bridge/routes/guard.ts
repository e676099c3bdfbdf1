// The gateway's front door: Host allowlist (DNS rebinding), Origin rejection and the access key, all
// checked before any upstream work (DESIGN.md, security defaults).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isIP } from 'node:net'
import { checkAccessKey } from '../config/access-key.js'
import type { Settings } from '../config/schema.js'
import { codecFor } from '../protocol/registry.js'
import type { CanonicalError } from '../protocol/canonical/errors.js'
import { dialectOfRequest } from './dialect-of.js'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1'])

export function hostAllowed(hostHeader: string | undefined, settings: Settings): boolean {
  if (!hostHeader) return false
  const host = hostHeader.startsWith('[')
    ? hostHeader.slice(1, hostHeader.indexOf(']'))
    : hostHeader.replace(/:\d+$/, '')
  const name = host.toLowerCase()
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true
  if (isIP(name) !== 0) return true
  return settings.server.allowedHosts.some((h) => h.toLowerCase() === name)
}

export function presentedKey(request: FastifyRequest): string | undefined {
  const xKey = request.headers['x-api-key']
  if (typeof xKey === 'string' && xKey) return xKey
  const auth = request.headers.authorization
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '')
  return undefined
}

export function rejectInDialect(
  request: FastifyRequest,
  reply: FastifyReply,
  error: CanonicalError,
): FastifyReply {
  const envelope = codecFor(dialectOfRequest(request)).encodeError(error)
  return reply.code(envelope.status).header('content-type', 'application/json').send(envelope.body)
}

export interface GuardOptions {
  settings(): Settings
  accessKey(): string
}

/**
 * Routes marked `config.open` (health, HEAD /) skip the key; every other route needs it. A hook that answers
 * does not call `done`; the hook is not async, which saves every request a promise and a turn of the queue.
 */
export function registerGuard(app: FastifyInstance, opts: GuardOptions): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (refused(request, reply, opts) === undefined) done()
  })
}

/** The refusal the guard answered with, or undefined when the request may go on. */
function refused(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: GuardOptions,
): FastifyReply | undefined {
  const settings = opts.settings()
  if (!hostAllowed(request.headers.host, settings)) {
    return rejectInDialect(request, reply, {
      kind: 'permission',
      message: `Host "${request.headers.host ?? ''}" is not allowed; add it to server.allowedHosts if you meant to reach Switchboard by that name.`,
    })
  }
  const config = request.routeOptions.config as { open?: boolean; control?: boolean } | undefined
  if (config?.open) return undefined
  const origin = request.headers.origin
  if (typeof origin === 'string') {
    // The control API and the UI answer their own page only: server.allowedOrigins opens the model API to
    // a browser app, never the API that rewrites settings.
    const allowed =
      config?.control === true
        ? origin === `http://${request.headers.host ?? ''}`
        : settings.server.allowedOrigins.includes(origin)
    if (!allowed) {
      return rejectInDialect(request, reply, {
        kind: 'permission',
        message:
          config?.control === true
            ? `Requests from origin ${origin} may not use the control API.`
            : `Requests from origin ${origin} are not allowed; add it to server.allowedOrigins to permit browser access.`,
      })
    }
  }
  if (config?.control) return undefined
  const key = presentedKey(request)
  if (!key || !checkAccessKey(key, opts.accessKey())) {
    return rejectInDialect(request, reply, {
      kind: 'authentication',
      message: key
        ? 'Invalid Switchboard access key. Copy the current snippet (switchboard snippet) to get the right key.'
        : 'Missing Switchboard access key: send it as x-api-key or Authorization: Bearer (see switchboard snippet).',
    })
  }
  return undefined
}
