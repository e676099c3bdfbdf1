// index.ts: single-instance lock, hidden dock, stays alive without windows, disposes before quitting.
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())
vi.mock('../main/create-app.js', () => ({ createApp: vi.fn() }))

import * as electron from 'electron'
import { createApp } from '../main/create-app.js'
import type { ElectronMock } from './mocks/electron.js'

const mock = electron as unknown as ElectronMock
const create = vi.mocked(createApp)

async function boot() {
  vi.resetModules()
  await import('../main/index.js')
}

beforeEach(() => {
  mock.app.removeAllListeners()
  mock.app.quit.mockClear()
  mock.app.requestSingleInstanceLock.mockReturnValue(true)
  create.mockReset()
})

describe('lifecycle', () => {
  it('quits at once when another instance holds the lock', async () => {
    mock.app.requestSingleInstanceLock.mockReturnValue(false)
    await boot()
    expect(mock.app.quit).toHaveBeenCalledTimes(1)
    expect(create).not.toHaveBeenCalled()
  })

  it('creates the app when ready, enables the sandbox and keeps running without windows', async () => {
    const handle = { host: {}, showWindow: vi.fn(), dispose: vi.fn(async () => undefined) }
    create.mockResolvedValue(handle as never)
    await boot()
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ hidden: false }))
    expect(mock.app.enableSandbox).toHaveBeenCalled()
    expect(mock.app.listenerCount('window-all-closed')).toBe(1)
    mock.app.emit('window-all-closed')
    expect(mock.app.quit).not.toHaveBeenCalled()
    if (process.platform === 'darwin') expect(mock.app.dock.hide).toHaveBeenCalled()

    mock.app.emit('second-instance')
    expect(handle.showWindow).toHaveBeenCalledTimes(1)
  })

  it('disposes the app before quitting', async () => {
    const handle = { host: {}, showWindow: vi.fn(), dispose: vi.fn(async () => undefined) }
    create.mockResolvedValue(handle as never)
    await boot()
    await vi.waitFor(() => expect(create).toHaveBeenCalled())
    const event = { preventDefault: vi.fn() }
    mock.app.emit('before-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    expect(handle.dispose).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(mock.app.quit).toHaveBeenCalledTimes(1))
    // The second before-quit (from that quit) goes through.
    const again = { preventDefault: vi.fn() }
    mock.app.emit('before-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
  })

  it('stays hidden when started with --hidden', async () => {
    process.argv.push('--hidden')
    try {
      create.mockResolvedValue({ host: {}, showWindow: vi.fn(), dispose: vi.fn() } as never)
      await boot()
      await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ hidden: true }))
    } finally {
      process.argv.pop()
    }
  })
})
