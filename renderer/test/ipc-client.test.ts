// IPC transport over the preload bridge: invoke, error unwrapping, events.
import { describe, expect, it, vi } from 'vitest'
import type { ControlEvent } from '../../bridge/control/contract.js'
import { ControlError } from '../src/api/control-error.js'
import { createIpcClient } from '../src/api/ipc-client.js'

describe('createIpcClient', () => {
  it('invokes the preload with the method name and argument', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { secretName: 'provider:x' } }))
    const client = createIpcClient({ invoke, onEvent: () => () => {} })
    await expect(client.setProviderKey({ id: 'x', key: 'k' })).resolves.toEqual({
      secretName: 'provider:x',
    })
    expect(invoke).toHaveBeenCalledWith('setProviderKey', { id: 'x', key: 'k' })
  })

  it('turns a failed envelope into a ControlError with its code, field and details', async () => {
    const invoke = vi.fn(async () => ({
      ok: false,
      error: {
        code: 'invalid_settings',
        message: 'Settings not saved',
        field: 'server.host',
        details: ['server.host: no'],
      },
    }))
    const client = createIpcClient({ invoke, onEvent: () => () => {} })
    const error = (await client.getSettings().catch((e: unknown) => e)) as ControlError
    expect(error).toBeInstanceOf(ControlError)
    expect(error).toMatchObject({
      message: 'Settings not saved',
      code: 'invalid_settings',
      field: 'server.host',
      details: ['server.host: no'],
    })
  })

  it("strips Electron's remote-method prefix from errors", async () => {
    const invoke = vi.fn(async () => {
      throw new Error(
        "Error invoking remote method 'control:updateSettings': Error: invalid settings",
      )
    })
    const client = createIpcClient({ invoke, onEvent: () => () => {} })
    await expect(client.getSettings()).rejects.toThrow(/^invalid settings$/)
  })

  it('forwards events and unsubscribes', () => {
    let emit: (e: unknown) => void = () => {}
    const off = vi.fn()
    const client = createIpcClient({ invoke: vi.fn(), onEvent: (cb) => ((emit = cb), off) })
    const seen: ControlEvent[] = []
    const stop = client.subscribe((e) => seen.push(e))
    emit({ type: 'log:cleared' })
    stop()
    expect(seen).toEqual([{ type: 'log:cleared' }])
    expect(off).toHaveBeenCalledOnce()
  })

  it('reports the stream open once the listener is registered, and not after unsubscribing', async () => {
    const client = createIpcClient({ invoke: vi.fn(), onEvent: () => () => {} })
    const opened = vi.fn()
    client.subscribe(() => {}, opened)
    const late = vi.fn()
    client.subscribe(() => {}, late)()
    await Promise.resolve()
    expect(opened).toHaveBeenCalledOnce()
    expect(late).not.toHaveBeenCalled()
  })
})
