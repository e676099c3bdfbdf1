// The live control events' subscribers (windows, the web UI): each event reaches every one of them.
import type { ControlEvent } from './contract.js'

export class ControlEvents {
  private readonly listeners = new Set<(e: ControlEvent) => void>()

  /** Someone is listening: only then are log summaries worth building. */
  get heard(): boolean {
    return this.listeners.size > 0
  }

  subscribe(listener: (e: ControlEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(e: ControlEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // A broken subscriber must not stop the others.
      }
    }
  }
}
