// IPC transport for Electron: the preload exposes `window.switchboard` (functions only).
import { CONTROL_METHODS, type ControlApi, type ControlClient, type ControlEvent } from '../../../bridge/control/contract.js'
import { ControlError } from './control-error.js'

export interface SwitchboardBridge {
  invoke(method: string, arg?: unknown): Promise<unknown>
  onEvent(cb: (e: unknown) => void): () => void
}

declare global {
  interface Window {
    switchboard?: SwitchboardBridge
  }
}

// Electron wraps rejected invokes as "Error invoking remote method 'control:x': Error: <message>".
function unwrap(error: unknown): ControlError {
  const raw = error instanceof Error ? error.message : String(error)
  const message = raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '')
  const details = typeof error === 'object' && error !== null && Array.isArray((error as { details?: unknown }).details)
    ? (error as { details: unknown[] }).details.filter((d): d is string => typeof d === 'string')
    : []
  return new ControlError(message, details)
}

export function createIpcClient(bridge: SwitchboardBridge): ControlClient {
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    try {
      return await bridge.invoke(method, arg)
    } catch (e) {
      throw unwrap(e)
    }
  }
  const api = Object.fromEntries(CONTROL_METHODS.map((m) => [m, (arg?: unknown) => call(m, arg)])) as unknown as ControlApi
  return {
    ...api,
    subscribe: (listener, onOpen) => {
      // IPC delivers every event from the moment the listener is registered: the stream is open at once.
      const stop = bridge.onEvent((e) => listener(e as ControlEvent))
      let live = true
      if (onOpen) queueMicrotask(() => live && onOpen())
      return () => {
        live = false
        stop()
      }
    },
  }
}
