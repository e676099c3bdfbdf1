// Coming from the earlier bridges, as their users would: `switchboard` run as a process with their config
// files, flags and environment variables, real sockets, the project's fake upstreams and the real Codex CLI.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startFakeCodexBackend,
  type FakeCodexBackend,
} from '../../bridge/test/fakes/fake-codex-backend.js'
import { writeProxyTokens } from '../../bridge/test/fakes/proxy-tokens.js'
import {
  startFakeChat,
  startFakeResponses,
  type FakeServer,
} from '../../bridge/test/fakes/index.js'
import { makeCodexHome, CODEX_BIN } from '../../bridge/test/upstream/codex-cli/harness.js'
import { ensureBuiltCli } from '../helpers/built-cli.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/switchboard.js')
const FIXTURE = join(ROOT, 'bridge/test/fixtures/legacy/codex-chat-bridge.conf.toml')
const children: ChildProcess[] = []
let chat: FakeServer
let responses: FakeServer

beforeAll(async () => {
  ensureBuiltCli()
  chat = await startFakeChat()
  responses = await startFakeResponses()
}, 120_000)

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await chat.close()
  await responses.close()
})

/** A fresh HOME and configuration directory, nothing of a user's own machine. */
function home(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-migrate-'))
  return {
    dir,
    env: {
      PATH: process.env['PATH'],
      HOME: dir,
      SWITCHBOARD_HOME: join(dir, 'sb'),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    },
  }
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

interface Running {
  child: ChildProcess
  stderr: () => string
  output: () => string
  waitFor: (re: RegExp) => Promise<string>
  stop: () => Promise<void>
}

function serve(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [BIN, 'serve', '--secret-store', 'file', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<void>((r) => child.on('exit', () => r()))
  return {
    child,
    stderr: () => err,
    output: () => out + err,
    waitFor: async (re) => {
      for (let i = 0; i < 400; i++) {
        const m = re.exec(out + err)
        if (m) return m[1] ?? m[0]
        if (child.exitCode !== null) break
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`timed out waiting for ${re} in:\n${out}${err}`)
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

const accessKey = (env: NodeJS.ProcessEnv): string =>
  readFileSync(join(env['SWITCHBOARD_HOME'] ?? '', 'access-key'), 'utf8').trim()

describe('codex-chat-bridge users', () => {
  it('serve --config conf.toml runs with that file, leaves it untouched, and prints one line per request (not with --quiet)', async () => {
    const { dir, env } = home()
    const conf = join(dir, 'conf.toml')
    const info = join(dir, 'info.json')
    const text =
      `port = 0\nserver_info = "${info}"\n` +
      readFileSync(FIXTURE, 'utf8').replace(
        'http://127.0.0.1:9/v1/chat/completions',
        `${chat.url}/chat/completions`,
      )
    writeFileSync(conf, text)
    const before = statSync(conf).mtimeMs
    const gw = serve(['--config', conf], { ...env, LEGACY_UPSTREAM_KEY: chat.apiKey })
    await gw.waitFor(/web UI: /)
    expect(gw.output()).toContain(
      `read codex-chat-bridge settings from ${conf} (the file is not changed)`,
    )
    expect(gw.output()).toMatch(/verbose_logging is not used/)
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string }
    const client = new OpenAI({ apiKey: accessKey(env), baseURL: `${url}/v1`, maxRetries: 0 })
    const res = await client.chat.completions.create(
      {
        model: 'gpt-5',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      },
      { headers: { 'x-request-id': 'req-42' } },
    )
    expect(res.choices[0]?.message).toBeDefined()
    const upstream = chat.requests.at(-1)
    expect(upstream?.headers['x-custom-header']).toBe('value')
    expect(upstream?.headers['x-alias-only']).toBe('yes')
    expect(upstream?.headers['x-request-id']).toBe('req-42')
    expect(upstream?.headers['authorization']).toBe(`Bearer ${chat.apiKey}`)
    await gw.waitFor(/POST \/v1\/chat\/completions gpt-5 → cli\/gpt-5 200 \d+ms/)
    expect(gw.stderr()).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z POST \/v1\/chat\/completions gpt-5 → cli\/gpt-5 200 \d+ms \d+ in \/ \d+ out tokens$/m,
    )
    // http_shutdown = true from the file.
    expect(
      (await fetch(`${url}/shutdown`, { headers: { authorization: `Bearer ${accessKey(env)}` } }))
        .status,
    ).toBe(200)
    await gw.stop()
    expect(readFileSync(conf, 'utf8')).toBe(text)
    expect(statSync(conf).mtimeMs).toBe(before)

    const quiet = serve(['--config', conf, '--quiet'], { ...env, LEGACY_UPSTREAM_KEY: chat.apiKey })
    await quiet.waitFor(/web UI: /)
    const q = JSON.parse(readFileSync(info, 'utf8')) as { url: string }
    await new OpenAI({
      apiKey: accessKey(env),
      baseURL: `${q.url}/v1`,
      maxRetries: 0,
    }).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })
    await new Promise((r) => setTimeout(r, 300))
    await quiet.stop()
    expect(quiet.stderr()).not.toMatch(/POST \/v1\/chat\/completions/)
  }, 60_000)

  it('a --config file that cannot be used stops serve with the file and the field named, and stays where it is', () => {
    const { dir, env } = home()
    const json = join(dir, 'mine.json')
    writeFileSync(json, '{"version": 1, "server": {"port": "eighty"}}\n')
    const r = run(['serve', '--config', json], env)
    expect(r.code).not.toBe(0)
    expect(r.err).toContain(json)
    expect(r.err).toMatch(/server\.port: expected integer/)
    expect(readFileSync(json, 'utf8')).toBe('{"version": 1, "server": {"port": "eighty"}}\n')
    expect(existsSync(join(dir, 'sb'))).toBe(false)

    const toml = join(dir, 'conf.toml')
    writeFileSync(toml, 'upstream_wire = "grpc"\n')
    const t = run(['serve', '--config', toml], env)
    expect(t.code).not.toBe(0)
    expect(t.err).toMatch(new RegExp(`${toml}: upstream_wire: expected one of`))
    expect(readFileSync(toml, 'utf8')).toBe('upstream_wire = "grpc"\n')
  })

  it('snippet, status and login read --config conf.toml as serve does, and never move or change it', () => {
    const { dir, env } = home()
    const conf = join(dir, 'conf.toml')
    const text = 'port = 18733\nupstream_url = "http://127.0.0.1:9/v1/chat/completions"\n'
    writeFileSync(conf, text)
    const snippet = run(['snippet', 'claude', '--config', conf], env)
    expect(snippet.code).toBe(0)
    expect(snippet.out).toContain('http://127.0.0.1:18733')
    const status = run(['status', '--config', conf, '--secret-store', 'file'], env)
    expect(status.code).toBe(0)
    expect(status.out).toContain(join(dir, 'sb/settings.json'))
    expect(readFileSync(conf, 'utf8')).toBe(text)
    expect(existsSync(conf)).toBe(true)
  })

  it('--api-key-env without --upstream-url means the OpenAI chat endpoint, said at start-up', async () => {
    const { env } = home()
    const gw = serve(['--port', '0', '--api-key-env', 'OPENAI_API_KEY'], env)
    await gw.waitFor(/web UI: /)
    expect(gw.output()).toContain(
      '--api-key-env without --upstream-url: the upstream is the OpenAI chat endpoint https://api.openai.com/v1/chat/completions',
    )
    expect(gw.output()).toMatch(/default provider: cli/)
    await gw.stop()
  }, 30_000)

  it('its default conf.toml is offered on first run and imported by `switchboard import`, never changed', async () => {
    const { dir, env } = home()
    mkdirSync(join(dir, '.config/codex-chat-bridge'), { recursive: true })
    const conf = join(dir, '.config/codex-chat-bridge/conf.toml')
    const text = readFileSync(FIXTURE, 'utf8')
    writeFileSync(conf, text)
    const gw = serve(['--port', '0'], env)
    await gw.waitFor(/web UI: /)
    expect(gw.output()).toContain(`found codex-chat-bridge settings in ${conf}`)
    await gw.stop()
    const imported = run(['import'], env)
    expect(imported.code).toBe(0)
    expect(imported.out).toContain(`Imported ${conf}`)
    const settings = JSON.parse(readFileSync(join(dir, 'sb/settings.json'), 'utf8')) as {
      defaultProvider: string
      providers: { id: string; baseUrl: string; apiKeyEnv?: string }[]
      filters: { dropToolTypes: string[] }
    }
    expect(settings.defaultProvider).toBe('cli')
    expect(settings.providers.find((p) => p.id === 'cli')).toMatchObject({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeyEnv: 'LEGACY_UPSTREAM_KEY',
    })
    expect(settings.filters.dropToolTypes).toEqual(['web_search', 'web_search_preview'])
    expect(readFileSync(conf, 'utf8')).toBe(text)
  }, 30_000)
})

describe('chatgpt-codex-proxy users', () => {
  let backend: FakeCodexBackend
  beforeAll(async () => {
    backend = await startFakeCodexBackend({ accountId: 'acc-proxy-0001' })
  })
  afterAll(async () => {
    await backend.close()
  })

  it('PORT and HOST set the address when no flag does; a flag wins', async () => {
    const { dir, env } = home()
    const info = join(dir, 'info.json')
    const gw = serve(['--server-info', info], { ...env, PORT: '18731', HOST: 'localhost' })
    await gw.waitFor(/web UI: /)
    expect(JSON.parse(readFileSync(info, 'utf8'))).toMatchObject({ host: 'localhost', port: 18731 })
    await gw.stop()
    const flagged = serve(['--server-info', info, '--port', '0'], { ...env, PORT: '18731' })
    await flagged.waitFor(/web UI: /)
    expect((JSON.parse(readFileSync(info, 'utf8')) as { port: number }).port).not.toBe(18731)
    await flagged.stop()
  }, 30_000)

  it('its tokens.json is imported into the secret store and offered for deletion; CODEX_BASE_URL …/backend-api and PASSTHROUGH_MODE work', async () => {
    const { dir, env } = home()
    const { path: tokens, accessToken } = await writeProxyTokens(dir)
    backend.setValidToken(accessToken)

    const offered = serve(['--port', '0'], env)
    await offered.waitFor(/web UI: /)
    expect(offered.output()).toContain(`found chatgpt-codex-proxy's sign-in in ${tokens}`)
    await offered.stop()

    const kept = run(['login', '--import-proxy', '--secret-store', 'file'], env)
    expect(kept.code).toBe(0)
    expect(kept.out).toMatch(/Signed in as proxy@example.com \(pro\)/)
    expect(kept.out).toContain(`${tokens} still holds your tokens in plain text`)
    expect(existsSync(tokens)).toBe(true)
    const removed = run(
      ['login', '--import-proxy', '--secret-store', 'file', '--delete-proxy-tokens'],
      env,
    )
    expect(removed.code).toBe(0)
    expect(removed.out).toContain(`Deleted ${tokens}.`)
    expect(existsSync(tokens)).toBe(false)

    const base = backend.baseUrl.replace(/\/codex$/, '')
    expect(base).toMatch(/\/backend-api$/)
    const info = join(dir, 'info.json')
    const gw = serve(['--port', '0', '--server-info', info], {
      ...env,
      CODEX_BASE_URL: base,
      PASSTHROUGH_MODE: 'true',
    })
    await gw.waitFor(/web UI: /)
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string }
    const claude = new Anthropic({ apiKey: accessKey(env), baseURL: url, maxRetries: 0 })
    const ok = await claude.messages.create({
      model: 'gpt-5.6-sol',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(ok.content.some((b) => b.type === 'text')).toBe(true)
    await claude.messages
      .create({
        model: 'claude-sonnet-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch(() => undefined)
    expect((backend.responseRequests().at(-1)?.body as { model?: string }).model).toBe(
      'claude-sonnet-4-5',
    )
    await gw.stop()
  }, 60_000)
})

describe('Codex-Wrapper and Codex completions API users', () => {
  it('serve --upstream-wire codex-cli: Codex-Wrapper variables configure it, a plain model name runs on Codex, RATE_LIMIT_PER_MINUTE answers 429', async () => {
    const { dir, env } = home()
    const box = makeCodexHome(responses)
    const info = join(dir, 'info.json')
    const gw = serve(['--upstream-wire', 'codex-cli', '--port', '0', '--server-info', info], {
      ...env,
      CODEX_PATH: CODEX_BIN,
      CODEX_WORKDIR: box.workDir,
      CODEX_HOME: box.codexHome,
      CODEX_SANDBOX_MODE: 'read-only',
      CODEX_TIMEOUT: '120',
      CODEX_REASONING_EFFORT: 'low',
      CODEX_MODEL: 'gpt-5-mini',
      RATE_LIMIT_PER_MINUTE: '2',
      SB_FAKE_KEY: responses.apiKey,
    })
    await gw.waitFor(/web UI: /)
    expect(gw.output()).toMatch(/default provider: codex-cli/)
    expect(gw.output()).toMatch(
      /codex-cli provider 'codex-cli' configured from CODEX_PATH, CODEX_WORKDIR/,
    )
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string }
    const client = new OpenAI({ apiKey: accessKey(env), baseURL: `${url}/v1`, maxRetries: 0 })
    const plain = await client.chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'a plain model name' }],
    })
    expect(plain.choices[0]?.message.content).toContain('done')
    const sent = responses.requests.at(-1)?.body as {
      model?: string
      reasoning?: { effort?: string }
    }
    expect(sent.model).toBe('gpt-5')
    expect(sent.reasoning?.effort).toBe('low')
    await client.chat.completions.create({
      model: 'codex-cli',
      messages: [{ role: 'user', content: 'the configured model' }],
    })
    expect((responses.requests.at(-1)?.body as { model?: string }).model).toBe('gpt-5-mini')
    const limited = await client.chat.completions
      .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'one too many' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError)
    expect(
      (limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'),
    ).toMatch(/^\d+$/)
    await gw.waitFor(/POST \/v1\/chat\/completions gpt-5 → codex-cli\/gpt-5 429/)
    await gw.stop()
  }, 120_000)

  it('a signed-out Codex: serve still starts, and a request is told within seconds that Codex is not signed in', async () => {
    const { dir, env } = home()
    const box = makeCodexHome(responses)
    // The built-in OpenAI provider (no model_provider line) needs `codex login`, which this CODEX_HOME never had.
    writeFileSync(join(box.codexHome, 'config.toml'), 'model = "gpt-5"\n')
    const info = join(dir, 'info.json')
    const gw = serve(['--upstream-wire', 'codex-cli', '--port', '0', '--server-info', info], {
      ...env,
      CODEX_BIN: CODEX_BIN,
      CODEX_WORKDIR: box.workDir,
      CODEX_HOME: box.codexHome,
    })
    await gw.waitFor(/web UI: /)
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string }
    const started = Date.now()
    const stream = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessKey(env)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-5',
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      }),
    })
    expect(stream.status).toBe(401)
    expect(((await stream.json()) as { error: { message: string } }).error.message).toMatch(
      /Codex CLI is not signed in.*codex login/,
    )
    expect(Date.now() - started).toBeLessThan(10_000)
    const status = (await (
      await fetch(`${url}/status`, { headers: { authorization: `Bearer ${accessKey(env)}` } })
    ).json()) as Record<string, unknown>
    expect(status).toMatchObject({
      status: 'degraded',
      codex_available: true,
      codex_signed_in: false,
    })
    await gw.stop()
  }, 60_000)
})
