// Every exchange ends exactly once, whatever goes wrong: the response is ended and the log entry finished
// once, on the translating and the passthrough path, streaming or not.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Exchange } from '../../log/exchange.js'
import { RequestLog } from '../../log/request-log.js'
import { Redactor } from '../../log/redact.js'
import { buildServer, type Gateway } from '../../server.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor } from '../helpers/gateway.js'
import type { Settings } from '../../config/schema.js'

let fakes: AllFakes
let gateway: Gateway
let url = ''
const finishes = new Map<string, number>()

/** A request log that counts how often each entry is finished. */
function countingLog(settings: Settings): RequestLog {
  const log = new RequestLog(() => settings.log, new Redactor())
  const start = log.start.bind(log)
  log.start = (init): Exchange => {
    const exchange = start(init)
    const finish = exchange.finish.bind(exchange)
    exchange.finish = (fields) => {
      finishes.set(exchange.id, (finishes.get(exchange.id) ?? 0) + 1)
      finish(fields)
    }
    return exchange
  }
  return log
}

beforeAll(async () => {
  fakes = await startAllFakes()
  const settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.stream.idleTimeoutMs = 1000
    s.stream.keepaliveMs = 400
    s.providers.push({
      id: 'anth',
      kind: 'anthropic',
      baseUrl: fakes.anthropic.url,
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
    })
    s.providers.push({
      id: 'dead',
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
    })
    s.providers.push({
      id: 'nokey',
      kind: 'anthropic',
      baseUrl: fakes.anthropic.url,
      apiKeyEnv: 'UNSET_KEY_VARIABLE',
    })
  })
  gateway = buildServer({
    settings: () => settings,
    accessKey: () => ACCESS_KEY,
    env: { FAKE_UPSTREAM_KEY: 'sk-fake-upstream-key' },
    log: countingLog(settings),
  })
  await gateway.app.listen({ host: '127.0.0.1', port: 0 })
  const address = gateway.app.server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await gateway.app.close()
  await fakes.close()
})

/** Sends a chat request; resolves with the status once the response has ended (or after abortAfterFirstChunk). */
function send(body: Record<string, unknown>, abortAfterFirstChunk = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.on('error', () => undefined)
        if (abortAfterFirstChunk) {
          res.once('data', () => {
            req.destroy()
            resolve(499)
          })
          return
        }
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', (e: NodeJS.ErrnoException) =>
      abortAfterFirstChunk && e.code === 'ECONNRESET' ? resolve(499) : reject(e),
    )
    req.end(JSON.stringify(body))
  })
}

async function settledEntry(): Promise<{ id: string; status?: number }> {
  for (let i = 0; i < 100; i++) {
    const entry = gateway.log.snapshot().at(-1)
    if (entry?.durationMs !== undefined) {
      // A late second ending would show up now.
      await new Promise((r) => setTimeout(r, 150))
      return { id: entry.id, ...(entry.status !== undefined ? { status: entry.status } : {}) }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the exchange never finished')
}

const chat = (model: string, stream: boolean): Record<string, unknown> => ({
  model,
  stream,
  messages: [{ role: 'user', content: 'hi' }],
})

// `anth/…` translates (chat client → Anthropic upstream); plain names pass through (chat → chat).
const CASES: [string, Record<string, unknown>, boolean?][] = []
for (const prefix of ['anth/', '']) {
  for (const stream of [true, false]) {
    const path = `${prefix ? 'translate' : 'passthrough'} ${stream ? 'stream' : 'json'}`
    CASES.push([`${path}: success`, chat(`${prefix}m`, stream)])
    CASES.push([`${path}: upstream HTTP 500`, chat(`${prefix}status-500`, stream)])
    CASES.push([`${path}: mid-stream error event`, chat(`${prefix}midstream-error`, stream)])
    CASES.push([`${path}: dropped connection`, chat(`${prefix}drop`, stream)])
    CASES.push([`${path}: stalled upstream (idle timeout)`, chat(`${prefix}stall`, stream)])
    CASES.push([`${path}: stream without its terminal event`, chat(`${prefix}no-terminal`, stream)])
    CASES.push([`${path}: malformed frame`, chat(`${prefix}bad-json`, stream)])
  }
  CASES.push([
    `${prefix ? 'translate' : 'passthrough'}: client leaves mid-stream`,
    chat(`${prefix}slow-50-events-40`, true),
    true,
  ])
}
CASES.push(['unreachable upstream', chat('dead/m', true)])
CASES.push(['missing upstream API key', chat('nokey/m', false)])
CASES.push(['unknown model prefix with nothing after it', chat('anth/', true)])
CASES.push(['undecodable request', { model: 'anth/m', stream: true, messages: 'not a list' }])

describe('exactly one finish per exchange', () => {
  for (const [name, body, abort] of CASES) {
    it(name, async () => {
      const status = await send(body, abort === true)
      const entry = await settledEntry()
      expect(finishes.get(entry.id)).toBe(1)
      if (!abort) expect(entry.status).toBe(status)
    })
  }
})
