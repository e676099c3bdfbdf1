// Issue 16's first-byte figure on every client → upstream path: how long after the upstream wrote its first event
// the client got its first body byte, both moments read from one clock (process.hrtime is CLOCK_MONOTONIC, which
// the bench and the fake upstreams share on Linux), beside the same figure calling the upstream directly and
// through the bare proxy (the floor of any Node hop).
//
// The reference is the upstream's first event, not its headers: the fakes flush their headers the moment the
// request arrives, before the model "thinks" (`lead-N`), so headers say nothing about the answer and no client
// shows anything for them; what a gateway can be late with is passing on the stream once its first event is there.
import http from 'node:http'
import type { BenchGateway, Client } from './gateway.js'
import { CLIENTS, type Paths, type Run } from './paths.js'
import { agent } from './timed-request.js'
import { ms, percentile, table } from './stats.js'

/** Headers at once, the first event 3 ms later, then 2 ms apart: each moment stands apart from the next. */
const PACED = 'lead-3-slow-2-events-1'
/** The limit on the gateway's own figure, at p50. */
export const FIRST_BYTE_LIMIT_MS = 0.5

type Kind = 'direct' | 'bare' | 'gateway'
export interface Spread {
  p50: number
  p90: number
}
export interface FirstBytePath {
  client: Client
  upstream: Client
  direct: Spread
  bare: Spread
  gateway: Spread
  pass: boolean
}

let serial = 0

/** `n` requests one at a time, each with its own model name so that the fake's stamp can be found. */
async function sampled(make: (model: string) => Run, n: number): Promise<[string, bigint][]> {
  const out: [string, bigint][] = []
  for (let i = 0; i < n; i++) {
    const model = `${PACED}-fb-${serial++}`
    const t = await make(model)()
    if (t.status !== 200) throw new Error(`HTTP ${t.status}`)
    out.push([model, t.firstByteAt])
  }
  return out
}

/** Milliseconds from each upstream's first-event stamp to the client's first byte. */
async function delays(probe: string, samples: [string, bigint][]): Promise<number[]> {
  const stamps = JSON.parse(
    await post(`${probe}/first-frames`, JSON.stringify(samples.map(([model]) => model))),
  ) as (string | null)[]
  return samples.map(([model, at], i) => {
    const stamp = stamps[i]
    if (stamp === undefined || stamp === null) throw new Error(`no first-event stamp for ${model}`)
    return Number(at - BigInt(stamp)) / 1e6
  })
}

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve(text))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const spread = (values: number[]): Spread => ({
  p50: percentile(values, 50),
  p90: percentile(values, 90),
})

const key = (kind: Kind, client: Client, up: Client): string => `${kind} ${client} ${up}`

/**
 * Samples all 9 paths and the 3 direct and bare-proxy ones, `n` each, in `blocks` interleaved rounds so that load
 * on a shared machine falls on all of them alike: milliseconds per `kind client upstream`.
 */
export async function firstByteSamples(
  gw: BenchGateway,
  p: Paths,
  probe: string,
  n: number,
  blocks = 5,
): Promise<Map<string, number[]>> {
  const runs = new Map<string, (model: string) => Run>()
  for (const up of CLIENTS) {
    runs.set(key('direct', up, up), (m) => p.direct(up, m, true))
    runs.set(key('bare', up, up), (m) => p.viaBare(up, m, true))
    for (const c of CLIENTS) runs.set(key('gateway', c, up), (m) => p.via(gw, c, up, m, true))
  }
  const measured = new Map<string, number[]>()
  for (let b = 0; b < blocks; b++)
    for (const [k, make] of runs) {
      const got = await delays(probe, await sampled(make, Math.ceil(n / blocks)))
      measured.set(k, [...(measured.get(k) ?? []), ...got])
    }
  return measured
}

/** The table under the targets: p50 and p90 per path, the verdict on the gateway's own p50. */
export async function firstByteTable(
  gw: BenchGateway,
  p: Paths,
  probe: string,
  n: number,
): Promise<{ lines: string[]; paths: FirstBytePath[]; pass: boolean }> {
  const measured = await firstByteSamples(gw, p, probe, n)
  const of = (kind: Kind, client: Client, up: Client): Spread =>
    spread(measured.get(key(kind, client, up)) ?? [])
  const paths: FirstBytePath[] = []
  for (const up of CLIENTS)
    for (const client of CLIENTS) {
      const gateway = of('gateway', client, up)
      paths.push({
        client,
        upstream: up,
        direct: of('direct', up, up),
        bare: of('bare', up, up),
        gateway,
        pass: gateway.p50 <= FIRST_BYTE_LIMIT_MS,
      })
    }
  const pass = paths.every((row) => row.pass)
  const both = (s: Spread): string => `${ms(s.p50)} / ${ms(s.p90)}`
  const rows = [
    [
      'client → upstream',
      'direct p50 / p90',
      'bare proxy p50 / p90',
      'Switchboard p50 / p90',
      'Switchboard over bare, p50',
      `target (p50 ≤ ${FIRST_BYTE_LIMIT_MS.toFixed(2)} ms)`,
    ],
    ...paths.map((row) => [
      `${row.client} → ${row.upstream}`,
      both(row.direct),
      both(row.bare),
      both(row.gateway),
      `${row.gateway.p50 >= row.bare.p50 ? '+' : '−'}${ms(Math.abs(row.gateway.p50 - row.bare.p50))}`,
      row.pass ? 'PASS' : 'MISS',
    ]),
  ]
  return {
    paths,
    pass,
    lines: [
      `First byte after the upstream's: from the upstream writing its first event to the client's first body byte, one clock (${n} streams per path; headers at once, first event 3 ms later, then 2 ms apart; direct and bare proxy speak the upstream's own dialect):`,
      table(rows),
      `Every path within ${FIRST_BYTE_LIMIT_MS.toFixed(2)} ms of the upstream's first byte: ${pass ? 'PASS' : 'MISS'}`,
      '',
    ],
  }
}
