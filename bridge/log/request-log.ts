// The live request log: a ring buffer of exchanges with their frames, and a subscription for the UI.
import type {
  ExchangeEntry,
  ExchangeFacts,
  ExchangeTiming,
  LoggedFrame,
} from '../control/contract/exchange.js'
import { callsTool, eventName, frameEvent } from './frame-event.js'
import { FRAME_METADATA_BYTES, FrameLog } from './frame-log.js'
import type { UpstreamTrace } from '../upstream/http.js'
import type { Redactor } from './redact.js'
import { packHeaders, unpackHeaders } from './packed-headers.js'

export type { ExchangeEntry, LoggedFrame } from '../control/contract/exchange.js'

type HeaderField = 'requestHeaders' | 'upstreamRequestHeaders' | 'upstreamResponseHeaders'

/**
 * An exchange as the log keeps it: the entry's fields, its frames and header sets compact (see FrameLog and
 * packed-headers.ts), made into the contract's objects by `full`.
 */
export type LiveEntry = Omit<ExchangeFacts, HeaderField> & {
  frames: FrameLog
  packedRequestHeaders?: string
  packedUpstreamRequestHeaders?: string
  packedUpstreamResponseHeaders?: string
}

/** One frame as a caller hands it over: an SSE frame (comments, the keepalives, are not logged) or a body. */
export interface FrameText {
  data: string
  /** The frame's name when the caller knows it (the frames Switchboard encodes), saving a look. */
  event?: string
  comment?: string
}

export type LogEvent =
  | { type: 'appended'; entry: LiveEntry }
  | { type: 'updated'; entry: LiveEntry }
  /** Frames recorded together (one upstream read, one client write): `entry.frames` from `from` on. */
  | { type: 'frames'; entry: LiveEntry; from: number }
  | { type: 'cleared' }

export interface LogLimits {
  maxEntries: number
  captureBodies: boolean
  maxBodyBytes: number
  /** Frames and bodies kept across all entries; the oldest entries lose theirs first. */
  maxTotalBytes?: number
}

/**
 * Frames of a hundred-odd long streams (a Claude Code turn is 5–50 KB); older entries keep their summaries.
 * Measured: 16 MB held the gateway at ~124 MB with 100 open streams after 3,000 100-event streams, 8 MB at ~109 MB.
 */
export const DEFAULT_MAX_TOTAL_BYTES = 8 * 1024 * 1024

/** How many entries that left the log may wait before the array is cut (a copy of the rest each time). */
const COMPACT_AT = 64

export class RequestLog {
  /**
   * The log's entries are `entries[head…]`; the slots before `head` are emptied as their entries leave (nothing
   * keeps them alive) and cut off in one go.
   */
  private entries: (LiveEntry | undefined)[] = []
  private head = 0
  private listeners = new Set<(e: LogEvent) => void>()
  private seq = 0
  private retainedBytes = 0
  /** Index into `entries` of the oldest entry that may still hold frames or bodies (never below `head`). */
  private trimFrom = 0

  constructor(
    private readonly limits: () => LogLimits,
    readonly redactor: Redactor,
  ) {}

  start(init: {
    method: string
    path: string
    stream: boolean
    headers?: Record<string, string | string[] | undefined>
    /** Known when the exchange starts (a model route's), so the entry appears with it. */
    clientDialect?: ExchangeFacts['clientDialect']
  }): Exchange {
    const entry: LiveEntry = {
      id: `ex_${Date.now().toString(36)}_${(++this.seq).toString(36)}`,
      startedAt: Date.now(),
      method: init.method,
      path: this.redactor.text(init.path),
      stream: init.stream,
      notes: [],
      state: 'active',
      frames: new FrameLog(),
      frameBytes: 0,
      framesDropped: 0,
    }
    if (init.clientDialect !== undefined) entry.clientDialect = init.clientDialect
    if (init.headers) entry.packedRequestHeaders = packHeaders(this.redactor, init.headers)
    this.entries.push(entry)
    this.evict(this.limits().maxEntries)
    this.emit({ type: 'appended', entry })
    return new Exchange(entry, this)
  }

  /**
   * Drops the oldest entries beyond `max`. A request used to splice the array's head off, moving every entry
   * (18 µs a request at 1,000 entries): the cut now waits until it is worth it, then happens once.
   */
  private evict(max: number): void {
    while (this.entries.length - this.head > max) {
      const old = this.entries[this.head]
      this.entries[this.head++] = undefined
      if (old) this.retainedBytes -= retained(old)
    }
    this.trimFrom = Math.max(this.trimFrom, this.head)
    if (this.head >= COMPACT_AT || (this.head > 0 && this.head * 2 >= this.entries.length)) {
      this.entries = this.entries.slice(this.head)
      this.trimFrom -= this.head
      this.head = 0
    }
  }

  snapshot(): LiveEntry[] {
    const out: LiveEntry[] = []
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]
      if (entry) out.push(entry)
    }
    return out
  }

  /** Every entry with its frames, as an export or the UI reads them. */
  export(): ExchangeEntry[] {
    return this.snapshot().map(full)
  }

  get(id: string): ExchangeEntry | undefined {
    const entry = this.snapshot().find((e) => e.id === id)
    return entry ? full(entry) : undefined
  }

  /** Ids of entries whose kept text (bodies, frames, headers, notes, error) contains `text`, ignoring case. */
  search(text: string): string[] {
    const needle = text.trim().toLowerCase()
    if (needle === '') return []
    return this.snapshot()
      .filter((e) => entryMatches(e, needle))
      .map((e) => e.id)
  }

  clear(): void {
    this.entries = []
    this.head = 0
    this.retainedBytes = 0
    this.trimFrom = 0
    this.emit({ type: 'cleared' })
  }

  subscribe(listener: (e: LogEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** @internal */
  emit(e: LogEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // A broken subscriber must not break the request it is watching.
      }
    }
  }

  /** @internal */
  get currentLimits(): LogLimits {
    return this.limits()
  }

  /** @internal Accounts for kept bytes and strips the oldest entries once over the budget. */
  retain(bytes: number): void {
    this.retainedBytes += bytes
    const budget = this.limits().maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES
    while (this.retainedBytes > budget && this.trimFrom < this.entries.length - 1) {
      const old = this.entries[this.trimFrom++]
      if (!old) continue
      this.retainedBytes -= retained(old)
      old.framesDropped += old.frames.release()
      old.frameBytes = 0
      delete old.clientRequest
      delete old.upstreamRequest
      delete old.clientResponse
      old.notes.push('frames and bodies released to keep the log within its memory budget')
    }
  }
}

/** The entry with its frames and header sets made into the objects of the contract. */
export function full(entry: LiveEntry): ExchangeEntry {
  const {
    frames,
    packedRequestHeaders: request,
    packedUpstreamRequestHeaders: upstreamRequest,
    packedUpstreamResponseHeaders: upstreamResponse,
    ...facts
  } = entry
  return {
    ...facts,
    ...(request !== undefined ? { requestHeaders: unpackHeaders(request) } : {}),
    ...(upstreamRequest !== undefined
      ? { upstreamRequestHeaders: unpackHeaders(upstreamRequest) }
      : {}),
    ...(upstreamResponse !== undefined
      ? { upstreamResponseHeaders: unpackHeaders(upstreamResponse) }
      : {}),
    frames: frames.slice(),
  }
}

function entryMatches(e: LiveEntry, needle: string): boolean {
  const has = (t: string | undefined): boolean =>
    t !== undefined && t.toLowerCase().includes(needle)
  const headers = (packed: string | undefined): boolean =>
    packed !== undefined && Object.entries(unpackHeaders(packed)).some(([k, v]) => has(k) || has(v))
  return (
    has(e.error) ||
    e.notes.some(has) ||
    has(e.clientRequest) ||
    has(e.upstreamRequest) ||
    has(e.clientResponse) ||
    headers(e.packedRequestHeaders) ||
    headers(e.packedUpstreamRequestHeaders) ||
    headers(e.packedUpstreamResponseHeaders) ||
    e.frames.matches(needle)
  )
}

function retained(e: LiveEntry): number {
  return (
    e.frames.cost() +
    (e.clientRequest?.length ?? 0) +
    (e.upstreamRequest?.length ?? 0) +
    (e.clientResponse?.length ?? 0)
  )
}

type EntryFields = Partial<Omit<ExchangeFacts, 'id' | 'notes' | HeaderField>>

/** One exchange being recorded; every write is redacted and capped. */
export class Exchange {
  private unlogged: FrameText[] = []

  constructor(
    readonly entry: LiveEntry,
    private readonly log: RequestLog,
  ) {}

  get id(): string {
    return this.entry.id
  }

  update(fields: EntryFields): void {
    Object.assign(this.entry, this.redacted(fields))
    this.log.emit({ type: 'updated', entry: this.entry })
  }

  note(message: string): void {
    this.entry.notes.push(this.log.redactor.text(message))
  }

  /** Records a step of the exchange (see ExchangeTiming); the first time counts. */
  mark(step: keyof ExchangeTiming, at = Date.now()): void {
    const timing = (this.entry.timing ??= {})
    if (timing[step] === undefined) timing[step] = at - this.entry.startedAt
  }

  /** For the upstream HTTP call: records the headers both ways and the connection's timing. */
  upstreamTrace(): UpstreamTrace {
    return {
      sent: (headers) => {
        this.mark('upstreamSentMs')
        this.entry.packedUpstreamRequestHeaders = packHeaders(this.log.redactor, headers)
      },
      connected: () => this.mark('upstreamConnectedMs'),
      response: (_status, headers) => {
        this.mark('upstreamHeadersMs')
        this.entry.packedUpstreamResponseHeaders = packHeaders(this.log.redactor, headers)
      },
    }
  }

  /**
   * Keeps a body when body capture is on; pass a function to skip the serialising when it is off. Never
   * throws: a body that cannot be serialised (nested thousands deep) is noted instead, and the request goes on.
   */
  body(
    kind: 'clientRequest' | 'upstreamRequest' | 'clientResponse',
    text: string | (() => string),
  ): void {
    const limits = this.log.currentLimits
    if (!limits.captureBodies) return
    let full: string
    try {
      full = typeof text === 'function' ? text() : text
    } catch (err) {
      full = `[body not captured: ${err instanceof Error ? err.message : String(err)}]`
    }
    const capped =
      full.length > limits.maxBodyBytes
        ? `${full.slice(0, limits.maxBodyBytes)}… [${full.length - limits.maxBodyBytes} more bytes]`
        : full
    this.entry[kind] = this.log.redactor.text(capped)
    this.log.retain(capped.length)
  }

  /**
   * Client frames as they are written, logged together with `logWritten()` once the upstream read that made
   * them is done (and at the latest when the exchange finishes): one record per read, not one per event.
   */
  written(frames: readonly FrameText[]): void {
    for (const f of frames) if (f.comment === undefined) this.unlogged.push(f)
  }

  logWritten(): void {
    if (this.unlogged.length === 0) return
    const frames = this.unlogged
    this.unlogged = []
    this.frames('client', frames)
  }

  /** One frame on its own (an error body, a JSON answer). */
  frame(side: LoggedFrame['side'], data: string, event?: string): void {
    this.frames(side, [event === undefined ? { data } : { data, event }])
  }

  /**
   * Records the frames of one upstream read or one client write, all at this moment: one clock reading, one
   * redaction of their joined text and one event for the UI, instead of one each per frame.
   */
  frames(side: LoggedFrame['side'], batch: readonly FrameText[]): void {
    if (batch.length === 0) return
    const entry = this.entry
    const t = Date.now() - entry.startedAt
    const timing = (entry.timing ??= {})
    if (side === 'upstream') timing.upstreamFirstByteMs ??= t
    else timing.clientFirstByteMs ??= t
    timing.lastByteMs = t
    const limits = this.log.currentLimits
    // Body capture off keeps what its description says: the frames' metadata, not their text.
    const texts = limits.captureBodies ? redactEach(this.log.redactor, batch) : undefined
    const from = entry.frames.length
    let cost = 0
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i]
      if (f === undefined || f.comment !== undefined) continue
      const data = f.data
      if (entry.frameBytes + data.length > limits.maxBodyBytes) {
        entry.framesDropped++
        continue
      }
      // Cheap to ask once per upstream frame until the first hit; the row shows a tool badge.
      if (side === 'upstream' && entry.toolCall !== true && callsTool(data)) entry.toolCall = true
      const name = f.event !== undefined ? eventName(f.event) : frameEvent(data)
      const text = texts?.[i]
      entry.frames.push(t, side, data.length, name, text)
      entry.frameBytes += data.length
      cost += text === undefined ? FRAME_METADATA_BYTES : data.length
    }
    if (entry.frames.length === from) return
    this.log.retain(cost)
    this.log.emit({ type: 'frames', entry, from })
  }

  finish(fields: EntryFields = {}): void {
    this.logWritten()
    Object.assign(this.entry, this.redacted(fields))
    if (this.entry.durationMs === undefined)
      this.entry.durationMs = Date.now() - this.entry.startedAt
    if (this.entry.state === 'active') this.entry.state = this.entry.error ? 'error' : 'done'
    this.log.emit({ type: 'updated', entry: this.entry })
  }

  /** Every text field (the error above all: upstreams echo credentials in their messages) goes through the redactor. */
  private redacted(fields: EntryFields): EntryFields {
    // Copied only when a text held a secret: nearly every update has none.
    let out: EntryFields | undefined
    for (const key of Object.keys(fields) as (keyof EntryFields)[]) {
      const value = fields[key]
      if (typeof value !== 'string') continue
      const safe = this.log.redactor.text(value)
      if (safe !== value) Object.assign((out ??= { ...fields }), { [key]: safe })
    }
    return out ?? fields
  }
}

/**
 * Each frame's text redacted, in one pass over the batch joined by NUL (no secret or bearer token holds one);
 * frame by frame if a frame carries a NUL itself. The joined text is new: a kept frame never holds on to the
 * socket chunk it was cut from.
 */
function redactEach(redactor: Redactor, batch: readonly FrameText[]): string[] {
  const datas = batch.map((f) => f.data)
  const joined = datas.length === 1 ? (' ' + (datas[0] ?? '')).slice(1) : datas.join('\0')
  const parts = redactor.text(joined).split('\0')
  return parts.length === datas.length ? parts : datas.map((d) => redactor.text(` ${d}`).slice(1))
}
