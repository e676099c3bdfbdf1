// `npm run bench`: the gateway against the fake upstreams on loopback — added latency and TTFB versus
// calling the upstream directly (same run, as ratios), translated events/s per core, and memory.
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { measureThroughput } from './lib/throughput.js'
import { firstLine, memory, start } from './lib/processes.js'
import { ms, percentile, ratio, table } from './lib/stats.js'
import { timedRequest, type Timing } from './lib/timed-request.js'

const ROOT = resolve(import.meta.dirname, '../..')
const KEY = 'sb-bench-access-key'
const quick = process.argv.includes('--quick')
const N = quick ? 100 : 400

type Client = 'chat' | 'responses' | 'anthropic'
const PATHS: Record<Client, string> = { chat: '/v1/chat/completions', responses: '/v1/responses', anthropic: '/v1/messages' }

function body(client: Client, model: string, stream: boolean): string {
  switch (client) {
    case 'chat':
      return JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }], ...(stream ? { stream_options: { include_usage: true } } : {}) })
    case 'responses':
      return JSON.stringify({ model, stream, input: 'hi' })
    case 'anthropic':
      return JSON.stringify({ model, stream, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] })
  }
}

async function series(n: number, concurrency: number, run: () => Promise<Timing>): Promise<Timing[]> {
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

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as Record<Client, string> & { key: string }
const home = mkdtempSync(join(tmpdir(), 'sb-bench-'))
const settings = {
  version: 1,
  providers: [
    { id: 'chat', kind: 'openai-chat', baseUrl: urls.chat, apiKeyEnv: 'FAKE_KEY' },
    { id: 'responses', kind: 'openai-responses', baseUrl: urls.responses, apiKeyEnv: 'FAKE_KEY' },
    { id: 'anthropic', kind: 'anthropic', baseUrl: urls.anthropic, apiKeyEnv: 'FAKE_KEY' },
  ],
  defaultProvider: 'chat',
}
writeFileSync(join(home, 'settings.json'), JSON.stringify(settings))
const gateway = start([join(ROOT, 'bin/switchboard.js'), 'serve', '--config', join(home, 'settings.json'), '--port', '0', '--server-info', join(home, 'info.json')], {
  SWITCHBOARD_HOME: home,
  PROXY_API_KEY: KEY,
  FAKE_KEY: urls.key,
})
const gwUrl = (JSON.parse(await firstLine(gateway).then(async () => readFileSync(join(home, 'info.json'), 'utf8'))) as { url: string }).url
const gwPid = gateway.proc.pid ?? 0

const directUrl = (up: Client): string => (up === 'anthropic' ? `${urls.anthropic}/v1/messages` : `${urls[up]}${up === 'chat' ? '/chat/completions' : '/responses'}`)
const directHeaders = (up: Client): Record<string, string> => (up === 'anthropic' ? { 'x-api-key': urls.key, 'anthropic-version': '2023-06-01' } : { authorization: `Bearer ${urls.key}` })
const gwHeaders = { authorization: `Bearer ${KEY}`, 'anthropic-version': '2023-06-01' }

const direct = (up: Client, model: string, stream: boolean) => () => timedRequest(directUrl(up), directHeaders(up), body(up, model, stream))
const via = (client: Client, up: Client, model: string, stream: boolean) => () => timedRequest(`${gwUrl}${PATHS[client]}`, gwHeaders, body(client, `${up}/${model}`, stream))

const results: Record<string, unknown> = {}
const report: string[] = []

// Warm up JIT and keep-alive pools on every path.
for (const up of ['chat', 'responses', 'anthropic'] as Client[]) {
  await series(50, 4, direct(up, 'events-5', true))
  for (const c of ['chat', 'responses', 'anthropic'] as Client[]) await series(50, 4, via(c, up, 'events-5', true))
}

// 1. Small non-streaming request: added latency.
{
  const rows = [['path', 'direct p50', 'via p50', 'added p50', 'direct p99', 'via p99', 'added p99', 'p50 ratio']]
  for (const up of ['chat', 'responses', 'anthropic'] as Client[]) {
    for (const c of ['chat', 'responses', 'anthropic'] as Client[]) {
      const d = (await series(N, 1, direct(up, 'events-3', false))).map((t) => t.totalMs)
      const v = (await series(N, 1, via(c, up, 'events-3', false))).map((t) => t.totalMs)
      const [d50, d99, v50, v99] = [percentile(d, 50), percentile(d, 99), percentile(v, 50), percentile(v, 99)]
      rows.push([`${c} → ${up}`, ms(d50), ms(v50), ms(v50 - d50), ms(d99), ms(v99), ms(v99 - d99), ratio(v50, d50)])
      results[`nonstream ${c}->${up}`] = { directP50: d50, viaP50: v50, addedP50: v50 - d50, directP99: d99, viaP99: v99, addedP99: v99 - d99 }
    }
  }
  report.push('Non-streaming small request, 1 client, total time (added = via gateway − direct):', table(rows), '')
}

// 2. Streaming, 100 events: time to first byte and total.
{
  const rows = [['path', 'TTFB direct p50', 'TTFB via p50', 'TTFB ratio', 'total direct p50', 'total via p50', 'total ratio', 'total via p99']]
  for (const up of ['chat', 'responses', 'anthropic'] as Client[]) {
    const d = await series(N, 1, direct(up, 'events-100', true))
    for (const c of ['chat', 'responses', 'anthropic'] as Client[]) {
      const v = await series(N, 1, via(c, up, 'events-100', true))
      const dT = percentile(d.map((t) => t.ttfbMs), 50)
      const vT = percentile(v.map((t) => t.ttfbMs), 50)
      const dTot = percentile(d.map((t) => t.totalMs), 50)
      const vTot = percentile(v.map((t) => t.totalMs), 50)
      rows.push([`${c} → ${up}`, ms(dT), ms(vT), ratio(vT, dT), ms(dTot), ms(vTot), ratio(vTot, dTot), ms(percentile(v.map((t) => t.totalMs), 99))])
      results[`stream ${c}->${up}`] = { ttfbDirectP50: dT, ttfbViaP50: vT, totalDirectP50: dTot, totalViaP50: vTot, totalRatio: vTot / dTot }
    }
  }
  report.push('Streaming, 100 events, 1 client:', table(rows), '')
}

// 3. 100 concurrent streams (paced so that all are open at once): totals and the gateway's memory.
{
  const model = 'slow-10-events-100'
  const d = await series(quick ? 100 : 300, 100, direct('chat', model, true))
  const before = memory(gwPid)
  const v = await series(quick ? 100 : 300, 100, via('anthropic', 'chat', model, true))
  const after = memory(gwPid)
  const [d50, v50, d99, v99] = [percentile(d.map((t) => t.totalMs), 50), percentile(v.map((t) => t.totalMs), 50), percentile(d.map((t) => t.totalMs), 99), percentile(v.map((t) => t.totalMs), 99)]
  report.push(
    '100 concurrent streams (100 events, 10 ms apart), anthropic client → chat upstream:',
    table([
      ['', 'direct', 'via gateway', 'ratio'],
      ['total p50', ms(d50), ms(v50), ratio(v50, d50)],
      ['total p99', ms(d99), ms(v99), ratio(v99, d99)],
    ]),
    `gateway RSS ${before.rssMb.toFixed(1)} MB before, ${after.rssMb.toFixed(1)} MB after; peak ${after.peakMb.toFixed(1)} MB`,
    '',
  )
  results['concurrent100'] = { directP50: d50, viaP50: v50, ratioP50: v50 / d50, directP99: d99, viaP99: v99, peakRssMb: after.peakMb }
}

// 4. Memory across 10,000 requests.
{
  const m0 = memory(gwPid)
  const total = quick ? 2000 : 10000
  for (let i = 0; i < total; i += 1000) await series(1000, 20, via(i % 2000 === 0 ? 'responses' : 'anthropic', 'chat', 'events-10', true))
  await sleep(500)
  const m1 = memory(gwPid)
  report.push(`RSS after ${total} requests: ${m0.rssMb.toFixed(1)} MB → ${m1.rssMb.toFixed(1)} MB (peak ${m1.peakMb.toFixed(1)} MB)`, '')
  results['memory'] = { requests: total, rssBeforeMb: m0.rssMb, rssAfterMb: m1.rssMb, peakMb: m1.peakMb }
}

// 5. Pure translation throughput, one core.
{
  const rows = [['from (upstream)', 'to (client)', 'events/s']]
  for (const r of measureThroughput()) rows.push([r.from, r.to, Math.round(r.eventsPerSecond).toLocaleString('en-US')])
  report.push('Translated SSE events per second, one core (parse + decode + encode + serialize):', table(rows), '')
  results['throughput'] = measureThroughput(2000, 200)
}

await gateway.stop()
await fakes.stop()
process.stdout.write(report.join('\n') + '\n')
mkdirSync(join(ROOT, '.bench'), { recursive: true })
writeFileSync(join(ROOT, '.bench', 'results.json'), JSON.stringify(results, null, 2))
process.stdout.write('(raw figures in .bench/results.json)\n')
process.exit(0)
