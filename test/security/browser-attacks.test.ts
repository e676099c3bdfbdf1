// The control plane attacked from a real Chromium page on another local port, after the user opened the UI with
// its #token link: nothing of the control token reaches the other port, the UI cannot be framed, and a
// cross-origin fetch or form POST to the control API changes nothing and reads nothing, even from an origin
// listed in server.allowedOrigins.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtWebUi, launchChromium } from '../helpers/browser.js'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { fileSettingsStore } from '../../bridge/control/file-stores.js'
import { registerControlHttp } from '../../bridge/control/http-control.js'
import { createHost, type BuiltHost } from '../../bridge/host/create-host.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'

const TOKEN = 'sbc-browser-attack-control-token-0001'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

let dir = ''
let built: BuiltHost
let gateway = ''
let attacker: Server
let attackerOrigin = ''
const seen: Seen[] = []
let browser: Browser
let context: BrowserContext

/** The attacker's pages: they know the gateway's address and the control API, not the token. */
function attackerPage(path: string): string {
  const target = `${gateway}/control/api`
  if (path === '/frame')
    return `<!doctype html><title>frame</title><iframe id="ui" src="${gateway}/ui/" width="800" height="600"></iframe>`
  // Every request carries credentials, so a cookie holding the token would travel with it.
  // A valid document, so that only the control plane's checks can refuse it.
  const settings = defaultSettings()
  settings.server.allowedOrigins = [attackerOrigin]
  settings.log.maxEntries = 4242
  const forged = JSON.stringify(settings)
  return `<!doctype html><title>attack</title>
<iframe name="sink" style="display:none"></iframe>
<form id="form" method="POST" enctype="text/plain" target="sink" action="${target}/updateSettings">
  <input name='{"a":"' value='"}'>
</form>
<script>
const out = { cookie: document.cookie, storage: sessionStorage.length + localStorage.length }
const attempt = async (name, run) => {
  try { out[name] = await run() } catch (e) { out[name] = 'error: ' + e.name }
}
const body = ${JSON.stringify(forged)}
window.done = (async () => {
  await attempt('noCorsText', async () => {
    const r = await fetch('${target}/updateSettings', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body })
    return r.type + ':' + r.status + ':' + (await r.text())
  })
  await attempt('noCorsRegenerate', async () => {
    const r = await fetch('${target}/regenerateAccessKey', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' })
    return r.type + ':' + r.status + ':' + (await r.text())
  })
  await attempt('corsJson', async () => {
    const r = await fetch('${target}/updateSettings', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body })
    return r.type + ':' + r.status + ':' + (await r.text())
  })
  await attempt('readSettings', async () => {
    const r = await fetch('${target}/getSettings', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' })
    return r.type + ':' + r.status + ':' + (await r.text())
  })
  await attempt('readEvents', async () => {
    const r = await fetch('${target}/events', { credentials: 'include' })
    return r.type + ':' + r.status + ':' + (await r.text())
  })
  await new Promise((done) => {
    document.querySelector('iframe[name=sink]').addEventListener('load', done, { once: true })
    document.getElementById('form').submit()
  })
  out.form = 'submitted'
  await fetch('/report', { method: 'POST', body: JSON.stringify(out) })
  return out
})()
</script>`
}

beforeAll(async () => {
  const uiDir = builtWebUi()
  attacker = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(attackerPage(req.url ?? '/'))
    })
  })
  await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done))
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`

  dir = await mkdtemp(join(tmpdir(), 'sb-browser-attacks-'))
  const settings = defaultSettings()
  settings.server.port = 0
  // The worst case: the attacker's origin is one the user allowed for the model API.
  settings.server.allowedOrigins = [attackerOrigin]
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings, null, 2))
  built = await createHost({
    env: {},
    configDir: dir,
    settingsStore: fileSettingsStore(join(dir, 'settings.json')),
    openSecrets: async () => new MemorySecretStore(),
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token: TOKEN, uiDir }),
  })
  gateway = (await built.host.startGateway()).url ?? ''
  browser = await launchChromium()
  context = await browser.newContext()
  // The user opens the link `switchboard serve` printed; the UI takes the token and talks to the control API.
  const ui = await context.newPage()
  const answered = ui.waitForResponse(
    (r) => r.url().includes('/control/api/') && r.status() === 200,
  )
  await ui.goto(`${gateway}/ui/#token=${TOKEN}`)
  await answered
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await built?.host.close()
  await new Promise((done) => attacker?.close(done))
  await rm(dir, { recursive: true, force: true })
})

describe('a page on another local port, after the UI was opened', () => {
  it('receives nothing of the control token: no cookie, no header, nothing in what its page can see', async () => {
    expect(await context.cookies()).toEqual([])
    const page = await context.newPage()
    await page.goto(`${attackerOrigin}/attack`)
    const out = (await page.evaluate('window.done')) as Record<string, unknown>
    expect(out['cookie']).toBe('')
    expect(out['storage']).toBe(0)
    const everything = JSON.stringify(seen)
    expect(everything).not.toContain(TOKEN)
    expect(seen.some((s) => s.headers.cookie !== undefined)).toBe(false)
    expect(seen.some((s) => s.headers['x-switchboard-control'] !== undefined)).toBe(false)
    await page.close()
  })

  it('cannot frame the UI: Chromium honours frame-ancestors and X-Frame-Options', async () => {
    const page = await context.newPage()
    const blocked: string[] = []
    page.on('console', (m) => {
      if (/frame/i.test(m.text())) blocked.push(m.text())
    })
    await page.goto(`${attackerOrigin}/frame`)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(frame).toBeDefined()
    await page.waitForTimeout(500)
    // A refused frame shows Chromium's error page, never the UI's document.
    expect(frame?.url()).not.toContain(`${gateway}/ui`)
    expect(blocked.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/)
    await page.close()
  })

  it('changes nothing and reads nothing through fetch or a form POST to the control API', async () => {
    const path = join(dir, 'settings.json')
    const before = await readFile(path)
    const key = built.host.accessKey
    const page = await context.newPage()
    await page.goto(`${attackerOrigin}/attack`)
    const out = (await page.evaluate('window.done')) as Record<string, string>
    // no-cors answers are opaque: status 0, no body; CORS calls fail their preflight or the read.
    expect(out['noCorsText']).toBe('opaque:0:')
    expect(out['noCorsRegenerate']).toBe('opaque:0:')
    expect(out['corsJson']).toMatch(/^error: TypeError/)
    expect(out['readSettings']).toMatch(/^error: TypeError/)
    expect(out['readEvents']).toMatch(/^error: TypeError|^opaque/)
    expect(out['form']).toBe('submitted')
    await page.close()
    expect((await readFile(path)).equals(before)).toBe(true)
    expect(built.host.accessKey).toBe(key)
    expect((await built.host.getSettings()).log.maxEntries).not.toBe(4242)

    // The same call with the token (the UI's way) does change the settings: the forged ones were refused,
    // not malformed.
    const forged = await built.host.getSettings()
    forged.log.maxEntries = 4242
    const real = await fetch(`${gateway}/control/api/updateSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchboard-control': TOKEN },
      body: JSON.stringify(forged),
    })
    expect(real.status).toBe(200)
    expect((await readFile(path)).equals(before)).toBe(false)
    expect((await built.host.getSettings()).log.maxEntries).toBe(4242)
  })
})
