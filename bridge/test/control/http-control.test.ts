// The control API over HTTP: the token (header or the cookie the /ui link sets), same-origin only, JSON
// calls, the live event stream, and the UI's static files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_TOKEN_HEADER } from '../../control/contract.js'
import { registerControlHttp } from '../../control/http-control.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost } from './host-helpers.js'

const TOKEN = 'sbc-test-control-token-123456'
let fakes: AllFakes
let url = ''
let close: () => Promise<void>
let accessKey = ''

beforeAll(async () => {
  fakes = await startAllFakes()
  const uiDir = mkdtempSync(join(tmpdir(), 'sb-ui-'))
  mkdirSync(join(uiDir, 'assets'))
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Switchboard UI</title>')
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log(1)')
  const started = await startHost(settingsFor('openai-chat', fakes.chat), {
    keepListening: true,
    extendServer: (app, host) => registerControlHttp(app, host, { token: TOKEN, uiDir }),
  })
  url = started.url
  accessKey = started.keys.key
  close = () => started.host.close()
})
afterAll(async () => {
  await close()
  await fakes.close()
})

const call = (method: string, body: unknown, headers: Record<string, string> = { [CONTROL_TOKEN_HEADER]: TOKEN }) =>
  fetch(`${url}/control/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

describe('control over HTTP', () => {
  it('needs the control token; the access key is not enough', async () => {
    expect((await call('gatewayStatus', {}, {})).status).toBe(401)
    expect((await call('gatewayStatus', {}, { [CONTROL_TOKEN_HEADER]: accessKey })).status).toBe(401)
    const ok = await call('gatewayStatus', {})
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ state: 'running' })
  })

  it('the /ui link sets an HttpOnly SameSite cookie that then authorises calls and the UI files', async () => {
    const res = await fetch(`${url}/ui?token=${TOKEN}`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const cookie = setCookie.split(';')[0] ?? ''
    expect(await (await fetch(`${url}/ui/`, { headers: { cookie } })).text()).toContain('Switchboard UI')
    expect((await fetch(`${url}/ui/assets/app.js`, { headers: { cookie } })).headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${url}/ui/`)).status).toBe(401)
    expect((await fetch(`${url}/ui/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status).toBe(404)
    expect((await call('explainRoute', { model: 'x' }, { cookie })).status).toBe(200)
  })

  it('refuses a foreign Origin even with the token, and accepts its own origin', async () => {
    expect((await call('gatewayStatus', {}, { [CONTROL_TOKEN_HEADER]: TOKEN, origin: 'http://evil.example.com' })).status).toBe(403)
    expect((await call('gatewayStatus', {}, { [CONTROL_TOKEN_HEADER]: TOKEN, origin: url })).status).toBe(200)
  })

  it('reports unknown methods and failing calls as JSON errors', async () => {
    expect((await call('rmRf', {})).status).toBe(404)
    const bad = await call('setProviderKey', { id: 'missing', key: 'x' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { message: expect.stringContaining('missing') } })
  })

  it('streams control events as SSE', async () => {
    const ac = new AbortController()
    const res = await fetch(`${url}/control/api/events`, { headers: { [CONTROL_TOKEN_HEADER]: TOKEN }, signal: ac.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read()
    await call('clearLog', {})
    let text = ''
    while (!text.includes('log:cleared')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('"type":"log:cleared"')
    ac.abort()
  })
})
