// `node dist-bench/bench/profile.js [client→upstream] [--stream [--events E]] [--n N] [--concurrency C] [--top K]`: one path
// under load with the gateway under V8's sampling profiler; prints the gateway CPU per request and where it went
// (self time by area and function, top-down time per gateway function), from the samples of the measured
// window only (start-up and warm-up left out). The raw .cpuprofile stays in .bench/profiles for DevTools.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startGateway, type Client, type FakeUrls } from './lib/gateway.js'
import { paths, series } from './lib/paths.js'
import { cpuMs, firstLine, start } from './lib/processes.js'
import { summarizeProfile } from './lib/profile-summary.js'
import { timeSections } from './lib/time-sections.js'

const ROOT = resolve(import.meta.dirname, '../..')
const argv = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const pair = argv.find((a) => /^\w+(→|->|:)\w+$/.test(a)) ?? 'chat→chat'
const [client, upstream] = pair.split(/→|->|:/) as [Client, Client]
const stream = argv.includes('--stream')
const n = option('--n', 4000)
const concurrency = option('--concurrency', 1)
const top = option('--top', 40)
/** Events per streamed answer: a long stream (--events 1000) weighs the cost per event over the cost per request. */
const events = option('--events', 100)
const model = stream ? `events-${events}` : 'events-3'

const dir = join(ROOT, '.bench', 'profiles')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
process.env['SWITCHBOARD_BENCH_PROFILE'] = dir

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
// The floor: the same requests through the bare node:http proxy, its CPU per request measured the same way.
const bareProxy = start([
  join(ROOT, 'dist-bench/bench/bare-proxy.js'),
  new URL(urls[upstream]).origin,
])
const bareUrl = await firstLine(bareProxy)
const gw = await startGateway(ROOT, urls)
const routes = paths(urls, { chat: bareUrl, responses: bareUrl, anthropic: bareUrl })
const bare = routes.viaBare(upstream, model, stream)
const run = routes.via(gw, client, upstream, model, stream)
const warm = Math.min(1000, n / 4)
await series(warm, concurrency, bare)
const bareCpu0 = cpuMs(bareProxy.proc.pid ?? 0)
await series(n, concurrency, bare)
const bareCpuUs = ((cpuMs(bareProxy.proc.pid ?? 0) - bareCpu0) * 1000) / n
await bareProxy.stop()
await series(warm, concurrency, run)

const cpu0 = cpuMs(gw.pid)
const from = Number(process.hrtime.bigint() / 1000n)
await series(n, concurrency, run)
const to = Number(process.hrtime.bigint() / 1000n)
const cpuUs = ((cpuMs(gw.pid) - cpu0) * 1000) / n
await gw.child.stop()
await fakes.stop()

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
if (!file) throw new Error(`no profile written to ${dir}`)
const s = summarizeProfile(join(dir, file), from, to)
const per = (us: number): string => `${(us / n).toFixed(1).padStart(7)} µs`
const pct = (us: number): string => `${((100 * us) / s.totalUs).toFixed(1).padStart(5)}%`
const lines = (rows: [string, number][], k: number): string[] =>
  rows.slice(0, k).map(([name, us]) => `${per(us)} ${pct(us)}  ${name}`)
process.stdout.write(
  [
    `${client} → ${upstream}, ${stream ? `streaming (${events} events)` : 'non-streaming'}, ${n} requests, ${concurrency} at a time`,
    `gateway CPU/request (from /proc): ${cpuUs.toFixed(0)} µs; sampled in the window: ${per(s.totalUs).trim()} per request` +
      (stream ? `; ${(cpuUs / events).toFixed(1)} µs per event` : ''),
    `bare node:http proxy CPU/request (from /proc), same requests to the upstream: ${bareCpuUs.toFixed(0)} µs`,
    '',
    ...timeSections(s, lines, top),
    `(profile: ${join(dir, file)})`,
  ].join('\n') + '\n',
)
process.exit(0)
