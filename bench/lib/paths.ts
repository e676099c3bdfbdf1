// The three ways the bench reaches an upstream (directly, through the bare proxy, through the gateway), the
// request bodies per client dialect, and running a series of requests at a given concurrency.
import type { BenchGateway, Client, FakeUrls } from './gateway.js'
import { ACCESS_KEY } from './gateway.js'
import { cpuUs } from './processes.js'
import { timedRequest, type Timing } from './timed-request.js'

export const CLIENTS: Client[] = ['chat', 'responses', 'anthropic']

const PATHS: Record<Client, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  anthropic: '/v1/messages',
}

export function body(client: Client, model: string, stream: boolean): string {
  switch (client) {
    case 'chat':
      return JSON.stringify({
        model,
        stream,
        messages: [{ role: 'user', content: 'hi' }],
        ...(stream ? { stream_options: { include_usage: true } } : {}),
      })
    case 'responses':
      return JSON.stringify({ model, stream, input: 'hi' })
    case 'anthropic':
      return JSON.stringify({
        model,
        stream,
        max_tokens: 256,
        messages: [{ role: 'user', content: 'hi' }],
      })
  }
}

export type Run = () => Promise<Timing>

/** `n` requests, `concurrency` at a time; any status but 200 stops the bench (a broken path has no speed). */
export async function series(n: number, concurrency: number, run: Run): Promise<Timing[]> {
  const out: Timing[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++
        const t = await run()
        if (t.status !== 200) throw new Error(`HTTP ${t.status}`)
        out.push(t)
      }
    }),
  )
  return out
}

/**
 * Runs `work` and returns the gateway CPU it cost, in µs per unit of `units`, from the scheduler's per-thread
 * counters: the 10 ms ticks of /proc/<pid>/stat moved a 20-concurrent block's figure by a tenth or more.
 */
export async function cpuPer<T>(
  gw: BenchGateway,
  units: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuUs: number }> {
  const before = cpuUs(gw.pid)
  const result = await work()
  return { result, cpuUs: (cpuUs(gw.pid) - before) / units }
}

export interface Paths {
  direct(up: Client, model: string, stream: boolean): Run
  viaBare(up: Client, model: string, stream: boolean): Run
  via(g: BenchGateway, client: Client, up: Client, model: string, stream: boolean): Run
}

/** `bare` maps each upstream to the URL of its bare proxy. */
export function paths(urls: FakeUrls, bare: Record<Client, string>): Paths {
  const directUrl = (up: Client): string =>
    up === 'anthropic'
      ? `${urls.anthropic}/v1/messages`
      : `${urls[up]}${up === 'chat' ? '/chat/completions' : '/responses'}`
  const directHeaders = (up: Client): Record<string, string> =>
    up === 'anthropic'
      ? { 'x-api-key': urls.key, 'anthropic-version': '2023-06-01' }
      : { authorization: `Bearer ${urls.key}` }
  const gwHeaders = { authorization: `Bearer ${ACCESS_KEY}`, 'anthropic-version': '2023-06-01' }
  return {
    direct: (up, model, stream) => () =>
      timedRequest(directUrl(up), directHeaders(up), body(up, model, stream)),
    viaBare: (up, model, stream) => () =>
      timedRequest(
        `${bare[up]}${new URL(directUrl(up)).pathname}`,
        directHeaders(up),
        body(up, model, stream),
      ),
    via: (g, client, up, model, stream) => () =>
      timedRequest(`${g.url}${PATHS[client]}`, gwHeaders, body(client, `${up}/${model}`, stream)),
  }
}
