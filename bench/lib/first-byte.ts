// Issue 16's first-byte figure on every client → upstream path: how long after the upstream wrote its first event
// the client got its first body byte, both moments read from one clock (process.hrtime is CLOCK_MONOTONIC, which
// the bench and the fake upstreams share on Linux), beside the same figure calling the upstream directly and
// through the bare proxy (the floor of any Node hop).
//
// The reference is the upstream's first event, not its headers: the fakes flush their headers the moment the
// request arrives, before the model "thinks" (`lead-N`), so headers say nothing about the answer and no client
// shows anything for them; what a gateway can be late with is passing on the stream once its first event is there.
//
// The target reads "the upstream's first byte" as a client calling the upstream directly sees it (its
// own table put each path's paced first byte beside direct's), so the verdict is the gateway's p50 over direct's
// p50 on the same upstream, in the same run: what the gateway hop adds, loopback and the client's read excluded.
import http from 'node:http'
import type { BenchGateway, Client } from './gateway.js'
import { CLIENTS, type Paths, type Run } from './paths.js'
import { agent } from './timed-request.js'
import { ms, percentile, table } from './stats.js'

/** Headers at once, the first event 3 ms later, then 2 ms apart: each moment stands apart from the next. */
const PACED = 'lead-3-slow-2-events-1'
/** The limit on what the gateway adds to a direct client's first byte, at p50. */
export const FIRST_BYTE_LIMIT_MS = 0.5
/** The verdict in words, the same in this table and in the targets table. */
export const FIRST_BYTE_JUDGED = `Switchboard p50 − direct p50 ≤ ${FIRST_BYTE_LIMIT_MS.toFixed(2)} ms on each of the 9 paths`

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
  /** Gateway p50 − direct p50 (the judged figure) and gateway p50 − bare p50, in ms. */
  overDirect: number
  overBare: number
  pass: boolean
}

/** One timed stream: the fake's stamp of its first event and the client's first body byte, ns on one clock. */
export interface FirstByteSample {
  model: string
  upstreamAt: bigint
  clientAt: bigint
  ms: number
}

let serial = 0

/** Milliseconds from each upstream's first-event stamp to the client's first byte. */
async function stamped(probe: string, samples: [string, bigint][]): Promise<FirstByteSample[]> {
  const stamps = JSON.parse(
    await post(`${probe}/first-frames`, JSON.stringify(samples.map(([model]) => model))),
  ) as (string | null)[]
  return samples.map(([model, clientAt], i) => {
    const stamp = stamps[i]
    if (stamp === undefined || stamp === null) throw new Error(`no first-event stamp for ${model}`)
    const upstreamAt = BigInt(stamp)
    return { model, upstreamAt, clientAt, ms: Number(clientAt - upstreamAt) / 1e6 }
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

/** `direct up up`, `bare up up`, or `<gateway name> client up`. */
export const sampleKey = (kind: string, client: Client, up: Client): string =>
  `${kind} ${client} ${up}`

/** A copy of `list` in random order (Fisher–Yates). */
function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    const a = out[i]
    const b = out[j]
    if (a === undefined || b === undefined) continue
    out[i] = b
    out[j] = a
  }
  return out
}

/**
 * `n` streams on every path: the 3 direct and 3 bare-proxy ones and the 9 through each named gateway. They are
 * taken one request per path per round, each round in a new random order, so machine load, a neighbour's
 * burst, the position after the probe's own request or after another path's request falls on every path alike.
 */
export async function firstByteSamples(
  gateways: Record<string, BenchGateway>,
  p: Paths,
  probe: string,
  n: number,
): Promise<Map<string, FirstByteSample[]>> {
  const runs: [string, (model: string) => Run][] = []
  for (const up of CLIENTS) {
    runs.push([sampleKey('direct', up, up), (m) => p.direct(up, m, true)])
    runs.push([sampleKey('bare', up, up), (m) => p.viaBare(up, m, true)])
    for (const [name, gw] of Object.entries(gateways))
      for (const c of CLIENTS) runs.push([sampleKey(name, c, up), (m) => p.via(gw, c, up, m, true)])
  }
  const measured = new Map<string, FirstByteSample[]>(runs.map(([k]) => [k, []]))
  for (let round = 0; round < n; round++) {
    const taken: [string, string, bigint][] = []
    for (const [k, make] of shuffled(runs)) {
      const model = `${PACED}-fb-${serial++}`
      const t = await make(model)()
      if (t.status !== 200) throw new Error(`HTTP ${t.status} on ${k}`)
      taken.push([k, model, t.firstByteAt])
    }
    const got = await stamped(
      probe,
      taken.map(([, model, at]) => [model, at]),
    )
    got.forEach((sample, i) => measured.get(taken[i]?.[0] ?? '')?.push(sample))
  }
  return measured
}

/** Per path: direct, bare and gateway spreads, the gateway's p50 over direct's and over bare's, the verdict. */
export function firstBytePaths(
  measured: Map<string, FirstByteSample[]>,
  gateway = 'gateway',
): FirstBytePath[] {
  const of = (kind: string, client: Client, up: Client): Spread =>
    spread((measured.get(sampleKey(kind, client, up)) ?? []).map((s) => s.ms))
  const paths: FirstBytePath[] = []
  for (const up of CLIENTS)
    for (const client of CLIENTS) {
      const direct = of('direct', up, up)
      const bare = of('bare', up, up)
      const gw = of(gateway, client, up)
      const overDirect = gw.p50 - direct.p50
      paths.push({
        client,
        upstream: up,
        direct,
        bare,
        gateway: gw,
        overDirect,
        overBare: gw.p50 - bare.p50,
        pass: overDirect <= FIRST_BYTE_LIMIT_MS,
      })
    }
  return paths
}

export const signedMs = (v: number): string => `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`

/** The table under the targets: p50 and p90 per path, the verdict on the gateway's p50 over direct's. */
export async function firstByteTable(
  gw: BenchGateway,
  p: Paths,
  probe: string,
  n: number,
): Promise<{ lines: string[]; paths: FirstBytePath[]; pass: boolean }> {
  const paths = firstBytePaths(await firstByteSamples({ gateway: gw }, p, probe, n))
  return { paths, pass: paths.every((row) => row.pass), lines: firstByteLines(paths, n) }
}

export function firstByteLines(paths: FirstBytePath[], n: number): string[] {
  const pass = paths.every((row) => row.pass)
  const both = (s: Spread): string => `${ms(s.p50)} / ${ms(s.p90)}`
  const rows = [
    [
      'client → upstream',
      'direct p50 / p90',
      'bare proxy p50 / p90',
      'Switchboard p50 / p90',
      'Switchboard − bare, p50',
      `Switchboard − direct, p50 (≤ +${FIRST_BYTE_LIMIT_MS.toFixed(2)} ms)`,
    ],
    ...paths.map((row) => [
      `${row.client} → ${row.upstream}`,
      both(row.direct),
      both(row.bare),
      both(row.gateway),
      signedMs(row.overBare),
      `${signedMs(row.overDirect)} ${row.pass ? 'PASS' : 'MISS'}`,
    ]),
  ]
  return [
    `First byte after the upstream's: from the upstream writing its first event to the client's first body byte, one clock (${n} streams per path, one per path in each round, each round in a new random order; headers at once, first event 3 ms later, then 2 ms apart; direct and bare proxy speak the upstream's own dialect, and "direct" is the upstream's first byte as its own client gets it):`,
    table(rows),
    `First byte within ${FIRST_BYTE_LIMIT_MS.toFixed(2)} ms of a direct client's, judged as ${FIRST_BYTE_JUDGED}: ${pass ? 'PASS' : 'MISS'}`,
    '',
  ]
}
