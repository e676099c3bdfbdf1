// The web UI's static files at /ui/: public (they hold no secret; the control token arrives in the link's
// fragment), never framed, never cached stale, confined to the built renderer folder.
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { CONTROL_UI_TOKEN_PARAM } from './contract/transports.js'

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

/**
 * Sent on every /ui response. frame-ancestors and X-Frame-Options only work as HTTP headers (a <meta> CSP
 * cannot forbid framing), and no-referrer keeps the page's address out of any request it makes.
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}

function secured(reply: FastifyReply): FastifyReply {
  return reply.headers(UI_SECURITY_HEADERS)
}

export function registerUiFiles(app: FastifyInstance, uiDir: string): void {
  // `/ui` → `/ui/`: a browser keeps the link's #token=… fragment across the redirect. Links printed by older
  // versions carried the token in the query; it moves into the fragment so the page can read it.
  app.get('/ui', { config: { control: true } }, async (request, reply) => {
    const token = (request.query as Record<string, unknown>)[CONTROL_UI_TOKEN_PARAM]
    const target =
      typeof token === 'string' && token !== ''
        ? `/ui/#${CONTROL_UI_TOKEN_PARAM}=${encodeURIComponent(token)}`
        : '/ui/'
    return secured(reply).redirect(target)
  })

  app.get('/ui/*', { config: { control: true } }, async (request, reply) => {
    const rest = (request.params as { '*': string })['*'] || 'index.html'
    const path = normalize(join(uiDir, rest))
    if (!path.startsWith(uiDir + sep) && path !== uiDir) return secured(reply).code(404).send()
    try {
      const body = await readFile(path)
      return secured(reply)
        .type(TYPES[extname(path)] ?? 'application/octet-stream')
        .send(body)
    } catch {
      if (rest === 'index.html')
        return secured(reply)
          .code(404)
          .type('text/html')
          .send(
            '<!doctype html><p>The UI is not built in this checkout: run <code>npm run build:renderer</code>.</p>',
          )
      return secured(reply).code(404).send()
    }
  })
}
