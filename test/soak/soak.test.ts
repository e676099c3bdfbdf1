// A CI-sized soak: three minutes of mixed traffic through the gateway process (every client × upstream pair,
// streaming and not, tool calls, client aborts, upstream errors): zero unexpected failures, flat memory.
// SOAK_SECONDS=1800 is the full 30-minute run.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from '../../bridge/test/fakes/index.js'
import { ensureBuiltCli } from '../helpers/built-cli.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 180)
const KEY = 'sb-soak-access-key-000000000'
let fakes: AllFakes
let gateway: ChildProcess
let url = ''

const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

beforeAll(async () => {
  ensureBuiltCli()
  fakes = await startAllFakes()
  const dir = mkdtempSync(join(tmpdir(), 'sb-soak-'))
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({
      version: 1,
      providers: [
        { id: 'chat', kind: 'openai-chat', baseUrl: fakes.chat.url, apiKeyEnv: 'FAKE_KEY' },
        {
          id: 'responses',
          kind: 'openai-responses',
          baseUrl: fakes.responses.url,
          apiKeyEnv: 'FAKE_KEY',
        },
        { id: 'anthropic', kind: 'anthropic', baseUrl: fakes.anthropic.url, apiKeyEnv: 'FAKE_KEY' },
      ],
      defaultProvider: 'chat',
    }),
  )
  gateway = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/switchboard.js'),
      'serve',
      '--config',
      join(dir, 'settings.json'),
      '--port',
      '0',
      '--server-info',
      join(dir, 'info.json'),
    ],
    {
      env: {
        ...process.env,
        SWITCHBOARD_HOME: dir,
        PROXY_API_KEY: KEY,
        FAKE_KEY: fakes.chat.apiKey,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  // The file appears before its content is written: wait until it parses.
  const info = (): { url: string } | undefined => {
    try {
      return JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as { url: string }
    } catch {
      return undefined
    }
  }
  for (let i = 0; i < 400 && !info(); i++) await new Promise((r) => setTimeout(r, 50))
  url = info()?.url ?? ''
}, 60_000)

afterAll(async () => {
  gateway?.kill('SIGTERM')
  await fakes?.close()
})

type Client = 'chat' | 'responses' | 'anthropic'
const PATH: Record<Client, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  anthropic: '/v1/messages',
}
const END: Record<Client, string> = {
  chat: '[DONE]',
  responses: 'response.completed',
  anthropic: 'message_stop',
}
const tools: Record<Client, unknown> = {
  chat: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
      },
    },
  ],
  responses: [
    {
      type: 'function',
      name: 'get_weather',
      strict: false,
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  anthropic: [
    {
      name: 'get_weather',
      input_schema: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      },
    },
  ],
}

function body(client: Client, model: string, stream: boolean, withTools: boolean): string {
  const extra = withTools ? { tools: tools[client] } : {}
  if (client === 'responses') return JSON.stringify({ model, stream, input: 'hi', ...extra })
  if (client === 'chat')
    return JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }], ...extra })
  return JSON.stringify({
    model,
    stream,
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  })
}

function call(
  client: Client,
  payload: string,
  abortAfterFirstByte: boolean,
): Promise<{ status: number; text: string; aborted: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${url}${PATH[client]}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
        },
      },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => {
          text += d.toString()
          if (abortAfterFirstByte) {
            req.destroy()
            resolvePromise({ status: res.statusCode ?? 0, text, aborted: true })
          }
        })
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text, aborted: false }))
        res.on('error', () => undefined)
      },
    )
    req.on('error', (e: NodeJS.ErrnoException) =>
      abortAfterFirstByte ? resolvePromise({ status: 0, text: '', aborted: true }) : reject(e),
    )
    req.end(payload)
  })
}

describe('soak', () => {
  it(
    `${SECONDS}s of mixed traffic: no unexpected failure, memory flat`,
    async () => {
      const clients: Client[] = ['chat', 'responses', 'anthropic']
      const failures: string[] = []
      let requests = 0
      const started = Date.now()
      const until = started + SECONDS * 1000
      // Warm-up fills the request log (1,000 entries, 8 MB of frames) and the JIT; after it, memory must stay level.
      const warmUpMs = Math.min(30_000, (SECONDS * 1000) / 4)
      const samples: { at: number; rss: number }[] = []
      const sampler = setInterval(
        () => samples.push({ at: Date.now() - started, rss: rssMb(gateway.pid ?? 0) }),
        1000,
      )
      const worker = async (w: number): Promise<void> => {
        for (let i = 0; Date.now() < until; i++) {
          const client = clients[(w + i) % 3] as Client
          const upstream = clients[(w + 2 * i) % 3] as Client
          const kind = (w * 7 + i) % 20
          const stream = i % 2 === 0
          const errorCase = kind === 0
          const abort = kind === 1 && stream
          const model = `${upstream}/${errorCase ? 'status-503' : 'events-20'}`
          try {
            const r = await call(client, body(client, model, stream, kind === 2), abort)
            requests++
            if (abort) continue
            if (errorCase) {
              if (r.status !== 503)
                failures.push(`${client}→${upstream} expected 503, got ${r.status}`)
            } else if (r.status !== 200)
              failures.push(`${client}→${upstream} HTTP ${r.status}: ${r.text.slice(0, 200)}`)
            else if (stream && !r.text.includes(END[client]))
              failures.push(`${client}→${upstream} stream without ${END[client]}`)
            else if (!stream) JSON.parse(r.text)
          } catch (err) {
            failures.push(`${client}→${upstream}: ${String(err)}`)
          }
        }
      }
      await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)))
      clearInterval(sampler)
      const steady = samples.filter((s) => s.at >= warmUpMs)
      const half = Math.floor(steady.length / 2)
      const peak = (list: typeof samples): number => Math.max(...list.map((s) => s.rss))
      const [firstHalf, secondHalf] = [peak(steady.slice(0, half)), peak(steady.slice(half))]
      const trace = Array.from({ length: 10 }, (_, i) =>
        samples[Math.floor(((i + 1) * samples.length) / 10) - 1]?.rss.toFixed(0),
      ).join(' ')
      console.log(
        `soak: ${requests} requests in ${SECONDS}s, ${failures.length} failed; gateway RSS peak ${firstHalf.toFixed(1)} MB in the first half ` +
          `after warm-up, ${secondHalf.toFixed(1)} MB in the second; RSS at each tenth of the run (MB): ${trace}`,
      )
      expect(failures.slice(0, 10)).toEqual([])
      expect(requests).toBeGreaterThan(SECONDS * 50)
      // Flat: the request log is bounded (entries and an 8 MB frame budget), so after warm-up the second half
      // peaks no higher than the first, give or take one GC cycle; a leak of 1 KB per request would add ~70 MB.
      expect(steady.length).toBeGreaterThan(10)
      expect(secondHalf).toBeLessThan(firstHalf + 24)
    },
    (SECONDS + 60) * 1000,
  )
})
