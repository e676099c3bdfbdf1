// The passthrough's stream tap: what a relayed stream tells the log and the usage ledger (its usage, how it
// stopped, its errors), read by the dialect's own decoder from only the frames that can change them.
import type { CanonicalEvent } from './canonical/events.js'
import { isJsonSyntax } from './canonical/json-syntax.js'
import { MAX_JSON_DEPTH } from './canonical/read-json.js'
import type { StreamDecoder } from './codec.js'
import type { SseFrame } from './sse/frame.js'

/** What a relayed stream is watched for; its content goes to the client as the upstream's own bytes. */
export type TapEvent = Extract<CanonicalEvent, { type: 'usage' | 'message_stop' | 'error' }>

export interface StreamTap {
  /** Never throws: the decoder's complaints come back as `error` events, as its own `push` gives them. */
  push(frame: SseFrame): readonly TapEvent[]
}

/**
 * How a dialect's tap tells the frames its decoder must read from those it need not: `skip` may say yes only
 * for a frame after which the decoder would report the same usage, stop and errors had it read the frame, if the
 * frame is JSON (the tap checks that itself).
 * `saw` is shown every frame the decoder reads, before it does (for taps that follow the stream's blocks).
 */
export interface TapRules {
  skip(frame: SseFrame): boolean
  saw?(frame: SseFrame): void
}

const NONE: readonly TapEvent[] = Object.freeze([])

export function createTap(decoder: StreamDecoder, rules: TapRules): StreamTap {
  let ended = false
  return {
    push(frame) {
      if (ended) return NONE
      // A skipped frame is checked to be JSON, not read: one that is not goes to the decoder, which reports it
      // as it would have on the translated path (the client got the broken bytes; the log must say so).
      if (rules.skip(frame) && (frame.comment !== undefined || isJsonSyntax(frame.data)))
        return NONE
      rules.saw?.(frame)
      let out: TapEvent[] | undefined
      for (const e of decoder.push(frame)) {
        if (e.type !== 'usage' && e.type !== 'message_stop' && e.type !== 'error') continue
        // After its end or an error the decoder reads nothing more; neither need the rules.
        if (e.type !== 'usage') ended = true
        ;(out ??= []).push(e)
      }
      return out ?? NONE
    },
  }
}

/** A value nested deeper than the JSON reader allows takes at least this many brackets. */
const TOO_DEEP_CHARS = 2 * (MAX_JSON_DEPTH + 1)

/**
 * Whether a frame's text, if it is JSON at all, is an object the JSON reader takes and whose keys are all
 * written as they read: no `\u` escape (which could spell a key), no `__proto__` key and no nesting past the
 * reader's limit. Text that fails this is left to the decoder, so it is never skipped on a guess.
 */
export function plainObjectText(data: string): boolean {
  const n = data.length
  if (n < 2 || data.charCodeAt(0) !== 0x7b || data.charCodeAt(n - 1) !== 0x7d) return false
  if (data.includes('\\u') || data.includes('__proto__')) return false
  return n < TOO_DEEP_CHARS || openers(data) <= MAX_JSON_DEPTH
}

function openers(data: string): number {
  let count = 0
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i)
    if (c === 0x7b || c === 0x5b) count++
  }
  return count
}

/** Where `key` (quoted, as it is written) occurs exactly once in the text, or -1. */
export function onlyOnce(data: string, key: string, from = 0): number {
  const at = data.indexOf(key, from)
  return at >= 0 && data.indexOf(key, at + key.length) < 0 ? at : -1
}
