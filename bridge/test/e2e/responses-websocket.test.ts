// Codex's WebSocket probe gets the 426 that makes it fall back to HTTP, with a real upgrade handshake on the wire.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fake: FakeServer
let gw: RunningGateway

beforeAll(async () => {
  fake = await startFakeChat()
  gw = await startGateway(settingsFor('openai-chat', fake))
})
afterAll(async () => {
  await gw.close()
  await fake.close()
})

function get(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${gw.url}${path}`, { headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString('utf8')))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('upgrade', () => reject(new Error('the gateway accepted a WebSocket upgrade')))
    req.on('error', reject)
    req.end()
  })
}

const upgrade = {
  authorization: `Bearer ${ACCESS_KEY}`,
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'openai-beta': 'responses_websockets=2026-02-06',
}

describe('GET /v1/responses', () => {
  it('answers a WebSocket upgrade with 426 in the Responses error envelope', async () => {
    for (const path of ['/v1/responses', '/responses']) {
      const res = await get(path, upgrade)
      expect(res.status).toBe(426)
      expect(JSON.parse(res.body)).toMatchObject({
        error: { message: expect.stringContaining('HTTP only') },
      })
    }
    expect(fake.requests).toHaveLength(0)
  })

  it('without an upgrade it is an unknown route (404), and without the key a 401', async () => {
    expect((await get('/v1/responses', { authorization: `Bearer ${ACCESS_KEY}` })).status).toBe(404)
    const { authorization: _key, ...anonymous } = upgrade
    expect((await get('/v1/responses', anonymous)).status).toBe(401)
  })
})
