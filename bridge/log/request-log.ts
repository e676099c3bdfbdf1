// The live request log: a ring buffer of exchanges with their frames, and a subscription for the UI.
import type { ExchangeEntry, LoggedFrame } from '../control/contract.js'
import type { Redactor } from './redact.js'

export type { ExchangeEntry, LoggedFrame } from '../control/contract.js'

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

  start(init: { method: string; path: string; stream: boolean; headers?: Record<string, string | string[] | undefined> }): Exchange {
    const entry: ExchangeEntry = {
      id: `ex_${Date.now().toString(36)}_${(++this.seq).toString(36)}`,
      startedAt: Date.now(),
      method: init.method,
      path: init.path,
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

function retained(e: ExchangeEntry): number {
  return e.frameBytes + (e.clientRequest?.length ?? 0) + (e.upstreamRequest?.length ?? 0) + (e.clientResponse?.length ?? 0)
}

/** One exchange being recorded; every write is redacted and capped. */
export class Exchange {
  constructor(
    readonly entry: ExchangeEntry,
    private readonly log: RequestLog,
  ) {}

  get id(): string {
    return this.entry.id
  }

  update(fields: Partial<Omit<ExchangeEntry, 'id' | 'frames' | 'notes'>>): void {
    Object.assign(this.entry, fields)
    this.log.emit({ type: 'updated', entry: this.entry })
  }

  note(message: string): void {
    this.entry.notes.push(message)
  }

  /** Keeps a body when body capture is on; pass a function to skip the serialising when it is off. */
  body(kind: 'clientRequest' | 'upstreamRequest' | 'clientResponse', text: string | (() => string)): void {
    const limits = this.log.currentLimits
    if (!limits.captureBodies) return
    const full = typeof text === 'function' ? text() : text
    const capped = full.length > limits.maxBodyBytes ? `${full.slice(0, limits.maxBodyBytes)}… [${full.length - limits.maxBodyBytes} more bytes]` : full
    this.entry[kind] = this.log.redactor.text(capped)
    this.log.retain(capped.length)
  }

  frame(side: LoggedFrame['side'], data: string): void {
    const limits = this.log.currentLimits
    if (this.entry.frameBytes + data.length > limits.maxBodyBytes) {
      this.entry.framesDropped++
      return
    }
    const redacted = this.log.redactor.text(data)
    // Upstream frames are slices of a decoded socket chunk; kept as they are, one small frame would keep the
    // whole chunk alive in the log. Flattening a one-character concatenation copies just the frame.
    const kept = side === 'upstream' ? (' ' + redacted).slice(1) : redacted
    const frame: LoggedFrame = { t: Date.now() - this.entry.startedAt, side, data: kept }
    this.entry.frameBytes += data.length
    this.entry.frames.push(frame)
    this.log.retain(data.length)
    this.log.emit({ type: 'frame', id: this.entry.id, frame })
  }

  finish(fields: Partial<Omit<ExchangeEntry, 'id' | 'frames' | 'notes'>> = {}): void {
    Object.assign(this.entry, fields)
    if (this.entry.durationMs === undefined) this.entry.durationMs = Date.now() - this.entry.startedAt
    if (this.entry.state === 'active') this.entry.state = this.entry.error ? 'error' : 'done'
    this.log.emit({ type: 'updated', entry: this.entry })
  }
}
