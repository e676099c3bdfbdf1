// `npm run bench:perf [client:upstream] [--paced] [--n N] [--concurrency C] [--top K]`: one path under load with
// real CPU samples of the gateway from Linux `perf record` (the gateway runs with --perf-basic-prof-only-functions
// so JIT frames have names). Unlike V8's --cpu-prof (bench:profile), which samples wall time and charges a thread
// waiting in writev as if it ran, perf counts only CPU actually used: kernel, GC threads and JIT code alike.
// --paced runs the first-byte bench's paced stream one at a time: what the gateway does per upstream read.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startGateway, type Client, type FakeUrls } from './lib/gateway.js'
import { paths, series } from './lib/paths.js'
import { summarizePerf } from './lib/perf-summary.js'
import { cpuUs, firstLine, start } from './lib/processes.js'
import { timeSections } from './lib/time-sections.js'

const ROOT = resolve(import.meta.dirname, '../..')
const argv = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const pair = argv.find((a) => /^\w+(→|->|:)\w+$/.test(a)) ?? 'anthropic:chat'
const [client, upstream] = pair.split(/→|->|:/) as [Client, Client]
const paced = argv.includes('--paced')
const n = option('--n', paced ? 300 : 2000)
const concurrency = option('--concurrency', paced ? 1 : 20)
const top = option('--top', 30)
const model = paced ? 'lead-3-slow-2-events-1' : 'events-100'

const version = spawnSync('perf', ['--version'], { encoding: 'utf8' })
if (version.error || version.status !== 0) {
  process.stdout.write(
    'bench:perf skipped: Linux `perf` is not installed here (Debian/Ubuntu: apt-get install linux-perf or linux-tools-generic).\n',
  )
  process.exit(0)
}

const dir = join(ROOT, '.bench', 'perf')
mkdirSync(dir, { recursive: true })
const data = join(dir, 'perf.data')
const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
process.env['SWITCHBOARD_BENCH_NODE_FLAGS'] = [
  process.env['SWITCHBOARD_BENCH_NODE_FLAGS'] ?? '',
  '--perf-basic-prof-only-functions',
].join(' ')
const gw = await startGateway(ROOT, urls)
const run = paths(urls, { chat: '', responses: '', anthropic: '' }).via(
  gw,
  client,
  upstream,
  model,
  true,
)
await series(Math.min(1000, n), concurrency, run)

const recorder = spawn('perf', ['record', '-F', '2000', '-g', '-o', data, '-p', String(gw.pid)], {
  stdio: ['ignore', 'ignore', 'pipe'],
})
let recorderErr = ''
recorder.stderr.on('data', (chunk: Buffer) => (recorderErr += chunk.toString()))
await sleep(500)
const cpu0 = cpuUs(gw.pid)
const t0 = process.hrtime.bigint()
await series(n, concurrency, run)
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6
const cpuPerRequest = (cpuUs(gw.pid) - cpu0) / n
recorder.kill('SIGINT')
await once(recorder, 'close')
const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,tid,ip,sym,dso'], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
})
await gw.child.stop()
await fakes.stop()
rmSync(`/tmp/perf-${gw.pid}.map`, { force: true })
if (script.status !== 0 || script.stdout === '') {
  process.stdout.write(
    `bench:perf skipped: perf could not record the gateway (is kernel.perf_event_paranoid too strict?)\n${recorderErr}${script.stderr}\n`,
  )
  process.exit(0)
}

const s = summarizePerf(script.stdout, gw.pid)
const pct = (count: number): string => `${((100 * count) / s.samples).toFixed(1).padStart(5)}%`
const lines = (rows: [string, number][], k: number): string[] =>
  rows.slice(0, k).map(([name, count]) => `${pct(count)}  ${name}`)
process.stdout.write(
  [
    `${client} → ${upstream}, ${paced ? `paced stream (${model})` : '100-event streams'}, ${n} requests, ${concurrency} at a time, ${(wallMs / 1000).toFixed(1)} s`,
    `gateway CPU (scheduler counters): ${cpuPerRequest.toFixed(0)} µs per request; ${s.samples} perf samples at 2 kHz`,
    '',
    'Self time by thread:',
    ...lines(s.selfByThread, 8),
    '',
    ...timeSections(s, lines, top),
    `(perf data: ${data}; perf report -i ${data} --children --sort sym)`,
  ].join('\n') + '\n',
)
process.exit(0)
