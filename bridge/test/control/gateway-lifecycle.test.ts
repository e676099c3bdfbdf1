// The gateway's lifecycle after a saved address change: the tray app moves the server to the new port at once;
// the headless gateway keeps its address (the UI is served there) and says the change waits for a restart.
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost } from './host-helpers.js'

let chat: FakeServer
beforeAll(async () => {
  chat = await startFakeChat()
})
afterAll(async () => {
  await chat.close()
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  await new Promise<void>((done) => server.close(() => done()))
  if (typeof address !== 'object' || !address) throw new Error('no port')
  return address.port
}

async function models(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })
  return res.status
}

describe('gateway lifecycle', () => {
  it('moves the gateway to a newly saved port at once', async () => {
    const { host, url, keys } = await startHost(settingsFor('openai-chat', chat))
    try {
      const port = await freePort()
      const next = await host.getSettings()
      next.server.port = port
      const saved = await host.updateSettings(next)
      expect(saved.warnings).toEqual([])
      const status = await host.gatewayStatus()
      expect(status).toMatchObject({ state: 'running', port, url: `http://127.0.0.1:${port}` })
      expect(await models(`http://127.0.0.1:${port}`, keys.key)).toBe(200)
      await expect(models(url, keys.key)).rejects.toThrow()
    } finally {
      await host.close()
    }
  })

  it('headless: keeps listening where it is and says the new port waits for a restart', async () => {
    const { host, url, keys } = await startHost(settingsFor('openai-chat', chat), {
      keepListening: true,
    })
    try {
      const next = await host.getSettings()
      next.server.port = await freePort()
      const saved = await host.updateSettings(next)
      expect(saved.warnings).toEqual([
        'Host, port and body limit changes take effect when the gateway is restarted.',
      ])
      expect((await host.gatewayStatus()).url).toBe(url)
      expect(await models(url, keys.key)).toBe(200)
    } finally {
      await host.close()
    }
  })
})
