// Host events → renderer windows, in batches: fast streams produce log:frame events far faster than IPC should carry one by one.
import type { ControlEvent } from '../../bridge/control/contract.js'

export interface EventTarget {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

export interface ForwarderOptions {
  channel: string
  targets: () => Iterable<EventTarget>
  /** How long log:frame events wait to be sent together. */
  frameDelayMs?: number
}

export interface EventForwarder {
  push(event: ControlEvent): void
  flush(): void
  dispose(): void
}

export const FRAME_BATCH_MS = 50

/** Every message on the channel is an array of events in their original order; the preload unpacks it. */
export function createEventForwarder(options: ForwarderOptions): EventForwarder {
  const delay = options.frameDelayMs ?? FRAME_BATCH_MS
  let queue: ControlEvent[] = []
  let timer: NodeJS.Timeout | undefined

  const flush = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (queue.length === 0) return
    const batch = queue
    queue = []
    for (const target of options.targets()) {
      if (!target.isDestroyed()) target.send(options.channel, batch)
    }
  }

  return {
    push(event) {
      queue.push(event)
      // Anything but a frame goes out at once, taking the frames queued before it along so the order holds.
      if (event.type !== 'log:frame') flush()
      else timer ??= setTimeout(flush, delay)
    },
    flush,
    dispose() {
      if (timer) clearTimeout(timer)
      timer = undefined
      queue = []
    },
  }
}
