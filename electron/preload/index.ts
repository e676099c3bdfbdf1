// The sandboxed preload: exposes window.switchboard with two functions, never ipcRenderer itself. Bundled into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CONTROL_METHODS, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../bridge/control/contract.js'
import { isIpcResult } from '../shared/ipc-result.js'

const METHODS = new Set<string>(CONTROL_METHODS)

/** Calls a control method; resolves with its value, rejects with the main process's message. */
async function invoke(method: string, arg?: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !METHODS.has(method))
    throw new Error(`Unknown control method: ${String(method)}`)
  const result: unknown = await ipcRenderer.invoke(IPC_PREFIX + method, arg)
  if (!isIpcResult(result)) throw new Error(`${method}: malformed reply from the main process`)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
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
