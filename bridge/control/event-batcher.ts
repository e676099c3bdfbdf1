// Host events → one transport connection, in batches with backpressure: fast streams produce log:frames events
// far faster than a window or a browser should receive them one by one.
import type { ControlEvent } from './contract.js'

/** Delivers one batch, in order; returns false when the connection is congested (then call resume() on drain). */
export type BatchSink = (batch: ControlEvent[]) => boolean

export interface BatcherOptions {
  sink: BatchSink
  /** How long log:frames events wait to be sent together. */
  frameDelayMs?: number
  /**
   * Frames held while the connection is congested; beyond this the oldest are dropped. Nothing is lost for
   * good: the request log keeps every frame, and a view reloads the entry when the exchange ends.
   */
  maxQueuedFrames?: number
}

export interface EventBatcher {
  push(event: ControlEvent): void
  flush(): void
  /** The connection drained: send what waited. */
  resume(): void
  dispose(): void
  /** Frames dropped while congested, for tests and diagnostics. */
  readonly droppedFrames: number
}

export const FRAME_BATCH_MS = 50
export const MAX_QUEUED_FRAMES = 2000

export function createEventBatcher(options: BatcherOptions): EventBatcher {
  const delay = options.frameDelayMs ?? FRAME_BATCH_MS
  const maxFrames = options.maxQueuedFrames ?? MAX_QUEUED_FRAMES
  let queue: ControlEvent[] = []
  let queuedFrames = 0
  let congested = false
  let disposed = false
  let dropped = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const clearTimer = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
  }

  const flush = (): void => {
    clearTimer()
    if (disposed || congested || queue.length === 0) return
    const batch = queue
    queue = []
    queuedFrames = 0
    if (!options.sink(batch)) congested = true
  }

  // Status, settings and log-entry events are small and always kept; only frames give way.
  const shed = (): void => {
    let excess = queuedFrames - maxFrames
    if (excess <= 0) return
    queue = queue.filter((e) => {
      if (excess > 0 && e.type === 'log:frames') {
        excess -= e.frames.length
        dropped += e.frames.length
        queuedFrames -= e.frames.length
        return false
      }
      return true
    })
  }

  return {
    push(event) {
      if (disposed) return
      queue.push(event)
      if (event.type === 'log:frames') {
        queuedFrames += event.frames.length
        if (congested) shed()
        else timer ??= setTimeout(flush, delay)
        return
      }
      // Anything but a frame goes out at once, taking the frames queued before it along so the order holds.
      flush()
    },
    flush,
    resume() {
      congested = false
      flush()
    },
    dispose() {
      disposed = true
      clearTimer()
      queue = []
      queuedFrames = 0
    },
    get droppedFrames() {
      return dropped
    },
  }
}
