// Launch behaviour: the gateway starts unless turned off, and a taken port becomes a notification that offers a free one.
import { describe, expect, it, vi } from 'vitest'
import { defaultSettings } from '../../bridge/config/defaults.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import { createServer } from 'node:net'
import { findFreePort, isPortTaken, startOnLaunch, useFreePort } from '../main/gateway-launch.js'
import type { NotifyOptions } from '../main/notify.js'
import { fakeHost, RUNNING, STOPPED } from './fake-host.js'

const TAKEN: GatewayStatus = {
  ...STOPPED,
  state: 'error',
  error:
    'Port 8787 on 127.0.0.1 is already in use. Choose another port in Settings (0 picks a free one).',
}

describe('startOnLaunch', () => {
  it('starts the gateway by default and stays quiet when it runs', async () => {
    const host = fakeHost()
    const notify = vi.fn()
    expect(await startOnLaunch(host, notify)).toEqual(RUNNING)
    expect(host.startGateway).toHaveBeenCalledTimes(1)
    expect(notify).not.toHaveBeenCalled()
  })

  it('does not start when the setting says so', async () => {
    const host = fakeHost()
    host.settings = { ...defaultSettings(), ui: { startGatewayOnLaunch: false } }
    expect(await startOnLaunch(host, vi.fn())).toBeUndefined()
    expect(host.startGateway).not.toHaveBeenCalled()
  })

  it('offers a free port when the port is taken, and saves the concrete free port when asked', async () => {
    const host = fakeHost()
    host.startGateway
      .mockResolvedValueOnce(TAKEN)
      .mockResolvedValueOnce({ ...RUNNING, port: 49152, url: 'http://127.0.0.1:49152' })
    const notes: NotifyOptions[] = []
    await startOnLaunch(host, (n) => notes.push(n))
    expect(notes).toHaveLength(1)
    expect(notes[0]?.title).toBe('Switchboard could not start the gateway')
    expect(notes[0]?.body).toContain('already in use')
    expect(notes[0]?.action?.text).toBe('Use a Free Port')
    expect(host.updateSettings).not.toHaveBeenCalled()

    notes[0]?.action?.run()
    await vi.waitFor(() => expect(notes).toHaveLength(2))
    const saved = host.updateSettings.mock.calls[0]?.[0]
    // A fixed number, so the next launch keeps the port that the snippets now carry.
    expect(saved?.server.port).toBeGreaterThan(0)
    expect(saved?.server.host).toBe('127.0.0.1')
    expect(host.startGateway).toHaveBeenCalledTimes(2)
    expect(notes[1]?.body).toContain('http://127.0.0.1:49152')
  })

  it('reports other failures without an action', async () => {
    const host = fakeHost()
    host.startGateway.mockResolvedValueOnce({
      ...STOPPED,
      state: 'error',
      error: 'Could not start the gateway: EACCES',
    })
    const notify = vi.fn()
    await startOnLaunch(host, notify)
    expect(notify).toHaveBeenCalledWith({
      title: 'Switchboard could not start the gateway',
      body: 'Could not start the gateway: EACCES',
    })
  })

  it('recognises a taken port only in error states', () => {
    expect(isPortTaken(TAKEN)).toBe(true)
    expect(isPortTaken({ ...TAKEN, state: 'stopped' })).toBe(false)
    expect(isPortTaken({ ...TAKEN, error: 'EACCES' })).toBe(false)
  })
})

describe('useFreePort', () => {
  it('saves a port that is free at that moment and can be listened on', async () => {
    const host = fakeHost()
    await useFreePort(host)
    const port = host.updateSettings.mock.calls[0]?.[0]?.server.port ?? 0
    expect(port).toBeGreaterThan(0)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })

  it('finds a port other than one that is taken', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const address = taken.address()
    const takenPort = typeof address === 'object' && address ? address.port : 0
    expect(await findFreePort('127.0.0.1')).not.toBe(takenPort)
    await new Promise((resolve) => taken.close(resolve))
  })
})
