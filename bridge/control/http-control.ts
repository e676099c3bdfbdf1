// The control contract over HTTP for the headless gateway: what is HTTP's own — the control token in a header,
// JSON-only calls, status codes, SSE framing of event batches — around the one dispatcher; plus the UI files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkAccessKey } from '../config/access-key.js'
import type { ControlEvent } from './contract.js'
import { CONTROL_ERROR_STATUS, type ControlErrorBody } from './contract/errors.js'
import { CONTROL_PREFIX, CONTROL_TOKEN_HEADER } from './contract/transports.js'
import { dispatch } from './dispatcher.js'
import { createEventBatcher } from './event-batcher.js'
import type { GatewayHost } from './gateway-host.js'
import { registerUiFiles } from './ui-files.js'

export interface ControlHttpOptions {
  token: string
  /** The built renderer (dist/renderer); the UI routes answer 404 with a hint when it is missing. */
  uiDir: string
  /** How long log frames wait to travel together on the event stream. */
  frameDelayMs?: number
}

function fail(reply: FastifyReply, error: ControlErrorBody): FastifyReply {
  return reply
    .code(CONTROL_ERROR_STATUS[error.code])
    .type('application/json')
    .send(JSON.stringify({ error }))
}

// Only the header: a cookie would be sent by the browser to every service on 127.0.0.1, whatever its port.
function authorised(request: FastifyRequest, token: string): boolean {
  const presented = request.headers[CONTROL_TOKEN_HEADER]
  return typeof presented === 'string' && checkAccessKey(presented, token)
}

const UNAUTHORISED: ControlErrorBody = {
  code: 'unauthorized',
  message: `The control API needs the control token in the ${CONTROL_TOKEN_HEADER} header: open the /ui link that switchboard serve printed.`,
}

// A page can send text/plain or form bodies without a CORS preflight; application/json needs one, which the
// control routes never grant.
function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type']
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type)
}

export function registerControlHttp(
  app: FastifyInstance,
  host: GatewayHost,
  opts: ControlHttpOptions,
): void {
  registerUiFiles(app, opts.uiDir)
  // An event stream never ends by itself, and the server's close waits for every open response: end them
  // first, so SIGTERM or a stop does not hang while a UI tab is open.
  const openStreams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end()
  })

  app.post(
    `${CONTROL_PREFIX}/:method`,
    {
      config: { control: true },
      // Refused before the body is read, so no payload of a forged request is ever parsed.
      onRequest: async (request, reply) => {
        if (!authorised(request, opts.token)) return fail(reply, UNAUTHORISED)
        if (!isJson(request))
          return fail(reply, {
            code: 'unsupported_media_type',
            message: 'Control calls take an application/json body.',
          })
        return undefined
      },
    },
    async (request, reply) => {
      const method = (request.params as { method: string }).method
      const result = await dispatch(host, method, request.body ?? undefined)
      if (!result.ok) return fail(reply, result.error)
      return reply.type('application/json').send(JSON.stringify(result.value))
    },
  )

  app.get(`${CONTROL_PREFIX}/events`, { config: { control: true } }, (request, reply) => {
    if (!authorised(request, opts.token)) {
      void fail(reply, UNAUTHORISED)
      return
    }
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    })
    raw.write(': connected\n\n')
    // One SSE message per batch (a JSON array), as IPC sends one message per batch; a full socket pauses it.
    const batcher = createEventBatcher({
      sink: (batch: ControlEvent[]) => raw.write(`data: ${JSON.stringify(batch)}\n\n`),
      ...(opts.frameDelayMs !== undefined ? { frameDelayMs: opts.frameDelayMs } : {}),
    })
    raw.on('drain', () => batcher.resume())
    const unsubscribe = host.subscribe((event) => batcher.push(event))
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), 15_000)
    keepalive.unref()
    const end = (): void => void raw.end()
    openStreams.add(end)
    raw.on('close', () => {
      openStreams.delete(end)
      clearInterval(keepalive)
      unsubscribe()
      batcher.dispose()
    })
  })
}
