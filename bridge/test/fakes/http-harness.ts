// Loopback HTTP server shared by the fakes: request recording, socket and client-abort tracking.
import { createServer } from 'node:http'
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  method: string
  /** Path without the query, e.g. `/v1/messages`. */
  path: string
  /** Path with the query, e.g. `/v1/messages?beta=true`. */
  url: string
  headers: IncomingHttpHeaders
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown
  receivedAt: number
  /** Set when the client went away before the response was complete. */
  disconnectedAt?: number
  /**
   * `process.hrtime.bigint()` just before a stream's first event was written: the monotonic clock every process
   * on the machine shares, so the bench can tell how long after it a client got its first byte.
   */
  firstFrameAt?: bigint
  /** Stream events handed to the socket so far (a backpressure test watches the upstream stop writing). */
  framesWritten?: number
}

export interface FakeServer {
  /** Base URL the official SDK takes (`…/v1` for OpenAI fakes, the origin for Anthropic). */
  url: string
  /** `http://127.0.0.1:PORT` */
  origin: string
  /** Key the fake accepts. */
  apiKey: string
  requests: RecordedRequest[]
  /** Client aborts seen (responses the client left before they were complete). */
  readonly disconnects: number
  /** TCP connections currently open (idle keep-alive connections included). */
  openSockets(): number
  /** Resolves once `disconnects >= count`. */
  waitForDisconnect(count?: number): Promise<void>
  close(): Promise<void>
}

export interface FakeOptions {
  apiKey?: string
}

export const DEFAULT_FAKE_KEY = 'sk-fake-upstream-key'

/** One request/response pair as a dialect handler sees it. */
export interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  record: RecordedRequest
  rawBody: string
  apiKey: string
  /** True once the client has gone away before the response ended. */
  clientGone(): boolean
  /** Resolves when the client goes away (or the fake shuts down). */
  untilClientGone: Promise<void>
  /** Destroys the socket on purpose (the `drop` scenario); not counted as a client abort. */
  drop(): void
  /** Serial number unique within this fake, for ids. */
  serial: number
}

export type Handler = (exchange: Exchange) => Promise<void>

export async function startFakeServer(
  handler: Handler,
  options: FakeOptions | undefined,
  basePath: string,
): Promise<FakeServer> {
  const apiKey = options?.apiKey ?? DEFAULT_FAKE_KEY
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const waiters: { count: number; resolve: () => void }[] = []
  let disconnects = 0
  let serial = 0
  let closing = false

  const noteDisconnect = (record: RecordedRequest): void => {
    record.disconnectedAt = Date.now()
    disconnects += 1
    for (const waiter of waiters.filter((w) => w.count <= disconnects)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res)
  })

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req)
    const url = req.url ?? '/'
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.split('?')[0] ?? url,
      url,
      headers: req.headers,
      body: parseBody(rawBody),
      receivedAt: Date.now(),
    }
    requests.push(record)
    let dropped = false
    let gone = false
    let markGone: () => void = () => undefined
    const untilClientGone = new Promise<void>((resolve) => {
      markGone = resolve
    })
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true
        if (!dropped && !closing) noteDisconnect(record)
      }
      markGone()
    })
    serial += 1
    const exchange: Exchange = {
      req,
      res,
      record,
      rawBody,
      apiKey,
      clientGone: () => gone,
      untilClientGone,
      drop: () => {
        dropped = true
        res.socket?.destroy()
      },
      serial,
    }
    try {
      await handler(exchange)
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } })
      else res.destroy()
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}${basePath}`,
    origin,
    apiKey,
    requests,
    get disconnects() {
      return disconnects
    },
    openSockets: () => sockets.size,
    waitForDisconnect: (count = 1) =>
      disconnects >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () => {
      closing = true
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks).toString('utf8')
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** Bearer token from `Authorization`, if any. */
export function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')
  return match?.[1]?.trim()
}

export function sleep(ms: number, until?: Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    void until?.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
