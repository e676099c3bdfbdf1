// One exchange being recorded into the request log: its facts, timing, bodies and frames, each redacted and capped.
import type { ExchangeFacts, ExchangeTiming, LoggedFrame } from '../control/contract/exchange.js'
import { callsTool, eventName, frameEvent } from './frame-event.js'
import { FRAME_METADATA_BYTES } from './frame-log.js'
import type { UpstreamTrace } from '../upstream/http.js'
import type { Redactor } from './redact.js'
import { packHeaders } from './packed-headers.js'
import type { FrameText, HeaderField, LiveEntry, RequestLog } from './request-log.js'

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

  /** Records fields without telling the subscribers: for facts that an update in the same turn announces. */
  set(fields: EntryFields): void {
    Object.assign(this.entry, this.redacted(fields))
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
    this.entry.frames.pack()
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
