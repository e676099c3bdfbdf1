// The live log's model: summaries keyed by id, fed by control events that are batched per animation frame
// so a fast stream costs one render per frame, paced by what the last render cost so a flood of exchanges
// cannot take the page over, and held back (counted) while paused.
import type { ControlEvent } from '../../../bridge/control/contract.js'
import type { ExchangeSummary } from '../../../bridge/control/contract/exchange.js'

export type LogEvent = Extract<ControlEvent, { type: `log:${string}` }>

export interface LogView {
  /** Newest first. */
  rows: readonly ExchangeSummary[]
  paused: boolean
  /** New requests waiting while paused (not events: one request streams hundreds). */
  buffered: number
  loaded: boolean
  /** Entries this view dropped to stay within the log's size, since it was last loaded or cleared. */
  dropped: number
}

/** Runs `run` once, at the first animation frame at least `delayMs` from now. */
export type Scheduler = (run: () => void, delayMs: number) => void

export interface LogStoreOptions {
  /** The most entries kept (the log's maxEntries). */
  cap?: number
  schedule?: Scheduler
  /** Called when held events overflowed and a fresh snapshot is needed. */
  resync?: () => void
  /** Milliseconds, for pacing (performance.now in the page). */
  now?: () => number
  /** Runs `done` once the page has rendered what a flush published (a task after the current frame). */
  afterFrame?: (done: () => void) => void
}

const defaultScheduler: Scheduler = (run, delayMs) => {
  let ran = false
  const once = (): void => {
    if (ran) return
    ran = true
    run()
  }
  const frame = (): void => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once)
  }
  if (delayMs > 0) setTimeout(frame, delayMs)
  else frame()
  // rAF stops in hidden windows (a tray app's usual state), so a timer backs it up.
  setTimeout(once, delayMs + 250)
}

/** Past this many held events, resuming reloads a snapshot instead of replaying them. */
const MAX_BUFFERED = 50_000

/**
 * After a flush whose work (applying the events, React's render, layout and paint) took C ms, the next one waits
 * PACE × C ms: the list takes at most about a quarter of the page's time, however fast exchanges arrive. A
 * cheap flush (a few events) waits less than a frame, so an ordinary stream still updates every frame.
 */
export const PACE = 3
/** The longest wait between two flushes, so a list under load still moves every second or so. */
export const MAX_WAIT_MS = 1000

export class LogStore {
  private order: string[] = []
  private byId = new Map<string, ExchangeSummary>()
  private queue: LogEvent[] = []
  private overflowed = false
  private scheduled = false
  private view: LogView = { rows: [], paused: false, buffered: 0, loaded: false, dropped: 0 }
  /** Ids of requests that arrived while paused. */
  private held = new Set<string>()
  private dropped = 0
  private listeners = new Set<() => void>()
  private appliedListeners = new Set<(events: readonly LogEvent[]) => void>()
  private cap: number
  private readonly schedule: Scheduler
  private readonly resync: () => void
  private readonly now: () => number
  private readonly afterFrame: (done: () => void) => void
  /** When the next flush may run (see PACE). */
  private notBefore = 0

  constructor(options: LogStoreOptions = {}) {
    this.cap = options.cap ?? 10_000
    this.schedule = options.schedule ?? defaultScheduler
    this.resync = options.resync ?? (() => {})
    this.now = options.now ?? (() => performance.now())
    // React renders a store change in a microtask, and the browser lays out and paints it at the end of this
    // task (a flush runs in an animation frame), so a task queued now runs after all of it.
    this.afterFrame = options.afterFrame ?? ((done) => setTimeout(done, 0))
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getView = (): LogView => this.view

  /** Events applied in one flush, for views that follow one entry (the detail pane). */
  onApplied(listener: (events: readonly LogEvent[]) => void): () => void {
    this.appliedListeners.add(listener)
    return () => this.appliedListeners.delete(listener)
  }

  setCap(cap: number): void {
    this.cap = Math.max(1, cap)
    if (this.trim()) this.publish({ rows: this.buildRows(), dropped: this.dropped })
  }

  load(entries: readonly ExchangeSummary[]): void {
    this.order = []
    this.byId.clear()
    this.dropped = 0
    for (const e of [...entries].sort((a, b) => a.startedAt - b.startedAt)) this.upsert(e)
    this.trim()
    this.publish({ rows: this.buildRows(), loaded: true, dropped: this.dropped })
    if (!this.view.paused) this.flushSoon()
  }

  push(event: LogEvent): void {
    if (this.overflowed) return
    this.queue.push(event)
    if (this.view.paused) {
      if (event.type === 'log:appended') this.held.add(event.entry.id)
      if (this.queue.length > MAX_BUFFERED) {
        this.queue = []
        this.overflowed = true
      }
      // The held count is published at most once per frame: a fast stream while paused costs no renders.
      this.flushSoon()
      return
    }
    if (this.view.loaded) this.flushSoon()
  }

  setPaused(paused: boolean): void {
    if (paused === this.view.paused) return
    this.held.clear()
    if (!paused && this.overflowed) {
      this.overflowed = false
      this.queue = []
      this.publish({ paused, buffered: 0 })
      this.resync()
      return
    }
    this.publish({ paused, buffered: 0 })
    if (!paused) this.flushSoon()
  }

  /** Applies every queued event now; normally called once per animation frame. */
  flush(): void {
    this.scheduled = false
    if (this.view.paused) {
      if (this.held.size !== this.view.buffered) this.publish({ buffered: this.held.size })
      return
    }
    if (!this.view.loaded || this.queue.length === 0) return
    const started = this.now()
    const events = this.queue
    this.queue = []
    for (const e of events) this.apply(e)
    this.trim()
    this.publish({ rows: this.buildRows(), buffered: 0, dropped: this.dropped })
    for (const l of this.appliedListeners) l(events)
    this.afterFrame(() => {
      const end = this.now()
      this.notBefore = end + Math.min(MAX_WAIT_MS, (end - started) * PACE)
    })
  }

  private flushSoon(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.schedule(
      () => {
        if (this.scheduled) this.flush()
      },
      Math.max(0, this.notBefore - this.now()),
    )
  }

  private apply(e: LogEvent): void {
    switch (e.type) {
      case 'log:appended':
      case 'log:updated':
        this.upsert(e.entry)
        break
      case 'log:frames': {
        const cur = this.byId.get(e.id)
        if (cur) this.byId.set(e.id, { ...cur, frameCount: cur.frameCount + e.frames.length })
        break
      }
      case 'log:cleared':
        this.order = []
        this.byId.clear()
        this.dropped = 0
        break
    }
  }

  private upsert(entry: ExchangeSummary): void {
    if (!this.byId.has(entry.id)) this.order.push(entry.id)
    this.byId.set(entry.id, entry)
  }

  private trim(): boolean {
    const excess = this.order.length - this.cap
    if (excess <= 0) return false
    for (const id of this.order.splice(0, excess)) this.byId.delete(id)
    this.dropped += excess
    return true
  }

  private buildRows(): ExchangeSummary[] {
    const rows: ExchangeSummary[] = new Array<ExchangeSummary>(this.order.length)
    for (let i = 0, n = this.order.length; i < n; i++) {
      rows[n - 1 - i] = this.byId.get(this.order[i] ?? '') as ExchangeSummary
    }
    return rows
  }

  private publish(patch: Partial<LogView>): void {
    this.view = { ...this.view, ...patch }
    for (const l of this.listeners) l()
  }
}
