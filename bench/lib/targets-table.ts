// The speed targets of issue 16 as one table: direct, bare proxy, Switchboard passthrough (chat → chat) and
// translated (Anthropic → chat), 100-delta streams, each figure beside its target with PASS or MISS. Rows are
// measured in interleaved blocks so that load on a shared machine falls on all of them alike. The first-byte
// target is judged on its own figure (first-byte.ts); the paced TTFB here includes the whole request side.
import { loadavg } from 'node:os'
import type { BenchGateway } from './gateway.js'
import { cpuPer, series, type Paths, type Run } from './paths.js'
import { maxRssDuring } from './processes.js'
import { ms, percentile, table } from './stats.js'
import type { Timing } from './timed-request.js'
import { FIRST_BYTE_JUDGED } from './first-byte.js'

type Row = 'direct' | 'bare' | 'passthrough' | 'translated'
const ROWS: Row[] = ['direct', 'bare', 'passthrough', 'translated']
const LABELS: Record<Row, string> = {
  direct: 'direct',
  bare: 'bare proxy',
  passthrough: 'Switchboard passthrough (chat → chat)',
  translated: 'Switchboard translated (Anthropic → chat)',
}
const FIRST_BYTE_VERDICT = `first byte: ${FIRST_BYTE_JUDGED}`
/** Deltas per stream; the upstream also sends a role chunk, a finish chunk, usage and [DONE]. */
const DELTAS = 100

export interface TargetFigures {
  unpacedP50: Record<Row, number>
  concurrentP50: Record<Row, number>
  firstBytePacedP50: Record<Row, number>
  translatedEventsPerSecondPerCore: number
  rssMbWith100OpenStreams: number
  loadAverage: { start: number; end: number }
  verdicts: Record<string, boolean>
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS')
const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`
const times = (list: Timing[], key: 'totalMs' | 'ttfbMs'): number =>
  percentile(
    list.map((t) => t[key]),
    50,
  )

/** Runs every row's `n` requests in `blocks` rounds, row after row in each round. */
async function interleaved(
  runs: Record<Row, Run>,
  n: number,
  concurrency: number,
  blocks: number,
  around: (row: Row, work: () => Promise<Timing[]>) => Promise<Timing[]> = (_, work) => work(),
): Promise<Record<Row, Timing[]>> {
  const out: Record<Row, Timing[]> = { direct: [], bare: [], passthrough: [], translated: [] }
  const per = Math.ceil(n / blocks)
  for (let b = 0; b < blocks; b++)
    for (const row of ROWS)
      out[row].push(...(await around(row, () => series(per, concurrency, runs[row]))))
  return out
}

export async function targetsTable(
  gw: BenchGateway,
  p: Paths,
  n: number,
  firstByte: { pass: boolean },
): Promise<{ lines: string[]; figures: TargetFigures }> {
  const loadStart = loadavg()[0] ?? NaN
  const runsFor = (model: string): Record<Row, Run> => ({
    direct: p.direct('chat', model, true),
    bare: p.viaBare('chat', model, true),
    passthrough: p.via(gw, 'chat', 'chat', model, true),
    translated: p.via(gw, 'anthropic', 'chat', model, true),
  })
  const unpacedModel = `events-${DELTAS}`
  const unpaced = await interleaved(runsFor(unpacedModel), n, 1, 10)

  // The gateway's CPU is counted over the translated runs at 20 concurrent: the whole process, HTTP both ways,
  // the request log and GC, per upstream delta.
  let translatedCpuUs = 0
  let translatedEvents = 0
  const concurrent = await interleaved(runsFor(unpacedModel), n, 20, 2, async (row, work) => {
    if (row !== 'translated') return work()
    const { result, cpuUs } = await cpuPer(gw, 1, work)
    translatedCpuUs += cpuUs
    translatedEvents += result.length * DELTAS
    return result
  })

  // Paced: 2 ms between upstream events. The client's TTFB measured from its own request also holds each hop's
  // request side (a bare proxy's costs +0.5 ms here); first-byte.ts times the figure itself.
  const paced = await interleaved(runsFor('slow-2-events-5'), Math.ceil(n / 4), 1, 5)

  // 100 streams open at once (100 events, 10 ms apart): the most memory the gateway holds.
  const { maxRssMb } = await maxRssDuring(gw.pid, () =>
    series(100, 100, p.via(gw, 'anthropic', 'chat', 'slow-10-events-100', true)),
  )

  const figures: TargetFigures = {
    unpacedP50: mapRows((r) => times(unpaced[r], 'totalMs')),
    concurrentP50: mapRows((r) => times(concurrent[r], 'totalMs')),
    firstBytePacedP50: mapRows((r) => times(paced[r], 'ttfbMs')),
    translatedEventsPerSecondPerCore:
      translatedCpuUs > 0 ? (translatedEvents * 1e6) / translatedCpuUs : NaN,
    rssMbWith100OpenStreams: maxRssMb,
    loadAverage: { start: loadStart, end: loadavg()[0] ?? NaN },
    verdicts: { [FIRST_BYTE_VERDICT]: firstByte.pass },
  }
  return { lines: render(figures), figures }
}

function mapRows(f: (row: Row) => number): Record<Row, number> {
  return {
    direct: f('direct'),
    bare: f('bare'),
    passthrough: f('passthrough'),
    translated: f('translated'),
  }
}

function render(f: TargetFigures): string[] {
  const u = f.unpacedP50
  const c = f.concurrentP50
  const fb = f.firstBytePacedP50
  const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`
  const overBareLimit: Partial<Record<Row, number>> = { passthrough: 0.5, translated: 1.0 }
  const rows = [
    [
      'path',
      'unpaced total p50',
      'over the bare proxy',
      'p50 at 20 concurrent',
      'client TTFB, paced stream (request side included)',
    ],
  ]
  for (const row of ROWS) {
    let over = '—'
    const limit = overBareLimit[row]
    if (limit !== undefined) {
      const ok = u[row] - u.bare <= limit
      f.verdicts[`${row} over bare ≤ ${limit} ms`] = ok
      over = `${signed(u[row] - u.bare)} (≤ +${limit.toFixed(1)} ms) ${verdict(ok)}`
    }
    let concurrent = `${ms(c[row])} (${x(c[row], c.direct)} direct, ${x(c[row], c.bare)} bare)`
    if (row === 'translated') {
      const ok = c[row] <= 1.5 * c.bare
      f.verdicts['translated at 20 concurrent ≤ 1.5× bare'] = ok
      concurrent += ` (≤ 1.5× bare) ${verdict(ok)}`
    }
    let first = ms(fb[row])
    if (row !== 'direct')
      first += ` (${signed(fb[row] - fb.direct)} vs direct, ${signed(fb[row] - fb.bare)} vs bare)`
    rows.push([
      LABELS[row],
      `${ms(u[row])} (${x(u[row], u.direct)} direct, ${x(u[row], u.bare)} bare)`,
      over,
      concurrent,
      first,
    ])
  }
  const eps = f.translatedEventsPerSecondPerCore
  const epsOk = eps >= 50_000
  const rssOk = f.rssMbWith100OpenStreams < 120
  f.verdicts['translated events/s per core ≥ 50,000'] = epsOk
  f.verdicts['RSS with 100 open streams < 120 MB'] = rssOk
  const load = `load average ${f.loadAverage.start.toFixed(2)} at the start, ${f.loadAverage.end.toFixed(2)} at the end`
  return [
    `Issue 16 targets: ${DELTAS}-delta streams from the chat upstream on loopback, p50 (${load}):`,
    table(rows),
    `Translated events per second per core, the whole gateway process at 20 concurrent, 200 requests early in its life (by age at the end): ${Math.round(eps).toLocaleString('en-US')} (≥ 50,000) ${verdict(epsOk)}`,
    `RSS with 100 open streams (Anthropic → chat, 100 events 10 ms apart): ${f.rssMbWith100OpenStreams.toFixed(1)} MB (< 120 MB) ${verdict(rssOk)}`,
    `First byte within 0.5 ms of a direct client's, ${FIRST_BYTE_JUDGED} (table below): ${verdict(f.verdicts[FIRST_BYTE_VERDICT] === true)}`,
    `Targets met: ${Object.values(f.verdicts).filter(Boolean).length} of ${Object.keys(f.verdicts).length}.`,
    '',
  ]
}
