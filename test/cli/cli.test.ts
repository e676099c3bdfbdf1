// The `switchboard` command as a user runs it: login through the fake issuer (file secret store), serve
// with the ChatGPT backend and the UI link, a client request, status with the usage windows, snippet,
// and GET /shutdown. Real processes, real sockets.
import Anthropic from '@anthropic-ai/sdk'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startFakeCodexBackend,
  type FakeCodexBackend,
} from '../../bridge/test/fakes/fake-codex-backend.js'
import { startFakeIssuer, type FakeIssuer } from '../../bridge/test/fakes/fake-issuer.js'
import { ensureBuiltCli } from '../helpers/built-cli.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/switchboard.js')
let backend: FakeCodexBackend
let issuer: FakeIssuer
let dir = ''
let env: NodeJS.ProcessEnv = {}
const children: ChildProcess[] = []

beforeAll(async () => {
  ensureBuiltCli()
  backend = await startFakeCodexBackend({
    accountId: '11111111-2222-4333-8444-555555555555',
    validToken: 'none-yet',
  })
  issuer = await startFakeIssuer({ onAccessToken: (t) => backend.setValidToken(t) })
  dir = mkdtempSync(join(tmpdir(), 'sb-cli-'))
  env = {
    PATH: process.env['PATH'],
    HOME: dir,
    SWITCHBOARD_HOME: dir,
    SWITCHBOARD_OAUTH_ISSUER: issuer.url,
    CODEX_BASE_URL: backend.baseUrl,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
  }
}, 60_000)

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await backend.close()
  await issuer.close()
})

function run(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function startCli(args: string[]): {
  child: ChildProcess
  output: () => string
  waitFor: (re: RegExp) => Promise<string>
  exited: Promise<number | null>
} {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let text = ''
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  const waitFor = async (re: RegExp): Promise<string> => {
    for (let i = 0; i < 300; i++) {
      const m = re.exec(text)
      if (m) return m[1] ?? m[0]
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${re} in:\n${text}`)
  }
  return { child, output: () => text, waitFor, exited }
}

describe('switchboard CLI', () => {
  it('login refuses to store tokens in a file unless asked, then signs in with --secret-store file', async () => {
    const refused = run(['login', '--no-browser'])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/No keychain is available.*--secret-store file/s)

    const login = startCli(['login', '--no-browser', '--secret-store', 'file'])
    const authorizeUrl = await login.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\S+)/)
    const redirect = await fetch(authorizeUrl, { redirect: 'manual' })
    await fetch(redirect.headers.get('location') ?? '')
    expect(await login.exited).toBe(0)
    expect(login.output()).toMatch(/Signed in as ada@example.com \(plus\)/)
    const mode = Number.parseInt(
      (await import('node:fs')).statSync(join(dir, 'secrets.json')).mode.toString(8).slice(-3),
      10,
    )
    expect(mode).toBe(600)
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toBe('')
  })

  it('serve routes a client to ChatGPT, status shows the usage windows, snippet carries the key, /shutdown stops it', async () => {
    const serve = startCli([
      'serve',
      '--port',
      '0',
      '--server-info',
      join(dir, 'info.json'),
      '--http-shutdown',
    ])
    await serve.waitFor(/web UI: (\S+)/)
    const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as {
      url: string
      port: number
      pid: number
      host: string
    }
    expect(info).toMatchObject({ host: '127.0.0.1', pid: serve.child.pid })
    const key = readFileSync(join(dir, 'access-key'), 'utf8').trim()

    const client = new Anthropic({ apiKey: key, baseURL: info.url, maxRetries: 0 })
    const msg = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(msg.content.some((b) => b.type === 'text' && b.text.length > 0)).toBe(true)

    await new Promise((r) => setTimeout(r, 200))
    const status = run(['status'])
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/ada@example.com \(plus\): ready/)
    expect(status.out).toMatch(/5-hour window:\s+\d+% used/)
    // The readable list says what `accounts --json` marks: where new conversations go.
    const accounts = run(['accounts'])
    expect(accounts.code).toBe(0)
    expect(accounts.out).toMatch(/ada@example.com \(plus\): ready {2}\[serves new conversations\]/)
    expect(accounts.out).toMatch(/^New conversations go to ada@example\.com\.$/m)

    const snippet = run(['snippet', 'claude', '--url', info.url])
    expect(snippet.out).toContain(`ANTHROPIC_BASE_URL=${info.url}`)
    expect(snippet.out).toContain(key)

    expect((await fetch(`${info.url}/shutdown`)).status).toBe(401)
    expect(
      (await fetch(`${info.url}/shutdown`, { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(200)
    expect(await serve.exited).toBe(0)
  })

  it('serve with a broken settings file says so, naming the field and where the file was kept', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-cli-broken-'))
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ server: { port: 'x' } }))
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...env, HOME: home, SWITCHBOARD_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await expect
      .poll(() => out, { timeout: 15_000 })
      .toMatch(/web UI: http:\/\/127\.0\.0\.1:\d+\/ui\/#token=sbc-/)
    const kept = readdirSync(home).find((n) => n.startsWith('settings.json.broken-')) ?? 'none'
    expect(err).toMatch(/settings\.json could not be used: .*server\.port/s)
    expect(err).toContain(join(home, kept))
    child.kill('SIGTERM')
  })

  it('a flag with a bad value is a clear error naming the flag', () => {
    const r = run(['serve', '--port', 'abc'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--port/)
    const host = run(['serve', '--host', '0.0.0.0', '--port', '0'])
    expect(host.code).toBe(2)
    expect(host.err).toMatch(/allow-non-loopback|allowNonLoopback/)
  })
})
