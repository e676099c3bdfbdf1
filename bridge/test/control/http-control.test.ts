// The control API over HTTP as a browser and an attacker on the same machine see it: the token only in a
// header (never a cookie), JSON bodies only, its own origin only, coded errors naming the field, the UI never
// framed, event batches on the stream.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_TOKEN_HEADER } from '../../control/contract/transports.js'
import { registerControlHttp } from '../../control/http-control.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost, type MemorySettingsStore } from './host-helpers.js'

const TOKEN = 'sbc-test-control-token-123456'
const ALLOWED = 'http://app.example.test'
let fakes: AllFakes
let url = ''
let close: () => Promise<void>
let accessKey = ''
let store: MemorySettingsStore

beforeAll(async () => {
  fakes = await startAllFakes()
  const uiDir = mkdtempSync(join(tmpdir(), 'sb-ui-'))
  mkdirSync(join(uiDir, 'assets'))
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Switchboard UI</title>')
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log(1)')
  const settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.server.allowedOrigins = [ALLOWED]
  })
  const started = await startHost(settings, {
    keepListening: true,
    extendServer: (app, host) =>
      registerControlHttp(app, host, { token: TOKEN, uiDir, frameDelayMs: 5 }),
  })
  url = started.url
  accessKey = started.keys.key
  store = started.settingsStore
  close = () => started.host.close()
})
afterAll(async () => {
  await close()
  await fakes.close()
})

const AUTH = { [CONTROL_TOKEN_HEADER]: TOKEN }
const call = (method: string, body: unknown, headers: Record<string, string> = AUTH) =>
  fetch(`${url}/control/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('the control token', () => {
  it('is needed in the header; the access key is not enough', async () => {
    expect((await call('gatewayStatus', {}, {})).status).toBe(401)
    expect((await call('gatewayStatus', {}, { [CONTROL_TOKEN_HEADER]: accessKey })).status).toBe(
      401,
    )
    const ok = await call('gatewayStatus', {})
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ state: 'running', notices: [] })
  })

  it('is never taken from a cookie, and a malformed cookie is a 401, not a 500', async () => {
    const cookie = await call('gatewayStatus', {}, { cookie: `sb_control=${TOKEN}` })
    expect(cookie.status).toBe(401)
    expect(await cookie.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect((await call('gatewayStatus', {}, { cookie: 'sb_control=%zz' })).status).toBe(401)
    const events = await fetch(`${url}/control/api/events`, {
      headers: { cookie: 'sb_control=%zz' },
    })
    expect(events.status).toBe(401)
  })
})

describe('the UI files', () => {
  it('set no cookie, move an old ?token= link into the fragment, and are never framed', async () => {
    const old = await fetch(`${url}/ui?token=${TOKEN}`, { redirect: 'manual' })
    expect(old.status).toBe(302)
    expect(old.headers.get('set-cookie')).toBeNull()
    expect(old.headers.get('location')).toBe(`/ui/#token=${TOKEN}`)
    const bare = await fetch(`${url}/ui`, { redirect: 'manual' })
    expect(bare.headers.get('location')).toBe('/ui/')

    const page = await fetch(`${url}/ui/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('set-cookie')).toBeNull()
    expect(await page.text()).toContain('Switchboard UI')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('access-control-allow-origin')).toBeNull()
    expect((await fetch(`${url}/ui/assets/app.js`)).headers.get('content-type')).toContain(
      'javascript',
    )
    expect((await fetch(`${url}/ui/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
  })
})

describe('requests from other pages', () => {
  it('refuses a foreign Origin even with the token, and accepts its own origin', async () => {
    expect(
      (await call('gatewayStatus', {}, { ...AUTH, origin: 'http://evil.example.com' })).status,
    ).toBe(403)
    expect((await call('gatewayStatus', {}, { ...AUTH, origin: url })).status).toBe(200)
  })

  it('never honours server.allowedOrigins on control routes', async () => {
    expect((await call('gatewayStatus', {}, { ...AUTH, origin: ALLOWED })).status).toBe(403)
    const preflight = await fetch(`${url}/control/api/updateSettings`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses a no-cors text/plain POST before reading its body, so nothing is saved', async () => {
    const saves = store.saved.length
    const forged = await fetch(`${url}/control/api/regenerateAccessKey`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(forged.status).toBe(415)
    expect(await forged.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
    const form = await fetch(`${url}/control/api/updateSettings`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(form.status).toBe(415)
    expect(store.saved.length).toBe(saves)
    expect((await (await call('gatewayStatus', {})).json()) as { accessKey: string }).toMatchObject(
      { accessKey },
    )
  })
})

describe('coded errors from the one dispatcher', () => {
  it('names unknown methods, the field of a bad argument and a missing provider', async () => {
    const unknown = await call('rmRf', {})
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_method' } })

    const bad = await call('explainRoute', { model: 42 })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_argument', field: 'model' } })

    const garbage = await call('updateSettings', 'not settings')
    expect(garbage.status).toBe(400)
    expect(await garbage.json()).toMatchObject({ error: { code: 'invalid_argument' } })

    const missing = await call('setProviderKey', { id: 'missing', key: 'x' })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({
      error: { code: 'not_found', field: 'id', message: expect.stringContaining('missing') },
    })
  })

  it('refuses settings that would break the next start, before writing them', async () => {
    const saves = store.saved.length
    const current = (await (await call('getSettings', {})).json()) as {
      server: Record<string, unknown>
      providers: Record<string, unknown>[]
    }
    const next = structuredClone(current)
    next.providers.push({
      id: 'hdr',
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:1/v1',
      headers: { 'X Bad': 'v' },
    })
    const res = await call('updateSettings', next)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_settings', field: 'providers[2].headers["X Bad"]' },
    })
    expect(store.saved.length).toBe(saves)
  })
})

describe('the event stream', () => {
  it('sends batches of events as JSON arrays', async () => {
    const ac = new AbortController()
    const res = await fetch(`${url}/control/api/events`, { headers: AUTH, signal: ac.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read()
    await call('clearLog', {})
    let text = ''
    while (!text.includes('log:cleared'))
      text += new TextDecoder().decode((await reader.read()).value)
    const data = /data: (.*)\n\n/.exec(text)?.[1] ?? ''
    expect(JSON.parse(data)).toEqual([{ type: 'log:cleared' }])
    ac.abort()
  })
})

describe('CORS for the model API', () => {
  it('answers a preflight from an allowed origin and lets it read responses; others get nothing', async () => {
    const preflight = await fetch(`${url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type',
    )
    const models = await fetch(`${url}/v1/models`, {
      headers: { origin: ALLOWED, authorization: `Bearer ${accessKey}` },
    })
    expect(models.status).toBe(200)
    expect(models.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    const foreign = await fetch(`${url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example.com', 'access-control-request-method': 'POST' },
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets an allowed origin read model answers: JSON, streamed and errors (the pipeline writes them itself)', async () => {
    const post = (origin: string, body: unknown) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          origin,
          authorization: `Bearer ${accessKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      })
    const messages = [{ role: 'user', content: 'hi' }]
    const json = await post(ALLOWED, { model: 'gpt-test', messages })
    expect(json.status).toBe(200)
    expect(json.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(json.headers.get('access-control-expose-headers')).toContain('x-request-id')
    expect(json.headers.get('vary')).toBe('Origin')
    const streamed = await post(ALLOWED, { model: 'gpt-test', messages, stream: true })
    expect(streamed.status).toBe(200)
    expect(streamed.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(await streamed.text()).toContain('[DONE]')
    const refused = await post(ALLOWED, { model: 'gpt-test', messages: 'not a list' })
    expect(refused.status).toBe(400)
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    const plain = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages }),
    })
    expect(plain.status).toBe(200)
    expect(plain.headers.get('access-control-allow-origin')).toBeNull()
    expect(plain.headers.get('vary')).toBe('Origin')
  })
})
