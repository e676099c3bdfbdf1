// The control contract over HTTP for the headless gateway: JSON calls, a live SSE event stream, and the
// UI's static files at /ui — all behind a per-run control token (a cookie once the printed link is opened).
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkAccessKey } from '../config/access-key.js'
import { CONTROL_COOKIE, CONTROL_METHODS, CONTROL_PREFIX, CONTROL_TOKEN_HEADER, type ControlMethod } from './contract.js'
import type { GatewayHost } from './gateway-host.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

export interface ControlHttpOptions {
  token: string
  /** The built renderer (dist/renderer); the UI routes answer 404 with a hint when it is missing. */
  uiDir: string
}

export function registerControlHttp(app: FastifyInstance, host: GatewayHost, opts: ControlHttpOptions): void {
  const authorised = (request: FastifyRequest): boolean => {
    const presented = (request.headers[CONTROL_TOKEN_HEADER] as string | undefined) ?? cookie(request, CONTROL_COOKIE)
    return checkAccessKey(presented, opts.token)
  }
  const deny = (reply: FastifyReply): FastifyReply =>
    reply.code(401).send({ error: { message: 'The control API needs the control token: open the /ui link that switchboard serve printed.' } })

  app.get('/ui', { config: { control: true } }, async (request, reply) => {
    const token = (request.query as { token?: string }).token
    if (token && checkAccessKey(token, opts.token)) {
      reply.header('set-cookie', `${CONTROL_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
      return reply.redirect('/ui/')
    }
    if (authorised(request)) return reply.redirect('/ui/')
    return reply.code(401).type('text/html').send('<!doctype html><title>Switchboard</title><p>Open the link with the token that <code>switchboard serve</code> printed.</p>')
  })

  app.get('/ui/*', { config: { control: true } }, async (request, reply) => {
    if (!authorised(request)) return reply.code(401).type('text/html').send('<!doctype html><title>Switchboard</title><p>Open the link with the token that <code>switchboard serve</code> printed.</p>')
    const rest = (request.params as { '*': string })['*'] || 'index.html'
    const path = normalize(join(opts.uiDir, rest))
    if (!path.startsWith(opts.uiDir + sep) && path !== opts.uiDir) return reply.code(404).send()
    try {
      const body = await readFile(path)
      return reply.type(TYPES[extname(path)] ?? 'application/octet-stream').header('cache-control', 'no-cache').send(body)
    } catch {
      if (rest === 'index.html') return reply.code(404).type('text/html').send('<!doctype html><p>The UI is not built in this checkout: run <code>npm run build:renderer</code>.</p>')
      return reply.code(404).send()
    }
  })

  app.post(`${CONTROL_PREFIX}/:method`, { config: { control: true } }, async (request, reply) => {
    if (!authorised(request)) return deny(reply)
    const method = (request.params as { method: string }).method
    if (!(CONTROL_METHODS as readonly string[]).includes(method)) return reply.code(404).send({ error: { message: `Unknown control method ${method}.` } })
    const call = host[method as ControlMethod] as (arg: unknown) => Promise<unknown>
    try {
      const result = await call.call(host, request.body ?? {})
      return reply.send(result === undefined ? { ok: true } : result)
    } catch (err) {
      return reply.code(400).send({ error: { message: err instanceof Error ? err.message : String(err) } })
    }
  })

  app.get(`${CONTROL_PREFIX}/events`, { config: { control: true } }, (request, reply) => {
    if (!authorised(request)) {
      void deny(reply)
      return
    }
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' })
    raw.write(': connected\n\n')
    const unsubscribe = host.subscribe((event) => {
      raw.write(`data: ${JSON.stringify(event)}\n\n`)
    })
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), 15_000)
    keepalive.unref()
    raw.on('close', () => {
      clearInterval(keepalive)
      unsubscribe()
    })
  })
}
