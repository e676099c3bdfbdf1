// V8 heap settings for the process that hosts the gateway, applied at run time so every launcher gets them.
import { PerformanceObserver } from 'node:perf_hooks'
import v8 from 'node:v8'

/**
 * A gateway allocates mostly per-event garbage plus a slowly turning request log. With V8's defaults the
 * young generation grows to 16 MB semi-spaces and the old generation to several times its live size, so the
 * process sat at 140–150 MB with 100 open streams although under 45 MB was live. Collecting the old
 * generation at 1.3× its live size and holding each semi-space at YOUNG_SEMI_SPACE_BYTES keeps it well under
 * 120 MB (npm run bench measures both). Node's own `--max-semi-space-size` would need a command-line flag,
 * which a packaged Electron main process or an npm bin shim cannot always pass; the flags set here are read
 * by V8 at every resize, so setting them before the gateway's modules load takes effect. Re-measured with 4 MB
 * semi-spaces (20 concurrent 100-event streams, blocks of 250 in turns; RSS with 100 open streams after 1,800
 * streams): 30 %, 0.6 major GCs per block and 111–112 MB; 50 %, 0.4 and 111–112 MB; 100 %, 0.1 and 118–127 MB.
 */
export const GATEWAY_V8_FLAGS = ['--heap-growing-percent=30'] as const

/**
 * The size each semi-space is held at. V8 starts at 1 MB and doubles on survival up to 16 MB. A scavenge costs
 * what survives it (the in-flight streams' state, the log's new entries), not what died, so fewer scavenges of
 * a larger space cost less, and fewer objects are old enough to be promoted into the major GC's work. Measured
 * (anthropic → chat, 20 concurrent 100-event streams): 2 MB → 4 MB, bench:ab 30 batches of 60 in turns, gateway
 * CPU per request p10 −17 %, p25 −9 %, p50 −20 %; per 250 requests 37 → 21 scavenges and 1.3 → 0.6 major GCs;
 * RSS with 100 open streams after 1,800 streams 104–106 → 111–112 MB (8 MB semi-spaces: 121–125 MB). Earlier,
 * before the log and reader grew leaner: 1 MB, 23.5 µs CPU per event (p10) and 104–113 MB RSS; 2 MB,
 * 17.3–18.6 µs and 106–116 MB; 4 MB, 115–121 MB; V8's own 16 MB, 17.5–18.1 µs and 119–142 MB.
 */
export const YOUNG_SEMI_SPACE_BYTES = 4 << 20

export const GROW = '--semi-space-growth-factor=2'
export const HOLD = '--semi-space-growth-factor=1'

/**
 * One semi-space's capacity: what the new space holds plus what is left in it. (Its `space_size` is memory
 * committed, which counts the second semi-space once the first scavenge has committed it.)
 */
export function semiSpaceBytes(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
  return space ? space.space_used_size + space.space_available_size : 0
}

/**
 * Decides the growth factor from one semi-space's capacity: grow (V8 doubles it after a scavenge when enough
 * survived) until it reaches `target`, then hold; if V8 shrinks it again (an idle spell), grow back.
 */
export function youngGenerationGovernor(
  target: number,
  read: () => number = semiSpaceBytes,
  set: (flag: string) => void = (flag) => v8.setFlagsFromString(flag),
): () => void {
  let holding: boolean | undefined
  return () => {
    // Page headers take a little of each semi-space, and sizes go by doubling: past ¾ of it is the target.
    const hold = read() > target * 0.75
    if (hold === holding) return
    holding = hold
    set(hold ? HOLD : GROW)
  }
}

/** Holds the young generation at `target`, checked after garbage collections only (an idle process is never woken). */
export function holdYoungGeneration(target: number): () => void {
  const check = youngGenerationGovernor(target)
  check()
  const observer = new PerformanceObserver(check)
  observer.observe({ entryTypes: ['gc'] })
  return () => observer.disconnect()
}

/** Applies the gateway's heap settings; returns what stops the young generation's hold (tests). */
export function tuneHeapForGateway(): () => void {
  if (process.env['SWITCHBOARD_V8_DEFAULTS'] === '1') return () => undefined
  for (const flag of GATEWAY_V8_FLAGS) v8.setFlagsFromString(flag)
  return holdYoungGeneration(YOUNG_SEMI_SPACE_BYTES)
}
