// The frames of one exchange, kept compact: flat arrays of numbers and shared event names instead of an object
// per frame; LoggedFrame objects are made only when someone reads them (the UI, an export, a search).
import type { LoggedFrame } from '../control/contract/exchange.js'

/** What one frame's metadata costs in the byte budget when its text is not kept. */
export const FRAME_METADATA_BYTES = 48

/** A packed frame: its stamp and its size as 32-bit numbers, then its name's index, in one-byte characters. */
const STRIDE = 10
const MAX_NUMBER = 0xffffffff
/** Names of packed frames by index (0: no name), shared by every log; past the cap a log stays unpacked. */
const packedNames: (string | undefined)[] = [undefined]
const nameIndexes = new Map<string, number>()
const MAX_PACKED_NAMES = 4096
const MAX_PACKED_NAME_CHARS = 80
/** Reused for packing; a larger log gets a buffer of its own, so a rare huge one is not kept for good. */
const SCRATCH_BYTES = 64 * 1024
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES)

function nameIndex(name: string | undefined): number {
  if (name === undefined) return 0
  const known = nameIndexes.get(name)
  if (known !== undefined) return known
  if (packedNames.length >= MAX_PACKED_NAMES || name.length > MAX_PACKED_NAME_CHARS) return -1
  nameIndexes.set(name, packedNames.length)
  packedNames.push(name)
  return packedNames.length - 1
}

const u32 = (s: string, at: number): number =>
  (s.charCodeAt(at) |
    (s.charCodeAt(at + 1) << 8) |
    (s.charCodeAt(at + 2) << 16) |
    (s.charCodeAt(at + 3) << 24)) >>>
  0
const u16 = (s: string, at: number): number => s.charCodeAt(at) | (s.charCodeAt(at + 1) << 8)

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
  /**
   * Once the exchange finished (see pack), the stamps, sizes and names instead: STRIDE characters a frame.
   * The log keeps a thousand finished entries in the old generation, where each array was a store sized for
   * growth (the names one full of pointers) that every major GC traced; a flat string takes under half of
   * that and has nothing in it to trace.
   */
  private packed: string | undefined

  get length(): number {
    return this.packed === undefined ? this.stamps.length : this.packed.length / STRIDE
  }

  push(
    t: number,
    side: LoggedFrame['side'],
    bytes: number,
    event: string | undefined,
    text?: string,
  ): void {
    if (this.packed !== undefined) this.unpack()
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
    const n = this.length
    const i = index < 0 ? n + index : index
    if (!(i >= 0 && i < n)) return undefined
    const p = this.packed
    const at = i * STRIDE
    const stamp = p === undefined ? (this.stamps[i] ?? 0) : u32(p, at)
    const frame: LoggedFrame = {
      t: Math.floor(stamp / 2),
      side: stamp % 2 === 1 ? 'client' : 'upstream',
      bytes: p === undefined ? (this.sizes[i] ?? 0) : u32(p, at + 4),
    }
    const event = p === undefined ? this.names[i] : packedNames[u16(p, at + 8)]
    if (event !== undefined) frame.event = event
    const text = this.texts?.[i]
    if (text !== undefined) frame.data = text
    return frame
  }

  /** The frames from `from` on, as the UI and exports see them. */
  slice(from = 0): LoggedFrame[] {
    const out: LoggedFrame[] = []
    for (let i = Math.max(0, from); i < this.length; i++) {
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
    const names = new Set(this.names)
    if (this.packed !== undefined)
      for (let at = 8; at < this.packed.length; at += STRIDE)
        names.add(packedNames[u16(this.packed, at)])
    for (const n of names) if (n?.toLowerCase().includes(needle)) return true
    return this.texts?.some((t) => t?.toLowerCase().includes(needle)) ?? false
  }

  /** What the frames count against the log's byte budget. */
  cost(): number {
    let total = 0
    const texts = this.texts
    if (texts === undefined) return this.length * FRAME_METADATA_BYTES
    for (let i = 0; i < this.length; i++) {
      const p = this.packed
      total +=
        texts[i] === undefined
          ? FRAME_METADATA_BYTES
          : p === undefined
            ? (this.sizes[i] ?? 0)
            : u32(p, i * STRIDE + 4)
    }
    return total
  }

  /**
   * Packs the frames into one string, for an exchange that finished (a later push unpacks them again). Left
   * as they are if a number or a name does not fit (a stream of weeks, thousands of invented event names).
   */
  pack(): void {
    const n = this.stamps.length
    if (this.packed !== undefined || n === 0) return
    const buf = n * STRIDE <= SCRATCH_BYTES ? scratch : Buffer.allocUnsafe(n * STRIDE)
    for (let i = 0; i < n; i++) {
      const stamp = this.stamps[i] ?? 0
      const size = this.sizes[i] ?? 0
      const name = nameIndex(this.names[i])
      if (stamp > MAX_NUMBER || size > MAX_NUMBER || name < 0) return
      const at = i * STRIDE
      buf.writeUInt32LE(stamp, at)
      buf.writeUInt32LE(size, at + 4)
      buf.writeUInt16LE(name, at + 8)
    }
    this.packed = buf.toString('latin1', 0, n * STRIDE)
    this.stamps = []
    this.sizes = []
    this.names = []
  }

  private unpack(): void {
    const p = this.packed ?? ''
    this.packed = undefined
    for (let at = 0; at < p.length; at += STRIDE) {
      this.stamps.push(u32(p, at))
      this.sizes.push(u32(p, at + 4))
      this.names.push(packedNames[u16(p, at + 8)])
    }
  }

  /** Lets every frame go (the log's memory budget); returns how many there were. */
  release(): number {
    const n = this.length
    this.stamps = []
    this.sizes = []
    this.names = []
    this.texts = undefined
    this.packed = undefined
    return n
  }
}
