// IPC: every contract method is registered, foreign senders and bad payloads never reach the host, events arrive in batches.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { CONTROL_METHODS, type ControlEvent } from '../../bridge/control/contract.js'
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../bridge/control/contract/transports.js'
import { registerIpc } from '../main/ipc.js'
import { isOwnRendererUrl, rendererUrl, type RendererTarget } from '../main/renderer-target.js'
import type { IpcResult } from '../shared/ipc-result.js'
import { fakeHost, RUNNING } from './fake-host.js'
import { FakeIpcMain, FakeWebContents } from './mocks/electron.js'

const TARGET: RendererTarget = { kind: 'file', file: '/opt/switchboard/dist/renderer/index.html' }
const OWN = rendererUrl(TARGET)

function setup(target: RendererTarget = TARGET, open = true) {
  const ipcMain = new FakeIpcMain()
  const host = fakeHost()
  const contents = new FakeWebContents()
  const windowWatchers = new Set<(open: boolean) => void>()
  let windowOpen = open
  const setWindowOpen = (next: boolean): void => {
    windowOpen = next
    for (const w of windowWatchers) w(next)
  }
  const dispose = registerIpc({
    ipcMain: ipcMain as unknown as Electron.IpcMain,
    host,
    isTrustedUrl: (url) => isOwnRendererUrl(url, target),
    targets: () => (windowOpen ? [contents] : []),
    watchWindows: (listener) => {
      windowWatchers.add(listener)
      listener(windowOpen)
      return () => windowWatchers.delete(listener)
    },
  })
  const call = async (
    method: string,
    arg?: unknown,
    url = OWN,
    parent: unknown = null,
  ): Promise<IpcResult> => {
    const handler = ipcMain.handlers.get(IPC_PREFIX + method)
    if (!handler) throw new Error(`no handler for ${method}`)
    return (await handler({ senderFrame: url === '' ? null : { url, parent } }, arg)) as IpcResult
  }
  return { ipcMain, host, contents, dispose, call, setWindowOpen, windowWatchers }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('registration', () => {
  it('registers exactly one handler per contract method and removes them on dispose', () => {
    const { ipcMain, dispose, host } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      CONTROL_METHODS.map((m) => IPC_PREFIX + m).sort(),
    )
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
    expect(host.listenerCount()).toBe(0)
  })
})

describe('window lifetime', () => {
  it('subscribes to nothing while no window is open, so the host builds no log events for nobody', () => {
    const { host, contents, dispose, windowWatchers } = setup(TARGET, false)
    expect(host.listenerCount()).toBe(0)
    host.emit({ type: 'log:cleared' })
    expect(contents.sent).toEqual([])
    dispose()
    expect(windowWatchers.size).toBe(0)
  })

  it('subscribes when a window opens, once, and lets go when it closes', () => {
    const { host, contents, setWindowOpen } = setup(TARGET, false)
    setWindowOpen(true)
    setWindowOpen(true)
    expect(host.listenerCount()).toBe(1)
    host.emit({ type: 'gateway:status', status: RUNNING })
    expect(contents.sent).toHaveLength(1)

    setWindowOpen(false)
    expect(host.listenerCount()).toBe(0)
    setWindowOpen(true)
    expect(host.listenerCount()).toBe(1)
    host.emit({ type: 'log:cleared' })
    expect(contents.sent.map((s) => s.args[0])).toEqual([
      [{ type: 'gateway:status', status: RUNNING }],
      [{ type: 'log:cleared' }],
    ])
  })

  it('drops the frames held for a window that closed instead of sending them to the next one', () => {
    vi.useFakeTimers()
    const { host, contents, setWindowOpen } = setup()
    host.emit({ type: 'log:frames', id: 'ex_1', frames: [{ t: 1, side: 'client', bytes: 1 }] })
    setWindowOpen(false)
    setWindowOpen(true)
    vi.advanceTimersByTime(100)
    expect(contents.sent).toEqual([])
  })
})

describe('sender check', () => {
  it('answers our renderer', async () => {
    const { call, host } = setup()
    expect(await call('getSettings')).toEqual({ ok: true, value: defaultSettings() })
    expect(host.getSettings).toHaveBeenCalledTimes(1)
  })

  it('rejects a foreign page before the host sees the call', async () => {
    const { call, host } = setup()
    const result = await call('startGateway', undefined, 'https://evil.example/')
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'startGateway: refused: the caller is not the Switchboard window',
      },
    })
    expect(host.startGateway).not.toHaveBeenCalled()
  })

  it('rejects another local file, sub-frames and vanished frames', async () => {
    const { call, host } = setup()
    expect((await call('getSettings', undefined, 'file:///tmp/index.html')).ok).toBe(false)
    expect((await call('getSettings', undefined, OWN, { url: OWN })).ok).toBe(false)
    expect((await call('getSettings', undefined, '')).ok).toBe(false)
    expect(host.getSettings).not.toHaveBeenCalled()
  })

  it('accepts the dev server origin when running against it', async () => {
    const { call } = setup({ kind: 'dev', url: 'http://localhost:5174/' })
    expect((await call('gatewayStatus', undefined, 'http://localhost:5174/')).ok).toBe(true)
    expect((await call('gatewayStatus', undefined, 'http://localhost:9999/')).ok).toBe(false)
  })
})

describe('payload validation', () => {
  it('rejects an invalid settings document before it reaches the host', async () => {
    const { call, host } = setup()
    const bad = { ...defaultSettings(), server: { ...defaultSettings().server, port: 'eighty' } }
    const result = await call('updateSettings', bad)
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.error.message).toMatch(/^updateSettings: invalid argument: server\.port/)
    expect(host.updateSettings).not.toHaveBeenCalled()
  })

  it('rejects unknown settings keys and partial documents', async () => {
    const { call, host } = setup()
    expect((await call('updateSettings', { ...defaultSettings(), extra: true })).ok).toBe(false)
    expect((await call('updateSettings', { version: 1 })).ok).toBe(false)
    expect((await call('updateSettings', undefined)).ok).toBe(false)
    expect(host.updateSettings).not.toHaveBeenCalled()
  })

  it('passes a valid settings document through', async () => {
    const { call, host } = setup()
    const doc = defaultSettings()
    doc.server.port = 9000
    expect((await call('updateSettings', doc)).ok).toBe(true)
    expect(host.updateSettings).toHaveBeenCalledWith(doc)
  })

  it('accepts only browser or device sign-in', async () => {
    const { call, host } = setup()
    expect((await call('signIn', { method: 'password' })).ok).toBe(false)
    expect((await call('signIn', { method: 'browser', extra: 1 })).ok).toBe(false)
    expect((await call('signIn', 'browser')).ok).toBe(false)
    expect(host.signIn).not.toHaveBeenCalled()
    expect(await call('signIn', { method: 'device' })).toEqual({
      ok: true,
      value: { method: 'browser', authorizeUrl: 'https://auth.example/authorize' },
    })
  })

  it('wants short string ids', async () => {
    const { call, host } = setup()
    expect((await call('logEntry', { id: 'x'.repeat(500) })).ok).toBe(false)
    expect((await call('logEntry', { id: 42 })).ok).toBe(false)
    expect((await call('testProvider', { id: '../etc' })).ok).toBe(false)
    expect((await call('explainRoute', { model: '' })).ok).toBe(false)
    expect(host.logEntry).not.toHaveBeenCalled()
    expect((await call('logEntry', { id: 'ex_m1abc_1' })).ok).toBe(true)
  })

  it('never echoes a rejected API key', async () => {
    const { call, host } = setup()
    const result = await call('setProviderKey', { id: 'Not An Id', key: 'sk-very-secret' })
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain('sk-very-secret')
    expect(host.setProviderKey).not.toHaveBeenCalled()
    expect(await call('setProviderKey', { id: 'openai', key: 'sk-very-secret' })).toEqual({
      ok: true,
      value: { secretName: 'provider:openai' },
    })
  })

  it('rejects arguments to methods that take none', async () => {
    const { call, host } = setup()
    expect((await call('clearLog', { everything: true })).ok).toBe(false)
    expect(host.clearLog).not.toHaveBeenCalled()
    expect(await call('clearLog', null)).toEqual({ ok: true, value: null })
  })

  it('turns host failures into a coded error envelope with the message only', async () => {
    const { call, host } = setup()
    host.startGateway.mockRejectedValueOnce(new Error('Port 8787 is taken'))
    expect(await call('startGateway')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Port 8787 is taken' },
    })
  })

  it('names the field of a refused argument and codes it', async () => {
    const { call } = setup()
    const result = await call('updateSettings', {
      ...defaultSettings(),
      server: { ...defaultSettings().server, port: 'x' },
    })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'server.port' },
    })
  })
})

describe('events', () => {
  const frame = (n: number): ControlEvent => ({
    type: 'log:frames',
    id: 'ex_1',
    frames: [{ t: n, side: 'client', bytes: 7, data: `data: ${n}` }],
  })

  it('sends status events at once', () => {
    const { host, contents } = setup()
    host.emit({ type: 'gateway:status', status: RUNNING })
    expect(contents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, args: [[{ type: 'gateway:status', status: RUNNING }]] },
    ])
  })

  it('batches log frames per 50 ms and keeps their order with other events', () => {
    vi.useFakeTimers()
    const { host, contents } = setup()
    host.emit(frame(1))
    host.emit(frame(2))
    host.emit(frame(3))
    expect(contents.sent).toEqual([])
    vi.advanceTimersByTime(50)
    expect(contents.sent).toHaveLength(1)
    expect(contents.sent[0]?.args[0]).toEqual([frame(1), frame(2), frame(3)])

    host.emit(frame(4))
    host.emit({ type: 'log:cleared' })
    expect(contents.sent).toHaveLength(2)
    expect(contents.sent[1]?.args[0]).toEqual([frame(4), { type: 'log:cleared' }])
    vi.advanceTimersByTime(100)
    expect(contents.sent).toHaveLength(2)
  })

  it('skips destroyed windows and stops after dispose', () => {
    const { host, contents, dispose } = setup()
    contents.destroyed = true
    host.emit({ type: 'log:cleared' })
    expect(contents.sent).toEqual([])
    contents.destroyed = false
    dispose()
    host.emit({ type: 'log:cleared' })
    expect(contents.sent).toEqual([])
  })
})
