// The control contract over IPC: what is IPC's own — the sender check and one channel per method — around the
// one dispatcher; host events go to our windows in batches, and only while a window is open.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import {
  CONTROL_METHODS,
  type ControlApi,
  type ControlEvent,
} from '../../bridge/control/contract.js'
import type { ControlResult } from '../../bridge/control/contract/errors.js'
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../bridge/control/contract/transports.js'
import { dispatch } from '../../bridge/control/dispatcher.js'
import { createEventBatcher, type EventBatcher } from '../../bridge/control/event-batcher.js'

export interface IpcHost extends ControlApi {
  subscribe(listener: (event: ControlEvent) => void): () => void
}

/** A window's web contents, as far as events need it. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  host: IpcHost
  /** True for our renderer's URL only (see isOwnRendererUrl). */
  isTrustedUrl: (url: string) => boolean
  /** The web contents that receive events. */
  targets: () => Iterable<EventTarget>
  /**
   * Tells whether a window is open, now and on every change. Events are subscribed to only while one is: a full
   * subscriber makes the host build every log summary and frame event, which a tray with no window never reads
   * (the tray watches its own few kinds). A window that opens loads its log snapshot itself, which is the resync.
   */
  watchWindows: (listener: (open: boolean) => void) => () => void
  frameDelayMs?: number
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>

/** Why a call is refused, or undefined when the sender is our renderer's top frame. */
export function senderProblem(
  event: SenderEvent,
  isTrustedUrl: (url: string) => boolean,
): string | undefined {
  const frame = event.senderFrame
  if (!frame) return 'the calling frame is gone'
  if (frame.parent) return 'calls from sub-frames are not accepted'
  if (!isTrustedUrl(frame.url)) return 'the caller is not the Switchboard window'
  return undefined
}

/** Registers every contract method and forwards host events while a window is open; returns the undo. */
export function registerIpc(options: IpcOptions): () => void {
  for (const method of CONTROL_METHODS) {
    options.ipcMain.handle(
      IPC_PREFIX + method,
      async (event, arg: unknown): Promise<ControlResult> => {
        const refused = senderProblem(event, options.isTrustedUrl)
        if (refused)
          return {
            ok: false,
            error: { code: 'forbidden', message: `${method}: refused: ${refused}` },
          }
        return dispatch(options.host, method, arg)
      },
    )
  }
  // webContents.send gives no backpressure signal; the batcher still bounds how often windows are woken.
  const startBatcher = (): EventBatcher =>
    createEventBatcher({
      sink: (batch) => {
        for (const target of options.targets()) {
          if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, batch)
        }
        return true
      },
      ...(options.frameDelayMs !== undefined ? { frameDelayMs: options.frameDelayMs } : {}),
    })
  let live: { batcher: EventBatcher; unsubscribe: () => void } | undefined
  const stop = (): void => {
    live?.unsubscribe()
    // What was held for a closed window is for nobody; the next window starts from its own snapshot.
    live?.batcher.dispose()
    live = undefined
  }
  const follow = (open: boolean): void => {
    if (!open) return stop()
    if (live) return
    const batcher = startBatcher()
    live = { batcher, unsubscribe: options.host.subscribe((event) => batcher.push(event)) }
  }
  const stopWatching = options.watchWindows(follow)
  return () => {
    stopWatching()
    stop()
    for (const method of CONTROL_METHODS) options.ipcMain.removeHandler(IPC_PREFIX + method)
  }
}
