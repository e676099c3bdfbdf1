// What the gateway accepts from a client connection: the time to send a request, the JSON it may contain
// (no `__proto__`, bounded nesting), and how a request refused before its body was read is closed.
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { IncomingMessage, ServerOptions } from 'node:http'
import { bridgeError } from './errors.js'
import {
  checkParsed,
  JsonReadError,
  MAX_JSON_DEPTH,
  parseJson,
} from './protocol/canonical/read-json.js'

export interface ConnectionLimits {
  /** Time allowed to receive a whole request, body included (Node answers 408 and closes after it). */
  requestTimeoutMs: number
  /** How long the rest of a refused body is read and dropped before the connection closes. */
  lingerMs: number
}

/** A 50 MB body over a slow link still fits; a socket trickling a byte a second does not stay forever. */
export const DEFAULT_LIMITS: ConnectionLimits = { requestTimeoutMs: 60_000, lingerMs: 5_000 }

export { MAX_JSON_DEPTH } from './protocol/canonical/read-json.js'

export function serverTimeouts(limits: ConnectionLimits): {
  requestTimeout: number
  http: ServerOptions
} {
  // Node checks the request timeout on this interval, so a short timeout needs a short interval. It must be
  // given to the server's constructor too: set only afterwards (as fastify does), Node never enforces it.
  const interval = Math.max(100, Math.min(30_000, Math.floor(limits.requestTimeoutMs / 4)))
  return {
    requestTimeout: limits.requestTimeoutMs,
    http: { connectionsCheckingInterval: interval, requestTimeout: limits.requestTimeoutMs },
  }
}

/** Whether a parsed value nests deeper than `max` (the shared reader's walk, which cannot overflow). */
export function nestedTooDeep(value: unknown, max: number): boolean {
  return checkParsed(value, max) === 'too_deep'
}

const { FST_ERR_CTP_EMPTY_JSON_BODY, FST_ERR_CTP_INVALID_JSON_BODY } = errorCodes

/** The reader's refusal as the error the client gets: fastify's own for bad syntax, ours naming the rule. */
function refusal(err: unknown): Error {
  const reason = err instanceof JsonReadError ? err.reason : 'syntax'
  switch (reason) {
    case 'syntax':
      return new FST_ERR_CTP_INVALID_JSON_BODY()
    case 'proto_key':
      return bridgeError(
        'BRIDGE_BAD_REQUEST',
        'invalid_request',
        'The request body has a "__proto__" key, which Switchboard refuses because it can change the objects it is merged into; remove that key.',
      )
    case 'too_deep':
      return bridgeError(
        'BRIDGE_BAD_REQUEST',
        'invalid_request',
        `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; Switchboard does not process it.`,
      )
  }
}

/** The JSON text of each request body while the log captures bodies (see registerJsonParser). */
const bodyTexts = new WeakMap<FastifyRequest, string>()

/**
 * The request's body as the client sent it (its JSON text), once: the log keeps it instead of serialising the
 * parsed body again (~1 ms for a 76 KB Claude Code turn). Undefined when body capture was off as it arrived.
 */
export function takeBodyText(request: FastifyRequest): string | undefined {
  const text = bodyTexts.get(request)
  if (text !== undefined) bodyTexts.delete(request)
  return text
}

/**
 * JSON bodies (also when sent as text/plain), read by the shared reader's policy: too deep refused, an own
 * `__proto__` key refused (at any depth, however it was escaped), non-finite numbers null; fastify's own
 * errors for an empty or malformed body. fastify's default parser (secure-json-parse) was not kept: its
 * `__proto__` scan is a regular expression over the whole text, ~100 µs of a 76 KB Claude Code turn, and the
 * reader's walk finds the same keys in the parsed value.
 */
export function registerJsonParser(
  app: FastifyInstance,
  keepText: () => boolean = () => false,
): void {
  type Done = (err: Error | null, value?: unknown) => void
  const parse = (req: FastifyRequest, body: string, done: Done): void => {
    if (body.length === 0) {
      done(new FST_ERR_CTP_EMPTY_JSON_BODY(), undefined)
      return
    }
    let value: unknown
    // A byte order mark before the JSON is dropped, as fastify's parser did.
    const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body
    try {
      value = parseJson(text)
    } catch (err) {
      done(refusal(err), undefined)
      return
    }
    if (keepText()) bodyTexts.set(req, text)
    done(null, value)
  }
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse)
  // Some clients send JSON as text/plain.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, parse)
}

/**
 * A request answered before its body was read (refused by the guard, too large, malformed headers) is told
 * `connection: close`. Closing the socket the moment the answer is written would turn the unread body into a
 * reset that can destroy the answer before the client reads it (a 413 seen as EPIPE), so the rest of the body
 * is read and dropped for a bounded time first ("lingering close"), then the connection closes.
 */
export function registerLingeringClose(app: FastifyInstance, limits: ConnectionLimits): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) {
      reply.header('connection', 'close')
      lingerBeforeClose(request.raw, limits.lingerMs)
    }
    return payload
  })
}

function lingerBeforeClose(req: IncomingMessage, lingerMs: number): void {
  const socket = req.socket
  // Node calls destroySoon() once a `connection: close` answer is written; here it half-closes instead and
  // destroys when the body has ended or the time is up.
  socket.destroySoon = () => {
    if (socket.writable) socket.end()
    const timer = setTimeout(() => socket.destroy(), lingerMs)
    timer.unref()
    const done = (): void => {
      clearTimeout(timer)
      socket.destroy()
    }
    if (req.complete) done()
    else {
      req.once('end', done)
      req.once('error', done)
      req.resume()
    }
  }
}
