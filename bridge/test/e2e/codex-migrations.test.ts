// What Codex-Wrapper and Codex completions API users rely on, through the gateway with the real Codex CLI
// and the fake Responses model: history folded into a new thread, a signed-out Codex answered at once in
// the caller's dialect, x_codex overrides, `reasoning: {effort}`, the default model name, local-only.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { ProviderSettings, Settings } from '../../config/schema.js'
import { startFakeResponses, type FakeServer } from '../fakes/index.js'
import { startCodexGateway, type CodexGateway } from '../helpers/codex-gateway.js'
import { ACCESS_KEY } from '../helpers/gateway.js'
import {
  CODEX_BIN,
  makeCodexHome,
  provider,
  type CodexSandbox,
} from '../upstream/codex-cli/harness.js'

let fake: FakeServer
let box: CodexSandbox
let signedOut: CodexSandbox
let gw: CodexGateway
let settings: Settings
let url = ''

/** A CODEX_HOME whose model provider needs a Codex sign-in (as the built-in OpenAI one does), and none done. */
function needsLogin(sandbox: CodexSandbox, fakeUrl: string): void {
  const toml = [
    'model_provider = "sbauth"',
    'model = "gpt-5"',
    '[model_providers.sbauth]',
    'name = "sbauth"',
    `base_url = "${fakeUrl}"`,
    'wire_api = "responses"',
    'requires_openai_auth = true',
    '',
  ].join('\n')
  writeFileSync(join(sandbox.codexHome, 'config.toml'), toml)
}

function use(p: ProviderSettings): void {
  settings.providers = [...settings.providers.filter((x) => x.id !== p.id), p]
  settings.defaultProvider = p.id
}

const lastUpstream = (): string => JSON.stringify(fake.requests.at(-1)?.body ?? {})

beforeAll(async () => {
  fake = await startFakeResponses()
  box = makeCodexHome(fake)
  signedOut = makeCodexHome(fake)
  needsLogin(signedOut, fake.url)
  settings = defaultSettings()
  use(provider(box, 'codex-cli'))
  gw = await startCodexGateway(settings, box, fake)
  url = gw.url
}, 60_000)

afterAll(async () => {
  await gw.close()
  await fake.close()
})

const openai = (): OpenAI => new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url}/v1`, maxRetries: 0 })

describe('Codex as the upstream of an OpenAI-compatible tool', () => {
  it('folds the system prompt and the whole history into a new thread, so "What is my name?" has its answer', async () => {
    use(provider(box, 'codex-cli'))
    const res = await openai().chat.completions.create({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'You are a terse assistant called Ferris.' },
        { role: 'user', content: 'My name is Bob.' },
        { role: 'assistant', content: 'Nice to meet you, Bob.' },
        { role: 'user', content: 'What is my name?' },
      ],
    })
    expect(res.choices[0]?.message.content).toContain('done')
    const upstream = lastUpstream()
    expect(upstream).toContain('You are a terse assistant called Ferris.')
    expect(upstream).toContain('User: My name is Bob.')
    expect(upstream).toContain('Assistant: Nice to meet you, Bob.')
    expect(upstream).toContain('What is my name?')
  }, 60_000)

  it('runs a plain model name with Codex, and "codex-cli" as the provider\'s model (CODEX_MODEL)', async () => {
    use(provider(box, 'codex-cli', { model: 'gpt-5-mini' }))
    await openai().chat.completions.create({
      model: 'codex-cli',
      messages: [{ role: 'user', content: 'which model?' }],
    })
    expect((fake.requests.at(-1)?.body as { model?: string }).model).toBe('gpt-5-mini')
    await openai().chat.completions.create({
      model: 'gpt-5-codex',
      messages: [{ role: 'user', content: 'which model now?' }],
    })
    expect((fake.requests.at(-1)?.body as { model?: string }).model).toBe('gpt-5-codex')
  }, 60_000)

  it("reads a chat body's reasoning: {effort} like reasoning_effort", async () => {
    use(provider(box, 'codex-cli'))
    const body = {
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'think hard' }],
      reasoning: { effort: 'high' },
    }
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    expect(
      (fake.requests.at(-1)?.body as { reasoning?: { effort?: string } }).reasoning?.effort,
    ).toBe('high')
  }, 60_000)

  it('applies x_codex overrides within what the provider allows, and refuses more with a 400 naming the setting', async () => {
    use(provider(box, 'codex-cli', { sandbox: 'workspace-write' }))
    const post = (x_codex: unknown): Promise<Response> =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gpt-5',
          messages: [{ role: 'user', content: 'sandbox?' }],
          x_codex,
        }),
      })
    expect((await post(undefined)).status).toBe(200)
    expect(lastUpstream()).toMatch(/`sandbox_mode` is `workspace-write`/)
    const narrowed = await post({ sandbox: 'read-only', network_access: false })
    expect(narrowed.status).toBe(200)
    expect(lastUpstream()).toMatch(/`sandbox_mode` is `read-only`/)
    const wider = await post({ sandbox: 'danger-full-access' })
    expect(wider.status).toBe(400)
    expect(((await wider.json()) as { error: { message: string } }).error.message).toMatch(
      /x_codex\.sandbox "danger-full-access".*codex\.allowDangerFullAccess/,
    )
    const network = await post({ network_access: true })
    expect(network.status).toBe(400)
    expect(((await network.json()) as { error: { message: string } }).error.message).toMatch(
      /codex\.networkAccess/,
    )
  }, 60_000)

  it('a signed-out Codex: a streaming and a plain request each get "not signed in" in their own dialect within seconds', async () => {
    use(provider(signedOut, 'codex-cli'))
    const status = spawnSync(CODEX_BIN, ['login', 'status'], {
      env: { ...process.env, CODEX_HOME: signedOut.codexHome, HOME: signedOut.home },
      encoding: 'utf8',
    })
    expect(status.status).not.toBe(0)
    const started = Date.now()
    const chat = await openai()
      .chat.completions.create({
        model: 'gpt-5',
        stream: true,
        messages: [{ role: 'user', content: 'hello?' }],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(chat).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((chat as Error).message).toMatch(/Codex CLI is not signed in.*codex login/)
    const claude = await new Anthropic({ apiKey: ACCESS_KEY, baseURL: url, maxRetries: 0 }).messages
      .create({ model: 'gpt-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello?' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(claude).toBeInstanceOf(Anthropic.AuthenticationError)
    expect((claude as Error).message).toMatch(/not signed in/)
    expect(Date.now() - started).toBeLessThan(10_000)
  }, 60_000)

  it('signed in with `codex login --with-api-key`, the same Codex answers', async () => {
    const signedIn = makeCodexHome(fake)
    needsLogin(signedIn, fake.url)
    const login = spawnSync(CODEX_BIN, ['login', '--with-api-key'], {
      env: { ...process.env, CODEX_HOME: signedIn.codexHome, HOME: signedIn.home },
      input: fake.apiKey,
      encoding: 'utf8',
    })
    expect(login.status).toBe(0)
    use(provider(signedIn, 'codex-cli'))
    const res = await openai().chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'signed in now' }],
    })
    expect(res.choices[0]?.message.content).toContain('done')
  }, 60_000)

  it('local-only refuses a Codex whose model provider is off this machine, and runs one on loopback', async () => {
    use(provider(box, 'codex-cli', { localOnly: true }))
    const ok = await openai().chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'local?' }],
    })
    expect(ok.choices[0]?.message.content).toContain('done')
    const remote = makeCodexHome(fake)
    writeFileSync(
      join(remote.codexHome, 'config.toml'),
      'model_provider = "far"\n[model_providers.far]\nname = "far"\nbase_url = "https://models.example.com/v1"\nenv_key = "SB_FAKE_KEY"\nwire_api = "responses"\n',
    )
    use(provider(remote, 'codex-cli', { localOnly: true }))
    const refused = await openai()
      .chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'local?' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError)
    expect((refused as Error).message).toMatch(/local-only.*models\.example\.com/)
  }, 60_000)

  it('GET /healthz also answers "ok": true', async () => {
    const res = await fetch(`${url}/healthz`)
    expect(await res.json()).toMatchObject({ status: 'ok', ok: true })
  })
})
