// Inbound checks answered in the caller's dialect: auth, Host, Origin, bad bodies, unknown routes, health,
// models and count_tokens — all before any upstream work (the fake must see no request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fakes: AllFakes
let gw: RunningGateway

beforeAll(async () => {
  fakes = await startAllFakes()
  gw = await startGateway(
    settingsFor('openai-chat', fakes.chat, (s) => {
      s.server.bodyLimitMb = 1
      s.routing.rules.push(
        { match: 'claude-*haiku*', provider: 'up', model: 'small-model' },
        { match: 'broken', provider: 'nope' },
      )
    }),
  )
})
afterAll(async () => {
  await gw.close()
  await fakes.close()
})

const auth = { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' }
const post = (path: string, body: string, headers: Record<string, string> = auth) =>
  fetch(`${gw.url}${path}`, { method: 'POST', headers, body })
const chatBody = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
const anthropicBody = JSON.stringify({
  model: 'm',
  max_tokens: 10,
  messages: [{ role: 'user', content: 'hi' }],
})

describe('access key', () => {
  it('rejects a missing key with the dialect envelope, before any upstream call', async () => {
    const before = fakes.chat.requests.length
    const res = await post('/v1/messages', anthropicBody, { 'content-type': 'application/json' })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({
      type: 'error',
      error: {
        type: 'authentication_error',
        message: expect.stringContaining('Missing Switchboard access key'),
      },
    })
    const chat = await post('/v1/chat/completions', chatBody, {
      'content-type': 'application/json',
      authorization: 'Bearer wrong',
    })
    expect(chat.status).toBe(401)
    expect(await chat.json()).toMatchObject({
      error: { type: 'authentication_error', message: expect.stringContaining('Invalid') },
    })
    expect(fakes.chat.requests.length).toBe(before)
  })

  it('accepts the key as x-api-key too', async () => {
    const res = await post('/v1/messages', anthropicBody, {
      'x-api-key': ACCESS_KEY,
      'content-type': 'application/json',
    })
    expect(res.status).toBe(200)
  })
})

describe('Host and Origin', () => {
  it('refuses an unknown Host name (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${gw.url}/healthz`, { headers: { host: 'evil.example.com' } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
  })

  it('refuses a browser Origin on model endpoints unless allowed by name', async () => {
    const res = await post('/v1/chat/completions', chatBody, {
      ...auth,
      origin: 'https://evil.example.com',
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { message: expect.stringContaining('allowedOrigins') },
    })
  })
})

describe('bad input', () => {
  it('malformed JSON → 400 in each dialect', async () => {
    const a = await post('/v1/messages', '{"model":', auth)
    expect(a.status).toBe(400)
    expect(await a.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') },
    })
    const r = await post('/v1/responses', '{nope', auth)
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
  })

  it('missing fields name the field', async () => {
    const res = await post('/v1/messages', JSON.stringify({ model: 'm', messages: [] }))
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('max_tokens')
    const chat = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }),
    )
    expect(chat.status).toBe(400)
    expect(await chat.json()).toMatchObject({
      error: { param: expect.stringContaining('messages') },
    })
  })

  it('a wrong content type gets a clear 415', async () => {
    const res = await post('/v1/chat/completions', 'model=m', {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({
      error: { message: expect.stringContaining('application/json') },
    })
  })

  it('a body over the limit gets 413 in the dialect', async () => {
    const big = JSON.stringify({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }],
    })
    const res = await post('/v1/messages', big)
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } })
  })

  it('tolerates unknown extra fields', async () => {
    const res = await post(
      '/v1/chat/completions',
      JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        some_future_field: { x: 1 },
      }),
    )
    expect(res.status).toBe(200)
  })

  it('a rule naming a missing provider is a 404 naming the rule', async () => {
    const res = await post('/v1/responses', JSON.stringify({ model: 'broken', input: 'hi' }))
    expect(res.status).toBe(404)
    expect(JSON.stringify(await res.json())).toMatch(/nope/)
  })

  it('unknown routes answer 404 in the dialect of the path', async () => {
    const res = await fetch(`${gw.url}/v1/messages/nothing`, { headers: auth })
    expect(res.status).toBe(404)
  })
})

describe('open endpoints, models and count_tokens', () => {
  it('answers HEAD / and health checks without a key', async () => {
    expect((await fetch(`${gw.url}/`, { method: 'HEAD' })).status).toBe(200)
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toMatchObject({ status: 'ok' })
    expect((await fetch(`${gw.url}/health`)).status).toBe(200)
  })

  it('lists models in OpenAI shape, and Anthropic shape with anthropic-version', async () => {
    const openai = (await (await fetch(`${gw.url}/v1/models`, { headers: auth })).json()) as {
      object: string
      data: { id: string }[]
    }
    expect(openai.object).toBe('list')
    expect(openai.data.map((m) => m.id)).toContain('broken')
    const anthropic = (await (
      await fetch(`${gw.url}/v1/models`, {
        headers: { ...auth, 'anthropic-version': '2023-06-01' },
      })
    ).json()) as { data: { type: string }[]; has_more: boolean }
    expect(anthropic.has_more).toBe(false)
    expect(anthropic.data[0]?.type).toBe('model')
  })

  it('counts tokens with a tokenizer, including system and tools', async () => {
    const base = {
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'Hello there, how are you today?' }],
    }
    const count = async (body: object) =>
      (
        (await (
          await post('/v1/messages/count_tokens?beta=true', JSON.stringify(body))
        ).json()) as { input_tokens: number }
      ).input_tokens
    const small = await count(base)
    const withSystem = await count({
      ...base,
      system: 'You are a very careful assistant who answers in French. '.repeat(10),
    })
    const withTools = await count({
      ...base,
      tools: [
        {
          name: 'get_weather',
          description: 'Get the weather for a city, in Celsius.',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
    })
    expect(small).toBeGreaterThan(5)
    expect(small).toBeLessThan(30)
    expect(withSystem).toBeGreaterThan(small + 80)
    expect(withTools).toBeGreaterThan(small + 10)
  })
})

describe('GET /shutdown', () => {
  it('is off unless enabled, and needs the access key and no foreign Origin when on', async () => {
    expect(
      (await fetch(`${gw.url}/shutdown`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } }))
        .status,
    ).toBe(404)
    expect((await fetch(`${gw.url}/shutdown`)).status).toBe(401)
    const { buildServer } = await import('../../server.js')
    let stopped = 0
    const settings = structuredClone(gw.settings)
    settings.server.httpShutdown = true
    const app = buildServer({
      settings: () => settings,
      accessKey: () => ACCESS_KEY,
      onShutdown: () => void stopped++,
    }).app
    expect((await app.inject({ method: 'GET', url: '/shutdown' })).statusCode).toBe(401)
    // A page elsewhere (a link, an <img>) must not stop the gateway, even where the key leaked.
    const foreign = await app.inject({
      method: 'GET',
      url: '/shutdown',
      headers: { authorization: `Bearer ${ACCESS_KEY}`, origin: 'http://127.0.0.1:9999' },
    })
    expect(foreign.statusCode).toBe(403)
    expect(stopped).toBe(0)
    const ok = await app.inject({
      method: 'GET',
      url: '/shutdown',
      headers: { authorization: `Bearer ${ACCESS_KEY}` },
    })
    expect(ok.statusCode).toBe(200)
    await new Promise((r) => setImmediate(r))
    expect(stopped).toBe(1)
    await app.close()
  })
})
