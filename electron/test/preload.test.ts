// The preload exposes two plain functions under window.switchboard and nothing of ipcRenderer.
import { beforeAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())

import * as electron from 'electron'
import { IPC_EVENT_CHANNEL } from '../../bridge/control/contract/transports.js'
import type { ElectronMock } from './mocks/electron.js'

const mock = electron as unknown as ElectronMock
type Bridge = {
  invoke(method: string, arg?: unknown): Promise<unknown>
  onEvent(cb: (e: unknown) => void): () => void
}
let bridge: Bridge

beforeAll(async () => {
  await import('../preload/index.js')
  const call = mock.contextBridge.exposeInMainWorld.mock.calls[0]
  expect(call?.[0]).toBe('switchboard')
  bridge = call?.[1] as Bridge
})

describe('preload', () => {
  it('exposes exactly invoke and onEvent, both functions, frozen', () => {
    expect(mock.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent'])
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.values(bridge)).not.toContain(mock.ipcRenderer)
  })

  it('invokes the prefixed channel and passes the envelope through', async () => {
    mock.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { state: 'running' } })
    await expect(bridge.invoke('gatewayStatus')).resolves.toEqual({
      ok: true,
      value: { state: 'running' },
    })
    expect(mock.ipcRenderer.invoke).toHaveBeenLastCalledWith('control:gatewayStatus', undefined)
  })

  it('keeps the code and field of a failure, and reports a malformed reply as one', async () => {
    const failure = {
      ok: false,
      error: {
        code: 'invalid_settings',
        message: 'Settings not saved: port',
        field: 'server.port',
      },
    }
    mock.ipcRenderer.invoke.mockResolvedValueOnce(failure)
    await expect(bridge.invoke('updateSettings', {})).resolves.toEqual(failure)
    mock.ipcRenderer.invoke.mockResolvedValueOnce('garbage')
    await expect(bridge.invoke('getSettings')).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'getSettings: malformed reply from the main process' },
    })
  })

  it('refuses channels outside the contract without touching IPC', async () => {
    mock.ipcRenderer.invoke.mockClear()
    await expect(bridge.invoke('electron-store-get-data')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    })
    expect(mock.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('unpacks event batches and unsubscribes', () => {
    const seen: unknown[] = []
    const off = bridge.onEvent((e) => seen.push(e))
    mock.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, [
      { type: 'log:cleared' },
      { type: 'log:frames', id: 'a' },
    ])
    expect(seen).toEqual([{ type: 'log:cleared' }, { type: 'log:frames', id: 'a' }])
    off()
    mock.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, [{ type: 'log:cleared' }])
    expect(seen).toHaveLength(2)
    expect(mock.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0)
  })
})
