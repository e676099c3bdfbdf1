// `node dist-bench/bench/ab.js <other checkout> [client→upstream] [--stream [--events N]] [--rounds R] [--batch B]
// [--b DIR]`: the gateway CPU per request of another built checkout (A, e.g. main) against this one (B, or DIR),
// same fakes, batches taken in turns so that both see the same machine load. On a shared machine a single figure
// moves by ±30 %; the low percentiles of many alternating batches move far less.
import { join, resolve } from 'node:path'
import { startGateway, type Client, type FakeUrls } from './lib/gateway.js'
import { paths, series } from './lib/paths.js'
import { cpuUs, firstLine, start } from './lib/processes.js'
import { percentile } from './lib/stats.js'

const ROOT = resolve(import.meta.dirname, '../..')
const argv = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const other = argv[0]
if (!other || other.startsWith('-'))
  throw new Error('usage: ab.js <other checkout> [pair] [options]')
const pair = argv.find((a) => /^\w+(→|->|:)\w+$/.test(a)) ?? 'chat→chat'
const [client, upstream] = pair.split(/→|->|:/) as [Client, Client]
const stream = argv.includes('--stream')
const bAt = argv.indexOf('--b')
const bRoot = bAt >= 0 && argv[bAt + 1] ? resolve(argv[bAt + 1] ?? '') : ROOT
const rounds = option('--rounds', 40)
const batch = option('--batch', stream ? 30 : 200)
const concurrency = option('--concurrency', 1)
/** Events per streamed answer: a long stream (--events 1000) weighs the cost per event over the cost per request. */
const events = option('--events', 100)
const model = stream ? `events-${events}` : 'events-3'

const fakes = start([join(ROOT, 'dist-bench/bench/run-fakes.js')])
const urls = JSON.parse(await firstLine(fakes)) as FakeUrls
const sides = [
  {
    name: `A ${resolve(other)}`,
    gw: await startGateway(resolve(other), urls),
    cpu: [] as number[],
  },
  { name: `B ${bRoot}`, gw: await startGateway(bRoot, urls), cpu: [] as number[] },
]
const none = { chat: '', responses: '', anthropic: '' }
for (const side of sides) {
  const run = paths(urls, none).via(side.gw, client, upstream, model, stream)
  // JIT and GC settle over the first few thousand requests: the first batches cost twice the later ones.
  await series(option('--warmup', stream ? 500 : 3000), concurrency, run)
}
for (let r = 0; r < rounds; r++) {
  for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
    const run = paths(urls, none).via(side.gw, client, upstream, model, stream)
    const before = cpuUs(side.gw.pid)
    await series(batch, concurrency, run)
    side.cpu.push((cpuUs(side.gw.pid) - before) / batch)
  }
}
for (const side of sides) await side.gw.child.stop()
await fakes.stop()
const unit = stream ? `request (${events} events)` : 'request'
const lines = [
  `${client} → ${upstream}, ${stream ? 'streaming' : 'non-streaming'}: gateway CPU per ${unit}, ${rounds} alternating batches of ${batch}`,
]
for (const side of sides) {
  const min = Math.min(...side.cpu)
  const [p10, q1, med] = [10, 25, 50].map((p) => percentile(side.cpu, p).toFixed(0))
  lines.push(
    `${side.name}\n  min ${min.toFixed(0)} µs  p10 ${p10} µs  p25 ${q1} µs  median ${med} µs`,
  )
}
for (const p of [10, 25, 50]) {
  const [a, b] = sides.map((s) => percentile(s.cpu, p))
  if (a !== undefined && b !== undefined)
    lines.push(
      `B − A (p${p}): ${(b - a).toFixed(0)} µs (${((100 * (b - a)) / a).toFixed(1)} %)` +
        (stream
          ? `; per event A ${(a / events).toFixed(2)} µs, B ${(b / events).toFixed(2)} µs`
          : ''),
    )
}
process.stdout.write(lines.join('\n') + '\n')
process.exit(0)
