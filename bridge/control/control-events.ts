// The live control events' subscribers (windows, the web UI) and host-side watchers of a few kinds (the tray,
// the CLI): each event reaches everyone who asked for it.
import type { ControlEvent } from './contract.js'

/** What a watcher may ask for: everything but the log's events, which are built only for full subscribers. */
export type WatchedEvent = Exclude<ControlEvent['type'], `log:${string}`>

type Listener = (e: ControlEvent) => void

export class ControlEvents {
  private readonly listeners = new Set<Listener>()
  private readonly watchers = new Map<Listener, ReadonlySet<ControlEvent['type']>>()

  /**
   * A full subscriber (a window, the web UI) is connected: only then are log summaries and frames worth building.
   * Watchers do not count, so a gateway nobody looks at spends nothing on log events.
   */
  get heard(): boolean {
    return this.listeners.size > 0
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Only the events of the given kinds reach `listener`. */
  watch(types: readonly WatchedEvent[], listener: Listener): () => void {
    this.watchers.set(listener, new Set(types))
    return () => this.watchers.delete(listener)
  }

  emit(e: ControlEvent): void {
    for (const l of this.listeners) call(l, e)
    for (const [l, types] of this.watchers) if (types.has(e.type)) call(l, e)
  }
}

function call(listener: Listener, e: ControlEvent): void {
  try {
    listener(e)
  } catch {
    // A broken subscriber must not stop the others.
  }
}
