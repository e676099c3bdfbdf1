// Fallback within a cap through `switchboard serve` itself: three accounts signed in with `switchboard login
// --device` against the fake issuer, the real ChatGPT provider against the fake backend, a fake chat and a fake
// Anthropic upstream as fallbacks, the official SDKs as clients, settings changed and the log read over the
// HTTP control API, and `switchboard usage --json` afterwards.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { accountSecretName } from '../../auth/account-pool.js'
import { ISSUER_ENV } from '../../auth/auth-config.js'
import { parseStoredTokens } from '../../auth/token-set.js'
import { runLogin } from '../../cli/auth-commands.js'
import { runServe } from '../../cli/serve.js'
import { runUsage } from '../../cli/usage-command.js'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import type { ExchangeSummary } from '../../control/contract/exchange.js'
import type { GatewayStatus } from '../../control/contract/gateway-status.js'
import { CONTROL_PREFIX, CONTROL_TOKEN_HEADER } from '../../control/contract/transports.js'
import type { UsageRow } from '../../control/contract/usage-history.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import type { FakeUsage } from '../fakes/fake-codex-catalog.js'
import { startFakeIssuer, type FakeIssuer } from '../fakes/fake-issuer.js'
import { DEFAULT_FAKE_KEY, startAllFakes, type AllFakes } from '../fakes/index.js'
import { askClaude, fallbackSettings, providerOf } from '../helpers/fallback-settings.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = { email: 'bob@example.com', accountId: 'bbbbbbbb-2222-4333-8444-555555555555' }
const CAT = { email: 'cat@example.com', accountId: 'cccccccc-2222-4333-8444-555555555555' }
const EMAILS = [ADA.email, BOB.email, CAT.email]

/** CAT's window resets this soon after the first 429: the test waits for it. */
const SHORT_RESET_SECONDS = 3
/** The reset that bounds every retry-after once the short one has passed. */
const CAT_RESET_SECONDS = 600

let dir = ''
let issuer: FakeIssuer
let backend: FakeCodexBackend
let fakes: AllFakes
let env: NodeJS.ProcessEnv
let serving: Promise<number> | undefined
let url = ''
let controlToken = ''
let openai: OpenAI
let anthropic: Anthropic

const settingsPath = (): string => join(dir, 'settings.json')
const common = (): string[] => ['--config', settingsPath(), '--secret-store', 'file']

const limited = (resetAfterSeconds: number): FakeUsage => ({
  planType: 'plus',
  primary: { usedPercent: 100, windowMinutes: 300, resetAfterSeconds },
  secondary: { usedPercent: 40, windowMinutes: 10080, resetAfterSeconds: 400_000 },
})
const fresh: FakeUsage = {
  planType: 'plus',
  primary: { usedPercent: 5, windowMinutes: 300, resetAfterSeconds: 18_000 },
  secondary: { usedPercent: 40, windowMinutes: 10080, resetAfterSeconds: 400_000 },
}

/** Runs a command with its terminal output captured (and kept out of the test report). */
async function quietly<T>(work: () => Promise<T>): Promise<{ value: T; out: string }> {
  let out = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk)
    return true
  })
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { value: await work(), out }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

async function control<T>(method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${url}${CONTROL_PREFIX}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: controlToken },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`control ${method}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

const lastEntry = async (): Promise<ExchangeSummary | undefined> =>
  (await control<ExchangeSummary[]>('logSnapshot')).at(-1)

/** Changes the saved settings through the control API, as the UI does. */
async function editSettings(patch: (s: Settings) => void): Promise<void> {
  const settings = await control<Settings>('getSettings')
  patch(settings)
  await control('updateSettings', settings)
}

async function accessTokenOf(accountId: string): Promise<string> {
  const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as {
    secrets: Record<string, string>
  }
  const tokens = parseStoredTokens(file.secrets[accountSecretName(accountId)] ?? null)
  if (!tokens) throw new Error(`no tokens stored for ${accountId}`)
  return tokens.access_token
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-fallback-serve-'))
  issuer = await startFakeIssuer({ deviceInterval: '0.01', devicePolls: ['approve'] })
  fakes = await startAllFakes()
  env = { HOME: dir, [ISSUER_ENV]: issuer.url, FAKE_UPSTREAM_KEY: DEFAULT_FAKE_KEY }
  await writeFile(settingsPath(), JSON.stringify(defaultSettings()))
  // Three accounts in sign-in order, each through the command users run.
  for (const who of [ADA, BOB, CAT]) {
    issuer.setIdentity(who)
    const { value } = await quietly(() => runLogin(['--device', ...common()], env))
    expect(value).toBe(0)
  }
  backend = await startFakeCodexBackend({
    accountId: ADA.accountId,
    validToken: await accessTokenOf(ADA.accountId),
    usage: limited(3600),
  })
  backend.addAccount({
    accountId: BOB.accountId,
    token: await accessTokenOf(BOB.accountId),
    usage: limited(1200),
  })
  backend.addAccount({
    accountId: CAT.accountId,
    token: await accessTokenOf(CAT.accountId),
    usage: limited(SHORT_RESET_SECONDS),
  })

  // $1,000 per million tokens: one answer spends more than the caps set below.
  const prices = { input: 1000, cachedInput: 1000, output: 1000 }
  const settings = fallbackSettings(
    [
      { id: 'chat', kind: 'openai-chat', fake: fakes.chat, prices },
      { id: 'claude', kind: 'anthropic', fake: fakes.anthropic, prices },
    ],
    backend.baseUrl,
  )
  await writeFile(settingsPath(), JSON.stringify(settings))

  // `switchboard serve` itself, in this process: the control token is only printed.
  const info = join(dir, 'server-info.json')
  const argv = ['--port', '0', '--server-info', info, '--quiet', '--http-shutdown', ...common()]
  let printed = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk)
    return true
  })
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    serving = runServe(argv, env)
    const started = await Promise.race([
      serving.then((code) => `serve exited with ${code}`),
      vi.waitFor(
        () => {
          if (!printed.includes('control token')) throw new Error('not listening yet')
          return 'listening'
        },
        { timeout: 20_000, interval: 20 },
      ),
    ])
    expect(started).toBe('listening')
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
  url = (JSON.parse(await readFile(info, 'utf8')) as { url: string }).url
  controlToken = /control token \([^)]*\): (\S+)/.exec(printed)?.[1] ?? ''
  const status = await control<GatewayStatus>('gatewayStatus')
  openai = new OpenAI({ apiKey: status.accessKey, baseURL: `${url}/v1`, maxRetries: 0 })
  anthropic = new Anthropic({ apiKey: status.accessKey, baseURL: url, maxRetries: 0 })
}, 60_000)

afterAll(async () => {
  if (serving) {
    const accessKey = (await control<GatewayStatus>('gatewayStatus')).accessKey
    await fetch(`${url}/shutdown`, { headers: { authorization: `Bearer ${accessKey}` } })
    expect(await serving).toBe(0)
  }
  await Promise.all([backend?.close(), fakes?.close(), issuer?.close()])
  await rm(dir, { recursive: true, force: true })
})

const ask = () => openai.responses.create({ model: 'gpt-5.5', input: 'hi' })

describe('fallback within a cap, through switchboard serve', () => {
  it('every account limited: the first fallback serves, the log names the accounts tried', async () => {
    const before = backend.responseRequests().length
    const answer = await ask()
    expect(answer.output_text).toContain('fake-chat')
    // Each account was asked once and answered usage_limit_reached.
    const asked = backend.responseRequests().slice(before)
    expect(asked.map((r) => r.headers['chatgpt-account-id'])).toEqual([
      ADA.accountId,
      BOB.accountId,
      CAT.accountId,
    ])
    const entry = await lastEntry()
    expect(entry).toMatchObject({
      provider: 'chat',
      state: 'done',
      status: 200,
      accountsTried: EMAILS,
      fallback: [{ provider: 'chatgpt', reason: 'usage_limit', tried: EMAILS }],
    })
    expect(entry?.notes.join('\n')).toContain("fallback: served by 'chat'")
    expect((await control<GatewayStatus>('gatewayStatus')).fallback).toMatchObject({
      provider: 'chatgpt',
      reason: 'usage_limit',
      servedBy: 'chat',
    })
  })

  it('a limited account is not asked again before its reset; once the reset passes ChatGPT serves again', async () => {
    // The backend's window for CAT starts again at its reset time.
    backend.setAccountUsage(CAT.accountId, fresh)
    const before = backend.responseRequests().length
    expect((await ask()).output_text).toContain('fake-chat')
    expect(backend.responseRequests().length).toBe(before)
    await new Promise((r) => setTimeout(r, SHORT_RESET_SECONDS * 1000 + 200))
    const answer = await ask()
    expect(answer.output_text).not.toContain('fake-chat')
    const entry = await lastEntry()
    expect(entry).toMatchObject({ provider: 'chatgpt', account: CAT.email, state: 'done' })
    expect(entry?.fallback).toBeUndefined()
    expect(
      backend
        .responseRequests()
        .slice(before)
        .map((r) => r.headers['chatgpt-account-id']),
    ).toEqual([CAT.accountId])
  })

  it('serves every dialect, streaming or not, from the fallback when the last account is limited again', async () => {
    backend.setAccountUsage(CAT.accountId, limited(CAT_RESET_SECONDS))
    const chat = await openai.chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(chat.choices[0]?.message.content).toContain('fake-chat')
    expect(await lastEntry()).toMatchObject({
      provider: 'chat',
      accountsTried: EMAILS,
      fallback: [{ provider: 'chatgpt', reason: 'usage_limit', tried: EMAILS }],
    })

    const stream = await openai.chat.completions.create({
      model: 'gpt-5.5',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toContain('fake-chat')

    const responses = openai.responses.stream({ model: 'gpt-5.5', input: 'hi' })
    expect((await responses.finalResponse()).output_text).toContain('fake-chat')

    const { message, streamed } = await askClaude(anthropic)
    expect(JSON.stringify(message.content)).toContain('fake-chat')
    expect(streamed.stop_reason).toBe('end_turn')
    expect(JSON.stringify(streamed.content)).toContain('fake-chat')
    // A Claude name reaches the chat fallback as the client wrote it, not ChatGPT's mapping of it.
    expect((fakes.chat.requests.at(-1)?.body as { model?: string }).model).toBe('claude-sonnet-4-5')

    const entries = (await control<ExchangeSummary[]>('logSnapshot')).slice(-5)
    for (const e of entries)
      expect(e).toMatchObject({
        provider: 'chat',
        state: 'done',
        fallback: [{ provider: 'chatgpt' }],
      })
  })

  it('a spending cap set over the control API applies to the next request: the next fallback serves', async () => {
    await editSettings((s) => {
      providerOf(s, 'chat').spendCap = { dailyUsd: 0.01 }
    })
    const chatCalls = fakes.chat.requests.length
    const answer = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(JSON.stringify(answer.content)).toContain('fake-anthropic')
    expect(fakes.chat.requests.length).toBe(chatCalls)
    const entry = await lastEntry()
    expect(entry).toMatchObject({ provider: 'claude', state: 'done' })
    expect(entry?.fallback?.map((f) => `${f.provider}:${f.reason}`)).toEqual([
      'chatgpt:usage_limit',
      'chat:spend_cap',
    ])
    expect(entry?.fallback?.[1]?.message).toMatch(/daily spending cap/)

    const streamed = openai.responses.stream({ model: 'gpt-5.5', input: 'hi' })
    expect((await streamed.finalResponse()).output_text).toContain('fake-anthropic')
  })

  it('nothing left: each dialect gets its 429 with retry-after no later than the earliest account reset', async () => {
    await editSettings((s) => {
      providerOf(s, 'claude').spendCap = { monthlyUsd: 0.01 }
    })
    const upstreamCalls = [
      backend.responseRequests().length,
      fakes.chat.requests.length,
      fakes.anthropic.requests.length,
    ]
    const retryAfterOf = (headers: Headers | undefined): number =>
      Number(headers?.get('retry-after'))
    // CAT's reset, not a default wait: the accounts are the first thing to serve again, unless local midnight
    // (when chat's daily cap lets go) comes sooner.
    const inWindow = (headers: Headers | undefined): void => {
      const now = new Date()
      const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime()
      const first = Math.min(CAT_RESET_SECONDS, Math.ceil((midnight - now.getTime()) / 1000))
      expect(retryAfterOf(headers)).toBeGreaterThan(first - 60)
      expect(retryAfterOf(headers)).toBeLessThanOrEqual(first + 1)
    }

    const fromResponses = await ask().catch((e: unknown) => e)
    expect(fromResponses).toBeInstanceOf(OpenAI.RateLimitError)
    const responsesError = fromResponses as InstanceType<typeof OpenAI.RateLimitError>
    expect(responsesError.status).toBe(429)
    expect(responsesError.code).toBe('rate_limit_exceeded')
    inWindow(responsesError.headers)
    expect(responsesError.message).toMatch(
      /No provider for this request can serve now: chatgpt: ChatGPT usage limit reached on every account \(ada@example.com, bob@example.com, cat@example.com\); the first one resets at .*; chat: provider 'chat' reached its daily spending cap .*; claude: provider 'claude' reached its monthly spending cap/,
    )

    const fromStream = await openai.chat.completions
      .create({ model: 'gpt-5.5', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e)
    expect(fromStream).toBeInstanceOf(OpenAI.RateLimitError)
    inWindow((fromStream as InstanceType<typeof OpenAI.RateLimitError>).headers)

    for (const stream of [false, true]) {
      const failure = await anthropic.messages
        .create({
          model: 'claude-sonnet-4-5',
          max_tokens: 200,
          stream,
          messages: [{ role: 'user', content: 'hi' }],
        })
        .catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(Anthropic.RateLimitError)
      const error = failure as InstanceType<typeof Anthropic.RateLimitError>
      expect((error.error as { error?: { type?: string } }).error?.type).toBe('rate_limit_error')
      expect(error.message).toContain('ChatGPT usage limit reached on every account')
      inWindow(error.headers)
    }
    // Every provider is known to be out: nothing upstream was asked.
    expect([
      backend.responseRequests().length,
      fakes.chat.requests.length,
      fakes.anthropic.requests.length,
    ]).toEqual(upstreamCalls)
    const entry = await lastEntry()
    expect(entry).toMatchObject({ status: 429, state: 'error' })
    expect(entry?.fallback?.map((f) => `${f.provider}:${f.reason}`)).toEqual([
      'chatgpt:usage_limit',
      'chat:spend_cap',
      'claude:spend_cap',
    ])
  })

  it('the fallback list and the caps changed over the control API apply to the next request', async () => {
    await editSettings((s) => {
      providerOf(s, 'chatgpt').fallback = ['claude']
      delete providerOf(s, 'claude').spendCap
    })
    const chatCalls = fakes.chat.requests.length
    expect((await ask()).output_text).toContain('fake-anthropic')
    expect(fakes.chat.requests.length).toBe(chatCalls)
    expect((await lastEntry())?.fallback?.map((f) => f.provider)).toEqual(['chatgpt'])

    await editSettings((s) => {
      providerOf(s, 'chatgpt').fallback = []
    })
    const calls = [fakes.chat.requests.length, fakes.anthropic.requests.length]
    const failure = await ask().catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
    expect((failure as Error).message).toMatch(/usage limit reached on every account/)
    expect([fakes.chat.requests.length, fakes.anthropic.requests.length]).toEqual(calls)
  })

  it('`switchboard usage --json` shows the ChatGPT account and the fallback providers', async () => {
    const { value, out } = await quietly(async () => {
      let text = ''
      const sink = new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk)
          done()
        },
      })
      const code = await runUsage(['--json', '--config', settingsPath()], env, sink)
      return { code, text }
    })
    expect(value.code).toBe(0)
    expect(out).toBe('')
    const rows = JSON.parse(value.text) as UsageRow[]
    const by = (p: string) => rows.filter((r) => r.provider === p)
    expect(by('chatgpt')).toEqual([
      expect.objectContaining({ account: CAT.email, model: 'gpt-5.5' }),
    ])
    expect(
      by('chat')
        .map((r) => r.model)
        .sort(),
    ).toEqual(['claude-sonnet-4-5', 'gpt-5.5'])
    expect(
      by('claude')
        .map((r) => r.model)
        .sort(),
    ).toEqual(['claude-sonnet-4-5', 'gpt-5.5'])
    for (const r of rows) {
      expect(r.inputTokens).toBeGreaterThan(0)
      expect(r.outputTokens).toBeGreaterThan(0)
    }
  })
})
