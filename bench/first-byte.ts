// `node dist-bench/bench/first-byte.js [--n N] [--a <other checkout>]`: only the first-byte table of `npm run
// bench` (seconds instead of a minute), or with --a another built checkout's gateway (A) beside this one's (B) in
// the same interleaved rounds, so that both see the same machine load. Each sample's stamps go to
// .bench/first-byte.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import {
  FIRST_BYTE_JUDGED,
  firstBytePaths,
  firstByteLines,
  firstByteSamples,
  signedMs,
} from './lib/first-byte.js'
import { startBareProxies } from './lib/bare-proxies.js'
import { startGateway, type BenchGateway, type FakeUrls } from './lib/gateway.js'
import { CLIENTS, paths, series } from './lib/paths.js'
import { firstLine, start } from './lib/processes.js'
import { ms, table } from './lib/stats.js'

const ROOT = resolve(import.meta.dirname, '../..')
const argv = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const n = Number(option('--n') ?? 60)
const other = option('--a')
const loadAtStart = loadavg()[0] ?? NaN

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
const gateways: Record<string, BenchGateway> = other
  ? { A: await startGateway(resolve(other), urls), B: await startGateway(ROOT, urls) }
  : { gateway: await startGateway(ROOT, urls) }
const bareProxies = await startBareProxies(ROOT, urls)
const bare = bareProxies.urls
const p = paths(urls, bare)
for (const up of CLIENTS) {
  await series(50, 4, p.direct(up, 'events-5', true))
  await series(50, 4, p.viaBare(up, 'events-5', true))
  for (const gw of Object.values(gateways))
    for (const c of CLIENTS) await series(100, 4, p.via(gw, c, up, 'events-5', true))
}

const lines: string[] = []
let raw: unknown
if (other) {
  const measured = await firstByteSamples(gateways, p, urls.probe, n)
  const a = firstBytePaths(measured, 'A')
  const b = firstBytePaths(measured, 'B')
  const rows = [
    [
      'client → upstream',
      'direct p50',
      'bare p50',
      'A p50',
      'B p50',
      'B − A',
      'A − direct',
      'B − direct',
    ],
  ]
  a.forEach((ra, i) => {
    const rb = b[i]
    if (!rb) return
    rows.push([
      `${ra.client} → ${ra.upstream}`,
      ms(ra.direct.p50),
      ms(ra.bare.p50),
      ms(ra.gateway.p50),
      ms(rb.gateway.p50),
      signedMs(rb.gateway.p50 - ra.gateway.p50),
      `${signedMs(ra.overDirect)} ${ra.pass ? 'PASS' : 'MISS'}`,
      `${signedMs(rb.overDirect)} ${rb.pass ? 'PASS' : 'MISS'}`,
    ])
  })
  lines.push(
    `First byte after the upstream's, A = ${resolve(other)}, B = ${ROOT}, ${n} streams per path (judged: ${FIRST_BYTE_JUDGED}):`,
    table(rows),
  )
  raw = Object.fromEntries(measured)
} else {
  const measured = await firstByteSamples(gateways, p, urls.probe, n)
  lines.push(...firstByteLines(firstBytePaths(measured), n))
  raw = Object.fromEntries(measured)
}

for (const gw of Object.values(gateways)) await gw.child.stop()
await bareProxies.stop()
await fakes.stop()
lines.push(
  `(load average ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? NaN).toFixed(2)} at the end)`,
)
process.stdout.write(lines.join('\n') + '\n')
mkdirSync(join(ROOT, '.bench'), { recursive: true })
writeFileSync(
  join(ROOT, '.bench', 'first-byte.json'),
  JSON.stringify(raw, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2),
)
process.exit(0)
