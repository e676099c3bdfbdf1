// The live request log: a ring buffer of exchanges with their frames, and a subscription for the UI.
import type { ExchangeEntry, ExchangeFacts } from '../control/contract/exchange.js'
import { Exchange } from './exchange.js'
import { FrameLog } from './frame-log.js'
import type { Redactor } from './redact.js'
import { packHeaders, unpackHeaders } from './packed-headers.js'

export type { ExchangeEntry, LoggedFrame } from '../control/contract/exchange.js'

export type HeaderField = 'requestHeaders' | 'upstreamRequestHeaders' | 'upstreamResponseHeaders'

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
