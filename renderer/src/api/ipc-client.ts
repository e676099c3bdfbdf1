// IPC transport for Electron: the preload exposes `window.switchboard` (functions only).
import {
  CONTROL_METHODS,
  type ControlApi,
  type ControlClient,
  type ControlEvent,
} from '../../../bridge/control/contract.js'
import type { ControlResult } from '../../../bridge/control/contract/errors.js'
import { ControlError, errorFromControl } from './control-error.js'

export interface SwitchboardBridge {
  /** Resolves with the call's ControlResult envelope (see electron/preload). */
  invoke(method: string, arg?: unknown): Promise<unknown>
  onEvent(cb: (e: unknown) => void): () => void
}

declare global {
  interface Window {
    switchboard?: SwitchboardBridge
  }
}

function isResult(value: unknown): value is ControlResult {
  if (typeof value !== 'object' || value === null) return false
  const r = value as { ok?: unknown; error?: unknown }
  if (r.ok === true) return 'value' in r
  return r.ok === false && typeof r.error === 'object' && r.error !== null
}

// Electron wraps rejected invokes as "Error invoking remote method 'control:x': Error: <message>".
function unwrap(error: unknown): ControlError {
  const raw = error instanceof Error ? error.message : String(error)
  return new ControlError(raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, ''))
}

export function createIpcClient(bridge: SwitchboardBridge): ControlClient {
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    let result: unknown
    try {
      result = await bridge.invoke(method, arg)
    } catch (e) {
      throw unwrap(e)
    }
    if (!isResult(result))
      throw new ControlError(`${method}: malformed reply from the main process`)
    if (!result.ok) throw errorFromControl(result.error)
    return result.value
  }
  const api = Object.fromEntries(
    CONTROL_METHODS.map((m) => [m, (arg?: unknown) => call(m, arg)]),
  ) as unknown as ControlApi
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
