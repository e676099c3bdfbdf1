// `node dist-bench/bench/stream-load.js [client→upstream ...] [--streams N] [--concurrency C] [--events E]
// [--profile DIR] [--wait-ms MS]`: streamed events only, for profiling the cost per event — prints the gateway's CPU per event
// for each path; with --profile the gateway writes a V8 CPU profile there when it stops.
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startGateway } from './lib/gateway.js'
import { CLIENTS, cpuPer, paths, series } from './lib/paths.js'
import { firstLine, start } from './lib/processes.js'
import type { Client, FakeUrls } from './lib/gateway.js'

const ROOT = resolve(import.meta.dirname, '../..')
const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? (args.splice(at, 2)[1] ?? fallback) : fallback
}
const streams = Number(option('streams', '600'))
const concurrency = Number(option('concurrency', '20'))
const events = Number(option('events', '100'))
const profileDir = option('profile', '')
/** A pause after the warm-up, to attach a tracer (strace -c -p PID) to the gateway. */
const waitMs = Number(option('wait-ms', '0'))
const pairs: [Client, Client][] = (args.length > 0 ? args : ['anthropic→chat']).map((p) => {
  const [c, u] = p.split(/→|->/) as [Client, Client]
  if (!CLIENTS.includes(c) || !CLIENTS.includes(u)) throw new Error(`unknown path ${p}`)
  return [c, u]
})

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
if (profileDir) process.env['SWITCHBOARD_BENCH_PROFILE'] = resolve(profileDir)
const gw = await startGateway(ROOT, urls)
const { via } = paths(urls, urls)
const model = `events-${events}`
for (const [c, u] of pairs) await series(100, 4, via(gw, c, u, model, true))
if (waitMs > 0) {
  process.stdout.write(`gateway pid ${gw.pid}\n`)
  await sleep(waitMs)
}
for (const [c, u] of pairs) {
  const { cpuUs } = await cpuPer(gw, streams * events, () =>
    series(streams, concurrency, via(gw, c, u, model, true)),
  )
  process.stdout.write(
    `${c} → ${u}: ${streams} streams of ${events} events, ${concurrency} at a time: gateway CPU ${cpuUs.toFixed(1)} µs/event (${Math.round(1e6 / cpuUs).toLocaleString('en-US')} events/s/core)\n`,
  )
}
await gw.child.stop()
await fakes.stop()
process.exit(0)
