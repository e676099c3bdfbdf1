// The live request log: a ring buffer of exchanges with their frames, and a subscription for the UI.
import type { ExchangeEntry, ExchangeTiming, LoggedFrame } from '../control/contract/exchange.js'
import { callsTool, eventName, frameEvent } from './frame-event.js'
import type { UpstreamTrace } from '../upstream/http.js'
import type { Redactor } from './redact.js'

export type { ExchangeEntry, LoggedFrame } from '../control/contract/exchange.js'

export type LogEvent =
  | { type: 'appended'; entry: ExchangeEntry }
  | { type: 'updated'; entry: ExchangeEntry }
  | { type: 'frame'; id: string; frame: LoggedFrame }
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

/** What one frame's metadata costs in the byte budget when its text is not kept. */
const FRAME_METADATA_BYTES = 48

export class RequestLog {
  private entries: ExchangeEntry[] = []
  private listeners = new Set<(e: LogEvent) => void>()
  private seq = 0
  private retainedBytes = 0
  /** Index into `entries` of the oldest entry that may still hold frames or bodies. */
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
  }): Exchange {
    const entry: ExchangeEntry = {
      id: `ex_${Date.now().toString(36)}_${(++this.seq).toString(36)}`,
      startedAt: Date.now(),
      method: init.method,
      path: this.redactor.text(init.path),
      stream: init.stream,
      notes: [],
      state: 'active',
      frames: [],
      frameBytes: 0,
      framesDropped: 0,
    }
    if (init.headers) entry.requestHeaders = this.redactor.headers(init.headers)
    this.entries.push(entry)
    const max = this.limits().maxEntries
    if (this.entries.length > max) {
      const removed = this.entries.splice(0, this.entries.length - max)
      for (const r of removed) this.retainedBytes -= retained(r)
      this.trimFrom = Math.max(0, this.trimFrom - removed.length)
    }
    this.emit({ type: 'appended', entry })
    return new Exchange(entry, this)
  }

  snapshot(): ExchangeEntry[] {
    return this.entries.slice()
  }

  get(id: string): ExchangeEntry | undefined {
    return this.entries.find((e) => e.id === id)
  }

  /** Ids of entries whose kept text (bodies, frames, headers, notes, error) contains `text`, ignoring case. */
  search(text: string): string[] {
    const needle = text.trim().toLowerCase()
    if (needle === '') return []
    return this.entries.filter((e) => entryMatches(e, needle)).map((e) => e.id)
  }

  clear(): void {
    this.entries = []
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
      if (!old) break
      this.retainedBytes -= retained(old)
      old.framesDropped += old.frames.length
      old.frames = []
      old.frameBytes = 0
      delete old.clientRequest
      delete old.upstreamRequest
      delete old.clientResponse
      old.notes.push('frames and bodies released to keep the log within its memory budget')
    }
  }
}

function entryMatches(e: ExchangeEntry, needle: string): boolean {
  const has = (t: string | undefined): boolean =>
    t !== undefined && t.toLowerCase().includes(needle)
  const headers = (h: Record<string, string> | undefined): boolean =>
    h !== undefined && Object.entries(h).some(([k, v]) => has(k) || has(v))
  return (
    has(e.error) ||
    e.notes.some(has) ||
    has(e.clientRequest) ||
    has(e.upstreamRequest) ||
    has(e.clientResponse) ||
    headers(e.requestHeaders) ||
    headers(e.upstreamRequestHeaders) ||
    headers(e.upstreamResponseHeaders) ||
    e.frames.some((f) => has(f.data) || has(f.event))
  )
}

function frameCost(f: LoggedFrame): number {
  return f.data === undefined ? FRAME_METADATA_BYTES : f.bytes
}

function retained(e: ExchangeEntry): number {
  let frames = 0
  for (const f of e.frames) frames += frameCost(f)
  return (
    frames +
    (e.clientRequest?.length ?? 0) +
    (e.upstreamRequest?.length ?? 0) +
    (e.clientResponse?.length ?? 0)
  )
}

type EntryFields = Partial<Omit<ExchangeEntry, 'id' | 'frames' | 'notes'>>

/** One exchange being recorded; every write is redacted and capped. */
export class Exchange {
  constructor(
    readonly entry: ExchangeEntry,
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
        this.entry.upstreamRequestHeaders = this.log.redactor.headers(headers)
      },
      connected: () => this.mark('upstreamConnectedMs'),
      response: (_status, headers) => {
        this.mark('upstreamHeadersMs')
        this.entry.upstreamResponseHeaders = this.log.redactor.headers(headers)
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

  /** `event`: the frame's name when the caller knows it (the frames Switchboard encodes), saving a look. */
  frame(side: LoggedFrame['side'], data: string, event?: string): void {
    const now = Date.now()
    const t = now - this.entry.startedAt
    const timing = (this.entry.timing ??= {})
    if (side === 'upstream') timing.upstreamFirstByteMs ??= t
    else timing.clientFirstByteMs ??= t
    timing.lastByteMs = t
    const limits = this.log.currentLimits
    if (this.entry.frameBytes + data.length > limits.maxBodyBytes) {
      this.entry.framesDropped++
      return
    }
    // Cheap to ask once per upstream frame until the first hit; the row shows a tool badge.
    if (side === 'upstream' && this.entry.toolCall !== true && callsTool(data))
      this.entry.toolCall = true
    const name = event !== undefined ? eventName(event) : frameEvent(data)
    const frame: LoggedFrame = { t, side, bytes: data.length }
    if (name !== undefined) frame.event = name
    // Body capture off keeps what its description says: the frame's metadata, not its text.
    if (limits.captureBodies) {
      const redacted = this.log.redactor.text(data)
      // Upstream frames are slices of a decoded socket chunk; kept as they are, one small frame would keep the
      // whole chunk alive in the log. Flattening a one-character concatenation copies just the frame.
      frame.data = side === 'upstream' ? (' ' + redacted).slice(1) : redacted
    }
    this.entry.frameBytes += data.length
    this.entry.frames.push(frame)
    this.log.retain(frameCost(frame))
    this.log.emit({ type: 'frame', id: this.entry.id, frame })
  }

  finish(fields: EntryFields = {}): void {
    Object.assign(this.entry, this.redacted(fields))
    if (this.entry.durationMs === undefined)
      this.entry.durationMs = Date.now() - this.entry.startedAt
    if (this.entry.state === 'active') this.entry.state = this.entry.error ? 'error' : 'done'
    this.log.emit({ type: 'updated', entry: this.entry })
  }

  /** Every text field (the error above all: upstreams echo credentials in their messages) goes through the redactor. */
  private redacted(fields: EntryFields): EntryFields {
    const out: EntryFields = { ...fields }
    for (const key of Object.keys(out) as (keyof EntryFields)[]) {
      const value = out[key]
      if (typeof value === 'string') Object.assign(out, { [key]: this.log.redactor.text(value) })
    }
    return out
  }
}
