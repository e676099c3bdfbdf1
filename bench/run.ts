// `npm run bench`: the gateway against the fake upstreams on loopback — first the issue-16 targets table, then
// added latency and TTFB versus calling the upstream directly and through a bare Node proxy (same run, as
// ratios), the gateway's CPU per request and per event, translated events/s per core, and memory.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { measureThroughput } from './lib/throughput.js'
import { startBareProxies } from './lib/bare-proxies.js'
import { startGateway, type BenchGateway, type FakeUrls } from './lib/gateway.js'
import { CLIENTS, cpuPer, paths, series } from './lib/paths.js'
import { firstLine, maxRssDuring, memory, start } from './lib/processes.js'
import { ms, percentile, ratio, table } from './lib/stats.js'
import { firstByteTable } from './lib/first-byte.js'
import { targetsTable } from './lib/targets-table.js'
import { eventsPerCoreByAge, perCore } from './lib/warm-up.js'
import type { Timing } from './lib/timed-request.js'

const ROOT = resolve(import.meta.dirname, '../..')
const quick = process.argv.includes('--quick')
const N = quick ? 100 : 200
const began = Date.now()
const loadAtStart = loadavg()[0] ?? NaN

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
const gw = await startGateway(ROOT, urls)
const bareProxies = await startBareProxies(ROOT, urls)
const bare = bareProxies.urls
const { direct, viaBare, via } = paths(urls, bare)

const results: Record<string, unknown> = {}
const report: string[] = []

// Warm up JIT and keep-alive pools on every path.
for (const up of CLIENTS) {
  await series(50, 4, direct(up, 'events-5', true))
  await series(50, 4, viaBare(up, 'events-5', true))
  for (const c of CLIENTS) {
    await series(50, 4, via(gw, c, up, 'events-5', true))
    await series(100, 4, via(gw, c, up, 'events-3', false))
  }
}

// 0. The issue-16 targets, each figure beside its target; then the first byte on every path.
{
  const p = { direct, viaBare, via }
  const firstByte = await firstByteTable(gw, p, urls.probe, quick ? 20 : 60)
  const { lines, figures } = await targetsTable(gw, p, N, firstByte)
  report.push(...lines, ...firstByte.lines)
  results['targets'] = figures
  results['firstByte'] = firstByte.paths
}

// 1. Small non-streaming request: added latency, and what the gateway spent on it.
{
  const rows = [
    [
      'path',
      'direct p50',
      'bare proxy p50',
      'via p50',
      'added p50',
      'bare added p50',
      'added p99',
      'p50 ratio',
      'gateway CPU/request',
    ],
  ]
  for (const up of CLIENTS) {
    const d = (await series(N, 1, direct(up, 'events-3', false))).map((t) => t.totalMs)
    const b = (await series(N, 1, viaBare(up, 'events-3', false))).map((t) => t.totalMs)
    const [d50, d99, b50] = [percentile(d, 50), percentile(d, 99), percentile(b, 50)]
    for (const c of CLIENTS) {
      const { result, cpuUs } = await cpuPer(gw, N, () =>
        series(N, 1, via(gw, c, up, 'events-3', false)),
      )
      const v = result.map((t) => t.totalMs)
      const [v50, v99] = [percentile(v, 50), percentile(v, 99)]
      rows.push([
        `${c} → ${up}`,
        ms(d50),
        ms(b50),
        ms(v50),
        ms(v50 - d50),
        ms(b50 - d50),
        ms(v99 - d99),
        ratio(v50, d50),
        `${cpuUs.toFixed(0)} µs`,
      ])
      results[`nonstream ${c}->${up}`] = {
        directP50: d50,
        bareProxyP50: b50,
        viaP50: v50,
        addedP50: v50 - d50,
        directP99: d99,
        viaP99: v99,
        addedP99: v99 - d99,
        gatewayCpuUsPerRequest: cpuUs,
      }
    }
  }
  report.push(
    'Non-streaming small request, 1 client, total time (added = via − direct; bare proxy = 20 lines of node:http piping bytes):',
    table(rows),
    '',
  )
}

// 2. Streaming, 100 events sent by the upstream in one burst: time to first byte and total.
{
  const rows = [
    [
      'path',
      'TTFB direct p50',
      'TTFB via p50',
      'TTFB ratio',
      'total direct p50',
      'total bare proxy p50',
      'total via p50',
      'added p50',
      'bare ratio',
      'total ratio',
      'total via p99',
      'gateway CPU/event',
    ],
  ]
  for (const up of CLIENTS) {
    const d = await series(N, 1, direct(up, 'events-100', true))
    const b = await series(N, 1, viaBare(up, 'events-100', true))
    const dT = percentile(
      d.map((t) => t.ttfbMs),
      50,
    )
    const dTot = percentile(
      d.map((t) => t.totalMs),
      50,
    )
    const bTot = percentile(
      b.map((t) => t.totalMs),
      50,
    )
    for (const c of CLIENTS) {
      const { result: v, cpuUs } = await cpuPer(gw, N * 100, () =>
        series(N, 1, via(gw, c, up, 'events-100', true)),
      )
      const vT = percentile(
        v.map((t) => t.ttfbMs),
        50,
      )
      const vTot = percentile(
        v.map((t) => t.totalMs),
        50,
      )
      rows.push([
        `${c} → ${up}`,
        ms(dT),
        ms(vT),
        ratio(vT, dT),
        ms(dTot),
        ms(bTot),
        ms(vTot),
        ms(vTot - dTot),
        ratio(bTot, dTot),
        ratio(vTot, dTot),
        ms(
          percentile(
            v.map((t) => t.totalMs),
            99,
          ),
        ),
        `${cpuUs.toFixed(1)} µs`,
      ])
      results[`stream ${c}->${up}`] = {
        ttfbDirectP50: dT,
        ttfbViaP50: vT,
        totalDirectP50: dTot,
        totalBareProxyP50: bTot,
        totalViaP50: vTot,
        totalRatio: vTot / dTot,
        gatewayCpuUsPerEvent: cpuUs,
      }
    }
  }
  report.push('Streaming, 100 events sent in one burst, 1 client:', table(rows), '')
}

// 3. 100 concurrent streams, paced so that all are open at once: totals, CPU per event, RSS while open.
const concurrent = async (g: BenchGateway, rounds: number) =>
  maxRssDuring(g.pid, () =>
    cpuPer(g, rounds * 100 * 100, () =>
      series(rounds * 100, 100, via(g, 'anthropic', 'chat', 'slow-10-events-100', true)),
    ),
  )
{
  const rounds = quick ? 1 : 3
  const totals = (list: Timing[]): [number, number] => [
    percentile(
      list.map((t) => t.totalMs),
      50,
    ),
    percentile(
      list.map((t) => t.totalMs),
      99,
    ),
  ]
  const [d50, d99] = totals(
    await series(rounds * 100, 100, direct('chat', 'slow-10-events-100', true)),
  )
  const [b50, b99] = totals(
    await series(rounds * 100, 100, viaBare('chat', 'slow-10-events-100', true)),
  )
  const { result, maxRssMb } = await concurrent(gw, rounds)
  const [v50, v99] = totals(result.result)
  report.push(
    '100 concurrent streams (100 events, 10 ms apart), anthropic client → chat upstream:',
    table([
      ['', 'direct', 'bare proxy', 'via gateway', 'bare ratio', 'gateway ratio'],
      ['total p50', ms(d50), ms(b50), ms(v50), ratio(b50, d50), ratio(v50, d50)],
      ['total p99', ms(d99), ms(b99), ms(v99), ratio(b99, d99), ratio(v99, d99)],
    ]),
    `gateway CPU ${result.cpuUs.toFixed(1)} µs per event; RSS with the 100 streams open: ${maxRssMb.toFixed(1)} MB at most`,
    '',
  )
  results['concurrent100'] = {
    directP50: d50,
    bareP50: b50,
    viaP50: v50,
    ratioP50: v50 / d50,
    directP99: d99,
    bareP99: b99,
    viaP99: v99,
    ratioP99: v99 / d99,
    gatewayCpuUsPerEvent: result.cpuUs,
    maxRssMbWhileOpen: maxRssMb,
  }
}

// 4. The heap settings (bridge/heap-tuning.ts) against V8's defaults: fresh gateways, same load.
{
  const rows = [
    [
      'heap settings',
      'RSS idle',
      'RSS after 1,000 streams',
      'RSS with 100 open streams (max)',
      'gateway CPU/event',
    ],
  ]
  const figures: Record<string, unknown> = {}
  for (const [name, env] of [
    ['Switchboard', {}],
    ['V8 defaults', { SWITCHBOARD_V8_DEFAULTS: '1' }],
  ] as const) {
    const g = await startGateway(ROOT, urls, env)
    const idle = memory(g.pid).rssMb
    await series(quick ? 300 : 1000, 20, via(g, 'anthropic', 'chat', 'events-10', true))
    const warm = memory(g.pid).rssMb
    const { result, maxRssMb } = await concurrent(g, quick ? 1 : 3)
    rows.push([
      name,
      `${idle.toFixed(1)} MB`,
      `${warm.toFixed(1)} MB`,
      `${maxRssMb.toFixed(1)} MB`,
      `${result.cpuUs.toFixed(1)} µs`,
    ])
    figures[name] = {
      idleMb: idle,
      warmMb: warm,
      maxRssMbWhileOpen: maxRssMb,
      gatewayCpuUsPerEvent: result.cpuUs,
    }
    await g.child.stop()
  }
  report.push(
    'Gateway memory with 100 open streams, fresh process each (anthropic client → chat upstream):',
    table(rows),
    '',
  )
  results['heapSettings'] = figures
}

// 5. Memory across 10,000 requests.
{
  const m0 = memory(gw.pid)
  const total = quick ? 2000 : 10000
  for (let i = 0; i < total; i += 1000)
    await series(
      1000,
      20,
      via(gw, i % 2000 === 0 ? 'responses' : 'anthropic', 'chat', 'events-10', true),
    )
  await sleep(500)
  const m1 = memory(gw.pid)
  report.push(
    `RSS after ${total} more requests: ${m0.rssMb.toFixed(1)} MB → ${m1.rssMb.toFixed(1)} MB (peak over the whole run ${m1.peakMb.toFixed(1)} MB)`,
    '',
  )
  results['memory'] = {
    requests: total,
    rssBeforeMb: m0.rssMb,
    rssAfterMb: m1.rssMb,
    peakMb: m1.peakMb,
  }
}

// 6. Events per second per core by the gateway's age: a fresh process's first requests on the issue-16 load, then
// the same load on the gateway that has served everything above (over 12,000 requests).
{
  const blocks = quick ? 4 : 12
  const perBlock = quick ? 100 : 250
  const fresh = await startGateway(ROOT, urls)
  const curve = await eventsPerCoreByAge(
    fresh,
    via(fresh, 'anthropic', 'chat', 'events-100', true),
    blocks,
    perBlock,
    20,
    100,
  )
  await fresh.child.stop()
  const old = await eventsPerCoreByAge(
    gw,
    via(gw, 'anthropic', 'chat', 'events-100', true),
    3,
    perBlock,
    20,
    100,
  )
  const oldMedian = percentile(
    old.map((b) => b.eventsPerSecondPerCore),
    50,
  )
  report.push(
    `Translated events per second per core at 20 concurrent (Anthropic ← chat, 100 events) by the gateway's age, blocks of ${perBlock} requests:`,
    `fresh process: ${curve.map((b) => `${b.servedBefore}+ ${perCore(b.eventsPerSecondPerCore)}`).join(', ')}`,
    `the long-running gateway of this run (median of 3 blocks): ${perCore(oldMedian)}`,
    '',
  )
  results['eventsPerCoreByAge'] = { fresh: curve, longRunning: old }
}

// 7. Pure translation throughput, one core.
{
  const rows = [['from (upstream)', 'to (client)', 'events/s']]
  const measured = measureThroughput()
  for (const r of measured)
    rows.push([r.from, r.to, Math.round(r.eventsPerSecond).toLocaleString('en-US')])
  const translated = Object.entries(results).filter(([k]) => /^stream (\w+)->(?!\1$)/.test(k))
  const perSecond = translated.map(
    ([, v]) => 1e6 / (v as { gatewayCpuUsPerEvent: number }).gatewayCpuUsPerEvent,
  )
  const span =
    perSecond.length > 0
      ? `${Math.round(Math.min(...perSecond)).toLocaleString('en-US')}–${Math.round(Math.max(...perSecond)).toLocaleString('en-US')}`
      : 'n/a'
  report.push(
    'Translated SSE events per second, one core (parse + decode + encode + serialize):',
    table(rows),
    `The whole gateway process (HTTP in and out, request log, GC), from its CPU time in the translated burst runs: ${span} events per second per core.`,
    '',
  )
  results['throughput'] = measured
}

await gw.child.stop()
await bareProxies.stop()
await fakes.stop()
process.stdout.write(report.join('\n') + '\n')
mkdirSync(join(ROOT, '.bench'), { recursive: true })
writeFileSync(join(ROOT, '.bench', 'results.json'), JSON.stringify(results, null, 2))
process.stdout.write(
  `(raw figures in .bench/results.json; ${((Date.now() - began) / 1000).toFixed(0)} s, load average ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? NaN).toFixed(2)} at the end)\n`,
)
process.exit(0)
