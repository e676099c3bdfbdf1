// Codex CLI through Switchboard's /v1/responses on a pool of two ChatGPT accounts with different usage gets the
// serving account's usage as from the backend: the x-codex-* headers (which Codex 0.169 reads over HTTP: its
// session rollout's token_count, its terminal UI's limit warning) and the codex.rate_limits event, after a
// usage_limit_reached retry the other account's figures, never the limited one's. Other SDKs' clients get no event.
import Anthropic from '@anthropic-ai/sdk'
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FakeUsage } from '../fakes/fake-codex-catalog.js'
import { payloads, rawPost } from '../fakes/raw-sse.js'
import {
  CODEX_BIN,
  makeCodexHome,
  rolloutLines,
  runCodex,
  type CodexSandbox,
} from '../upstream/codex-cli/harness.js'
import type { AuthHarness } from '../auth/auth-harness.js'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { fakeUsage, startPoolHost, type PoolHost, startPoolBackend } from './chatgpt-pool.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = { email: 'bob@example.com', accountId: 'bbbbbbbb-2222-4333-8444-555555555555' }
/** Distinct figures per account, so that whose usage the client got is plain. */
const ADA_USAGE = fakeUsage(23, 41)
const BOB_USAGE: FakeUsage = { ...fakeUsage(62, 17, 5400), planType: 'pro' }
const ADA_LIMITED = fakeUsage(100, 41, 7200)

/** What Codex CLI 0.169 sends beside its body (client-requests.md §2.3). */
const CODEX_HEADERS = {
  'x-codex-beta-features': 'remote_compaction_v2',
  'x-codex-window-id': 'th-usage:0',
  originator: 'codex_exec',
  'session-id': 'th-usage',
}

let auth: AuthHarness
let backend: FakeCodexBackend
let gw: PoolHost

beforeAll(async () => {
  ;({ auth, backend } = await startPoolBackend([ADA, BOB]))
})

afterAll(async () => {
  await backend.close()
  await auth.close()
})

beforeEach(async () => {
  backend.setUsage(ADA_USAGE)
  backend.setAccountUsage(BOB.accountId, BOB_USAGE)
  gw = await startPoolHost(auth, backend)
})

afterEach(async () => gw.host.close())

/** The windows as the backend reports them for `usage` (reset times checked to within a minute). */
function expectWindows(
  got: { used: unknown; minutes: unknown; resetsAt: unknown }[],
  usage: FakeUsage,
): void {
  const now = Date.now() / 1000
  const want = [usage.primary, usage.secondary]
  expect(got.map((w) => [w.used, w.minutes])).toEqual(
    want.map((w) => [w?.usedPercent, w?.windowMinutes]),
  )
  got.forEach((w, i) =>
    expect(Math.abs(Number(w.resetsAt) - (now + (want[i]?.resetAfterSeconds ?? 0)))).toBeLessThan(
      60,
    ),
  )
}

const lastEntry = () => gw.host.log.snapshot().at(-1)

describe('usage reaches a Codex client over HTTP', () => {
  const ask = (headers: Record<string, string>) =>
    rawPost(
      `${gw.url}/v1/responses`,
      { model: 'gpt-5.5', input: 'hi', stream: true, prompt_cache_key: headers['session-id'] },
      { authorization: `Bearer ${gw.key}`, ...headers },
    )
  const limitsIn = (reply: Awaited<ReturnType<typeof ask>>) =>
    payloads(reply).filter((e) => e['type'] === 'codex.rate_limits')
  const windowsOf = (event: Record<string, unknown> | undefined) => {
    const limits = (event?.['rate_limits'] ?? {}) as Record<string, Record<string, unknown>>
    return ['primary', 'secondary'].map((slot) => ({
      used: limits[slot]?.['used_percent'],
      minutes: limits[slot]?.['window_minutes'],
      resetsAt: limits[slot]?.['reset_at'],
    }))
  }
  const headerWindows = (headers: Headers) =>
    ['primary', 'secondary'].map((slot) => ({
      used: Number(headers.get(`x-codex-${slot}-used-percent`)),
      minutes: Number(headers.get(`x-codex-${slot}-window-minutes`)),
      resetsAt: Number(headers.get(`x-codex-${slot}-reset-at`)),
    }))

  it("the serving account's headers and event; after a usage_limit_reached retry the other account's", async () => {
    const first = await ask(CODEX_HEADERS)
    expect(first.status).toBe(200)
    const [event, ...more] = limitsIn(first)
    expect(more).toEqual([])
    expect(event).toMatchObject({ plan_type: 'plus', metered_limit_name: 'codex' })
    expectWindows(windowsOf(event), ADA_USAGE)
    expectWindows(headerWindows(first.headers), ADA_USAGE)

    backend.setUsage(ADA_LIMITED)
    const retried = await ask({ ...CODEX_HEADERS, 'session-id': 'th-usage-2' })
    expect(retried.status).toBe(200)
    expect(lastEntry()).toMatchObject({ account: BOB.email, accountsTried: [ADA.email, BOB.email] })
    const events = limitsIn(retried)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ plan_type: 'pro' })
    expectWindows(windowsOf(events[0]), BOB_USAGE)
    expectWindows(headerWindows(retried.headers), BOB_USAGE)
    expect(retried.text).not.toMatch(/"used_percent":100/)
  })

  it('a plain Responses client gets the headers but no event, and the SDK stream helper reads the answer', async () => {
    const plain = await ask({ 'session-id': 'plain' })
    expect(limitsIn(plain)).toEqual([])
    expectWindows(headerWindows(plain.headers), ADA_USAGE)
    const client = new OpenAI({ apiKey: gw.key, baseURL: `${gw.url}/v1`, maxRetries: 0 })
    const final = await client.responses
      .stream({ model: 'gpt-5.5', input: 'hi', prompt_cache_key: 'sdk' })
      .finalResponse()
    expect(final.status).toBe('completed')
  })

  it('Chat and Anthropic clients on the same route get no event, even with Codex headers', async () => {
    const chat = await rawPost(
      `${gw.url}/v1/chat/completions`,
      { model: 'gpt-5.5', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { authorization: `Bearer ${gw.key}`, ...CODEX_HEADERS },
    )
    const messages = await rawPost(
      `${gw.url}/v1/messages`,
      {
        model: 'gpt-5.5',
        stream: true,
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      },
      { 'x-api-key': gw.key, 'anthropic-version': '2023-06-01', ...CODEX_HEADERS },
    )
    for (const reply of [chat, messages]) {
      expect(reply.status).toBe(200)
      expect(reply.text).not.toMatch(/rate_limits|used_percent/)
    }
    const openai = new OpenAI({ apiKey: gw.key, baseURL: `${gw.url}/v1`, maxRetries: 0 })
    const completion = await openai.chat.completions
      .stream({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] })
      .finalChatCompletion()
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    const anthropic = new Anthropic({ apiKey: gw.key, baseURL: gw.url, maxRetries: 0 })
    const message = await anthropic.messages
      .stream({ model: 'gpt-5.5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
    expect(message.stop_reason).toBe('end_turn')
  })
})

describe('the real Codex CLI shows the serving account’s usage', () => {
  let box: CodexSandbox | undefined

  afterEach(() => {
    if (box) rmSync(box.home, { recursive: true, force: true })
    box = undefined
  })

  /** The rate limits of each token_count Codex wrote into its session rollouts. */
  const recorded = (sandbox: CodexSandbox) =>
    rolloutLines(sandbox)
      .map((line) => line['payload'] as Record<string, unknown> | undefined)
      .filter((p) => p?.['type'] === 'token_count')
      .map((p) => (p?.['rate_limits'] ?? {}) as Record<string, Record<string, unknown> | null>)

  const windowsOf = (limits: Record<string, Record<string, unknown> | null>) =>
    ['primary', 'secondary'].map((slot) => ({
      used: limits[slot]?.['used_percent'],
      minutes: limits[slot]?.['window_minutes'],
      resetsAt: limits[slot]?.['resets_at'],
    }))

  it('in its session rollout, and after a usage_limit_reached retry the other account’s', async () => {
    box = makeCodexHome({ url: `${gw.url}/v1` })
    const exec = (prompt: string) =>
      runCodex(
        box as CodexSandbox,
        ['exec', '--skip-git-repo-check', '--json', '-m', 'gpt-5.5', prompt],
        { SB_FAKE_KEY: gw.key },
      )
    const first = await exec('say hi')
    expect(first.code, first.stderr.slice(-2000)).toBe(0)
    // One token_count per model request of the turn (the fake's first answer may be a tool call).
    const before = recorded(box)
    expect(before.length).toBeGreaterThan(0)
    for (const seen of before) {
      expectWindows(windowsOf(seen), ADA_USAGE)
      expect(seen['credits']).toEqual({ has_credits: false, unlimited: false, balance: '0' })
    }

    backend.setUsage(ADA_LIMITED)
    const second = await exec('say hi again')
    expect(second.code, second.stderr.slice(-2000)).toBe(0)
    expect(lastEntry()).toMatchObject({ account: BOB.email })
    expect(
      gw.host.log.snapshot().some((e) => e.accountsTried?.join() === `${ADA.email},${BOB.email}`),
    ).toBe(true)
    const after = recorded(box).slice(before.length)
    expect(after.length).toBeGreaterThan(0)
    for (const seen of after) expectWindows(windowsOf(seen), BOB_USAGE)
    expect(JSON.stringify(after)).not.toMatch(/"used_percent":100/)
  }, 120_000)

  it('its terminal UI warns with the serving account’s window after the retry', async () => {
    box = makeCodexHome({ url: `${gw.url}/v1` })
    backend.setUsage(ADA_LIMITED)
    // BOB serves at 80% of its 5-hour window: Codex warns from 75% on.
    backend.setAccountUsage(BOB.accountId, {
      ...BOB_USAGE,
      primary: { usedPercent: 80, windowMinutes: 300, resetAfterSeconds: 5400 },
    })
    const screen = await codexTui(box, gw.key, 'say hi', /Heads up[^\n]*Run \/status/)
    const text = screen.replace(/\s+/g, ' ')
    expect(text).toContain(
      'Heads up, you have less than 25% of your 5h limit left. Run /status for a breakdown.',
    )
    expect(text).toMatch(/5h limit: 20% left · resets at \d\d:\d\d/)
    expect(text).not.toMatch(/\b0% left|100%/)
    expect(
      gw.host.log.snapshot().some((e) => e.accountsTried?.join() === `${ADA.email},${BOB.email}`),
    ).toBe(true)
  }, 120_000)
})

/**
 * Codex's terminal UI in a pseudo-terminal (util-linux `script`), answering its terminal queries, until `until`
 * shows on the screen or 45 s pass; then two Ctrl-C end it. Returns the screen text without escape sequences.
 */
function codexTui(box: CodexSandbox, key: string, prompt: string, until: RegExp): Promise<string> {
  const quote = (a: string): string => `'${a.replaceAll("'", "'\\''")}'`
  const command = [
    CODEX_BIN,
    '-m',
    // Not in Codex's own catalog: no offer of a newer model to answer first.
    'gpt-5.4-mini',
    '-c',
    `projects."${box.workDir}".trust_level="trusted"`,
    prompt,
  ]
    .map(quote)
    .join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qfec', `stty cols 160 rows 50; exec ${command}`, '/dev/null'],
      {
        cwd: box.workDir,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: box.home,
          CODEX_HOME: box.codexHome,
          SB_FAKE_KEY: key,
          TERM: 'xterm-256color',
          LANG: 'C.UTF-8',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let raw = ''
    let done = false
    const text = (): string =>
      raw.replace(
        /\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]/g,
        ' ',
      )
    const quit = (): void => {
      if (done) return
      done = true
      child.stdin.write('\x03')
      setTimeout(() => child.stdin.write('\x03'), 500)
      setTimeout(() => child.kill('SIGKILL'), 5000)
    }
    const timer = setTimeout(quit, 45_000)
    child.stdout.on('data', (chunk: Buffer) => {
      const data = chunk.toString('utf8')
      raw += data
      // The answers a terminal gives: cursor position, device attributes, keyboard flags.
      if (data.includes('\x1b[6n')) child.stdin.write('\x1b[1;1R')
      if (data.includes('\x1b[c')) child.stdin.write('\x1b[?62;22c')
      if (data.includes('\x1b[?u')) child.stdin.write('\x1b[?0u')
      if (until.test(text())) setTimeout(quit, 500)
    })
    child.on('error', reject)
    child.on('close', () => {
      clearTimeout(timer)
      resolve(text())
    })
  })
}
