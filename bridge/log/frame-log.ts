// The frames of one exchange, kept compact: flat arrays of numbers and shared event names instead of an object
// per frame; LoggedFrame objects are made only when someone reads them (the UI, an export, a search).
import type { LoggedFrame } from '../control/contract/exchange.js'

/** What one frame's metadata costs in the byte budget when its text is not kept. */
export const FRAME_METADATA_BYTES = 48

/**
 * A hundred-event stream used to leave two hundred small objects in the old generation, each traced by every
 * major GC until its entry left the log. Here a frame is three array slots (numbers and a shared string).
 */
export class FrameLog {
  /** Per frame: milliseconds since the exchange started × 2, plus 1 on the client side. */
  private stamps: number[] = []
  private sizes: number[] = []
  /** Interned names (see eventName), so a stream's frames share a handful of strings. */
  private names: (string | undefined)[] = []
  /** Per frame, only once a frame's text was kept (body capture on); shorter than the others until then. */
  private texts: (string | undefined)[] | undefined

  get length(): number {
    return this.stamps.length
  }

  push(
    t: number,
    side: LoggedFrame['side'],
    bytes: number,
    event: string | undefined,
    text?: string,
  ): void {
    const i = this.stamps.length
    this.stamps.push(side === 'client' ? t * 2 + 1 : t * 2)
    this.sizes.push(bytes)
    this.names.push(event)
    if (text === undefined) return
    const texts = (this.texts ??= [])
    while (texts.length < i) texts.push(undefined)
    texts.push(text)
  }

  /** The frame at `index` (negative counts from the end, as Array.prototype.at). */
  at(index: number): LoggedFrame | undefined {
    const i = index < 0 ? this.stamps.length + index : index
    const stamp = this.stamps[i]
    if (stamp === undefined) return undefined
    const frame: LoggedFrame = {
      t: Math.floor(stamp / 2),
      side: (stamp & 1) === 1 ? 'client' : 'upstream',
      bytes: this.sizes[i] ?? 0,
    }
    const event = this.names[i]
    if (event !== undefined) frame.event = event
    const text = this.texts?.[i]
    if (text !== undefined) frame.data = text
    return frame
  }

  /** The frames from `from` on, as the UI and exports see them. */
  slice(from = 0): LoggedFrame[] {
    const out: LoggedFrame[] = []
    for (let i = Math.max(0, from); i < this.stamps.length; i++) {
      const f = this.at(i)
      if (f) out.push(f)
    }
    return out
  }

  /** JSON (the HTTP control API, exports) sees the frames as the array they stand for. */
  toJSON(): LoggedFrame[] {
    return this.slice()
  }

  /** Whether a kept text or an event name contains `needle` (already lower case). */
  matches(needle: string): boolean {
    for (const n of new Set(this.names)) if (n?.toLowerCase().includes(needle)) return true
    return this.texts?.some((t) => t?.toLowerCase().includes(needle)) ?? false
  }

  /** What the frames count against the log's byte budget. */
  cost(): number {
    let total = 0
    for (let i = 0; i < this.stamps.length; i++) {
      const text = this.texts?.[i]
      total += text === undefined ? FRAME_METADATA_BYTES : (this.sizes[i] ?? 0)
    }
    return total
  }

  /** Lets every frame go (the log's memory budget); returns how many there were. */
  release(): number {
    const n = this.stamps.length
    this.stamps = []
    this.sizes = []
    this.names = []
    this.texts = undefined
    return n
  }
}
