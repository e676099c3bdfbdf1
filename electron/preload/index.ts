// The sandboxed preload: exposes window.switchboard with two functions, never ipcRenderer itself. Bundled into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CONTROL_METHODS } from '../../bridge/control/contract.js'
import type { ControlResult } from '../../bridge/control/contract/errors.js'
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../bridge/control/contract/transports.js'
import { isIpcResult } from '../shared/ipc-result.js'

const METHODS = new Set<string>(CONTROL_METHODS)

/**
 * Calls a control method and resolves with its ControlResult envelope: a thrown Error would lose its code and
 * field crossing the context bridge, so failures travel as data and the renderer's client turns them into errors.
 */
async function invoke(method: string, arg?: unknown): Promise<ControlResult> {
  if (typeof method !== 'string' || !METHODS.has(method))
    return {
      ok: false,
      error: { code: 'unknown_method', message: `Unknown control method: ${String(method)}` },
    }
  const result: unknown = await ipcRenderer.invoke(IPC_PREFIX + method, arg)
  if (!isIpcResult(result))
    return {
      ok: false,
      error: { code: 'internal', message: `${method}: malformed reply from the main process` },
    }
  return result
}

/** Delivers every control event (main sends them in batches); returns the unsubscribe function. */
function onEvent(callback: (event: unknown) => void): () => void {
  if (typeof callback !== 'function') throw new TypeError('onEvent needs a function')
  const listener = (_event: IpcRendererEvent, batch: unknown): void => {
    for (const item of Array.isArray(batch) ? batch : [batch]) {
      try {
        callback(item)
      } catch (error) {
        // One failing handler must not drop the rest of the batch.
        console.error(error)
      }
    }
  }
  ipcRenderer.on(IPC_EVENT_CHANNEL, listener)
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, listener)
  }
}

const switchboardBridge = Object.freeze({ invoke, onEvent })

contextBridge.exposeInMainWorld('switchboard', switchboardBridge)
