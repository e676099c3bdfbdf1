// How the gateway's CPU per translated event changes with its age: a fresh process, the issue-16 load (20 concurrent
// 100-event Anthropic ← chat streams) in blocks, each block's events per second per core. V8 keeps optimizing the
// per-request path for thousands of requests, so one figure taken at one moment of a process's life says little.
import type { BenchGateway } from './gateway.js'
import { cpuPer, series, type Run } from './paths.js'

export interface AgeBlock {
  /** Requests the gateway had served on this load before the block. */
  servedBefore: number
  eventsPerSecondPerCore: number
}

/** `blocks` blocks of `perBlock` requests at `concurrency`; `events` upstream deltas per request. */
export async function eventsPerCoreByAge(
  gw: BenchGateway,
  run: Run,
  blocks: number,
  perBlock: number,
  concurrency: number,
  events: number,
): Promise<AgeBlock[]> {
  const out: AgeBlock[] = []
  for (let b = 0; b < blocks; b++) {
    const { cpuUs } = await cpuPer(gw, 1, () => series(perBlock, concurrency, run))
    out.push({
      servedBefore: b * perBlock,
      eventsPerSecondPerCore: cpuUs > 0 ? (perBlock * events * 1e6) / cpuUs : NaN,
    })
  }
  return out
}

export const perCore = (v: number): string => `${(v / 1000).toFixed(1)}k`
