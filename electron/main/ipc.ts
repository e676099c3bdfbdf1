// The control contract over IPC: one handler per method, sender checked, argument validated, result in an envelope.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import {
  CONTROL_METHODS,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type ControlApi,
  type ControlEvent,
  type ControlMethod,
} from '../../bridge/control/contract.js'
import type { IpcResult } from '../shared/ipc-result.js'
import { createEventForwarder, type EventTarget } from './event-forwarder.js'
import { argumentProblems } from './ipc-schemas.js'

export interface IpcHost extends ControlApi {
  subscribe(listener: (event: ControlEvent) => void): () => void
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  host: IpcHost
  /** True for our renderer's URL only (see isOwnRendererUrl). */
  isTrustedUrl: (url: string) => boolean
  /** The web contents that receive events. */
  targets: () => Iterable<EventTarget>
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

function fail(message: string): IpcResult {
  return { ok: false, error: { message } }
}

/** Validates and runs one call; never throws, never returns a stack. */
export async function callHost(
  host: ControlApi,
  method: ControlMethod,
  arg: unknown,
): Promise<IpcResult> {
  const problems = argumentProblems(method, arg)
  if (problems.length > 0) return fail(`${method}: invalid argument: ${problems.join('; ')}`)
  try {
    const run = host[method] as (this: ControlApi, arg?: unknown) => Promise<unknown>
    const value = await run.call(host, arg ?? undefined)
    return { ok: true, value: value === undefined ? null : value }
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

/** Registers every contract method and starts forwarding host events; returns the undo. */
export function registerIpc(options: IpcOptions): () => void {
  for (const method of CONTROL_METHODS) {
    options.ipcMain.handle(IPC_PREFIX + method, async (event, arg: unknown): Promise<IpcResult> => {
      const refused = senderProblem(event, options.isTrustedUrl)
      if (refused) return fail(`${method}: refused: ${refused}`)
      return callHost(options.host, method, arg)
    })
  }
  const forwarder = createEventForwarder({
    channel: IPC_EVENT_CHANNEL,
    targets: options.targets,
    ...(options.frameDelayMs !== undefined ? { frameDelayMs: options.frameDelayMs } : {}),
  })
  const unsubscribe = options.host.subscribe((event) => forwarder.push(event))
  return () => {
    unsubscribe()
    forwarder.dispose()
    for (const method of CONTROL_METHODS) options.ipcMain.removeHandler(IPC_PREFIX + method)
  }
}
