// A hostile upstream for the security tests: it echoes the credentials it was sent in its errors (HTTP
// bodies and mid-stream error events, in each dialect's real shape), answers plain-text errors, stalls,
// floods, and closes reused keep-alive connections the moment a new request arrives on them.
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'

export type HostileDialect = 'openai-chat' | 'openai-responses' | 'anthropic-messages'

export interface HostileUpstream {
  /** Base URL as the SDKs take it; the dialect comes from the request path. */
  url: string
  origin: string
  /** Requests received (the killed keep-alive ones included). */
  readonly requests: number
  /** Requests that arrived on a reused connection and were answered by closing it. */
  readonly killed: number
  /** Bytes written by the `flood` scenarios before the client went away. */
  readonly flooded: number
  /** Open TCP connections. */
  openSockets(): number
  close(): Promise<void>
}

export interface HostileOptions {
  /** Close any connection that carries a second request, without answering it (an idle keep-alive race). */
  killReusedConnections?: boolean
}

const FIXTURES = join(import.meta.dirname, '../fixtures/upstream')
const STOCK_MESSAGE = 'The server had an error while processing your request. Sorry about that!'

function dialectOf(path: string): HostileDialect {
  if (path.endsWith('/messages')) return 'anthropic-messages'
  if (path.endsWith('/responses')) return 'openai-responses'
  return 'openai-chat'
}

/** What a careless server says when it rejects a call: the credentials it was given, in full. */
function echo(req: IncomingMessage): string {
  const credentials = Object.entries(req.headers)
    .filter(
      ([name]) =>
        !['host', 'content-type', 'content-length', 'accept', 'connection', 'user-agent'].includes(
          name,
        ),
    )
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
  return `Rejected request with ${credentials.join('; ')}`
}

function errorBody(dialect: HostileDialect, status: number, message: string): string {
  if (dialect === 'anthropic-messages')
    return JSON.stringify({
      type: 'error',
      error: { type: status === 401 ? 'authentication_error' : 'api_error', message },
    })
  return JSON.stringify({
    error: {
      message,
      type: status === 401 ? 'invalid_request_error' : 'server_error',
      param: null,
      code: status === 401 ? 'invalid_api_key' : null,
    },
  })
}

/** The dialect's recorded mid-stream-error stream with the error message replaced by the echo. */
function midStreamEcho(dialect: HostileDialect, message: string): string {
  const text = readFileSync(join(FIXTURES, dialect, 'mid-stream-error.sse'), 'utf8')
  const quoted = JSON.stringify(message)
  return dialect === 'anthropic-messages'
    ? text.replace('"message":"Overloaded"', `"message":${quoted}`)
    : text.split(JSON.stringify(STOCK_MESSAGE)).join(quoted)
}

function floodFrame(dialect: HostileDialect): string {
  switch (dialect) {
    case 'openai-chat':
      return `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${'x'.repeat(1000)}"},"finish_reason":null}]}\n\n`
    case 'openai-responses':
      return `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"${'x'.repeat(1000)}"}\n\n`
    case 'anthropic-messages':
      return `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(1000)}"}}\n\n`
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

/**
 * Scenarios by model name: `echo-<status>` (JSON error echoing the credentials), `text-<status>` (text/plain
 * "boom"), `textecho-<status>` (text/plain echo), `midecho` (a real stream, then an error event echoing the
 * credentials), `stall` (never answers), `stall-stream` (headers, then nothing), `flood` (endless deltas),
 * `flood-<status>` (an endless error body), `floodline` (one SSE event that never ends); anything else gets the dialect's recorded text stream or a 200 JSON.
 */
export async function startHostileUpstream(options: HostileOptions = {}): Promise<HostileUpstream> {
  const sockets = new Set<Socket>()
  const served = new WeakMap<Socket, number>()
  let requests = 0
  let killed = 0
  let flooded = 0

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++
    const socket = req.socket
    const count = (served.get(socket) ?? 0) + 1
    served.set(socket, count)
    if (options.killReusedConnections && count > 1) {
      killed++
      socket.destroy()
      return
    }
    const body = await readJson(req)
    if (req.method === 'GET') {
      // Models lists and connection tests get a 401 that echoes the credentials, like everything else here.
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(errorBody(dialectOf(req.url ?? ''), 401, echo(req)))
      return
    }
    const dialect = dialectOf((req.url ?? '').split('?')[0] ?? '')
    const model = typeof body['model'] === 'string' ? body['model'] : ''
    const status = Number(/(?:echo|text|textecho|flood)-(\d{3})/.exec(model)?.[1] ?? 500)
    const gone = new Promise<void>((resolve) => res.on('close', () => resolve()))
    if (/(^|[^a-z])stall-stream/.test(model)) {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.flushHeaders()
      return gone
    }
    if (/(^|[^a-z])stall/.test(model)) return gone
    if (/(^|[^a-z])textecho-/.test(model)) {
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(echo(req))
      return
    }
    if (/(^|[^a-z])text-/.test(model)) {
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end('boom')
      return
    }
    if (/(^|[^a-z])echo-/.test(model)) {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(errorBody(dialect, status, echo(req)))
      return
    }
    if (/(^|[^a-z])midecho/.test(model)) {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(midStreamEcho(dialect, echo(req)))
      return
    }
    if (/(^|[^a-z])flood/.test(model)) {
      const error = /flood-\d{3}/.test(model)
      // `floodline`: one event that never ends (no line break, ever).
      const endless = /floodline/.test(model)
      res.writeHead(error ? status : 200, {
        'content-type': error ? 'application/json' : 'text/event-stream',
      })
      if (endless) res.write('data: {"x":"')
      const chunk =
        error || endless
          ? `${error ? '{"error":{"message":"' : ''}${'x'.repeat(64 * 1024)}`
          : floodFrame(dialect).repeat(64)
      let open = true
      void gone.then(() => (open = false))
      while (open) {
        flooded += chunk.length
        if (!res.write(chunk))
          await new Promise<void>((resolve) => {
            res.once('drain', resolve)
            void gone.then(resolve)
          })
      }
      return
    }
    const text = readFileSync(join(FIXTURES, dialect, 'text.sse'), 'utf8')
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.end(text)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}/v1`,
    origin,
    get requests() {
      return requests
    },
    get killed() {
      return killed
    },
    get flooded() {
      return flooded
    },
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
