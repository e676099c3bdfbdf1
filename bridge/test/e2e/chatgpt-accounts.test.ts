// Which ChatGPT account serves a request, over real sockets with the official OpenAI client: sign-in order,
// switchAtPercent, order and reserve (changed without a restart), a conversation sticking to its account, a
// usage_limit_reached 429 retried on the next account, every account limited, and a passed reset.
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AccountPool } from '../../auth/account-pool.js'
import type { Settings } from '../../config/schema.js'
import { GatewayHost } from '../../control/gateway-host.js'
import { ChatgptRuntime } from '../../upstream/chatgpt/runtime.js'
import { ProviderUnavailableError } from '../../upstream/provider-unavailable.js'
import type { AuthHarness } from '../auth/auth-harness.js'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import {
  fakeUsage,
  poolSettings,
  startPoolHost,
  type AccountSettings,
  startPoolBackend,
} from './chatgpt-pool.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = {
  email: 'bob@example.com',
  accountId: 'bbbbbbbb-2222-4333-8444-555555555555',
  planType: 'pro',
}
const CAT = { email: 'cat@example.com', accountId: 'cccccccc-2222-4333-8444-555555555555' }

let auth: AuthHarness
let backend: FakeCodexBackend
let host: GatewayHost
let runtime: ChatgptRuntime
let client: OpenAI
let opened: { mock: { results: { value: unknown }[] } }

const usage = fakeUsage
const settings = (accounts?: AccountSettings): Settings => poolSettings(backend, accounts)

async function ask(
  conversation: string,
): Promise<{ account: string | undefined; headers: Headers }> {
  const { response } = await client.responses
    .create({ model: 'gpt-5.5', input: 'hi', prompt_cache_key: conversation })
    .withResponse()
  const sent = backend.responseRequests().at(-1)
  return {
    account: sent?.headers['chatgpt-account-id'] as string | undefined,
    headers: response.headers,
  }
}

const lastEntry = () => host.log.snapshot().at(-1)

beforeAll(async () => {
  ;({ auth, backend } = await startPoolBackend([ADA, BOB, CAT]))
})

afterAll(async () => {
  await backend.close()
  await auth.close()
})

beforeEach(async () => {
  backend.setUsage(usage(10))
  backend.setAccountUsage(BOB.accountId, usage(10))
  backend.setAccountUsage(CAT.accountId, usage(10))
  await applyFreshHost()
})

/** A gateway as after a restart: no usage seen, no conversation known. */
async function applyFreshHost(
  accounts?: AccountSettings,
  pool: AccountPool = auth.pool,
): Promise<void> {
  const started = await startPoolHost(auth, backend, accounts, pool, (providers) => {
    opened = vi.spyOn(providers.for('chatgpt'), 'open')
  })
  ;({ host, runtime } = started)
  client = new OpenAI({ apiKey: started.key, baseURL: `${started.url}/v1`, maxRetries: 0 })
}

afterEach(async () => host.close())

async function applySettings(accounts: AccountSettings): Promise<void> {
  await host.updateSettings(settings(accounts))
}

describe('which account serves a request', () => {
  it('a new conversation goes to the first account in sign-in order; the log names it', async () => {
    expect((await ask('conv-a')).account).toBe(ADA.accountId)
    expect(lastEntry()).toMatchObject({ account: ADA.email })
    expect(lastEntry()?.accountsTried).toBeUndefined()
  })

  it('switches before the limit: at switchAtPercent new conversations move on, the old one stays', async () => {
    await applySettings({ switchAtPercent: 80 })
    backend.setUsage(usage(85))
    expect((await ask('conv-old')).account).toBe(ADA.accountId)
    // Now Switchboard knows ADA is at 85% of its 5-hour window.
    expect((await ask('conv-new')).account).toBe(BOB.accountId)
    expect((await ask('conv-old')).account).toBe(ADA.accountId)
    // The weekly window counts as much as the 5-hour one.
    backend.setAccountUsage(BOB.accountId, usage(5, 90))
    expect((await ask('conv-new')).account).toBe(BOB.accountId)
    expect((await ask('conv-newer')).account).toBe(CAT.accountId)
  })

  it('an explicit order and a reserve apply to the next request without a restart', async () => {
    await applySettings({ order: [CAT.email, BOB.accountId] })
    expect((await ask('o-1')).account).toBe(CAT.accountId)
    await applySettings({ reserve: ADA.email })
    expect((await ask('o-2')).account).toBe(BOB.accountId)
    // The reserve serves only when every other account is at or above the threshold.
    await applySettings({ reserve: ADA.email, switchAtPercent: 50 })
    backend.setAccountUsage(BOB.accountId, usage(60))
    backend.setAccountUsage(CAT.accountId, usage(70))
    await ask('o-3') // BOB reports 60%
    expect((await ask('o-4')).account).toBe(CAT.accountId) // CAT reports 70%
    expect((await ask('o-5')).account).toBe(ADA.accountId)
  })

  it('a usage_limit_reached 429 is retried on the next account; the client sees a normal answer', async () => {
    backend.setUsage(usage(100))
    const before = backend.responseRequests().length
    const answered = await ask('limit-1')
    expect(answered.account).toBe(BOB.accountId)
    const sent = backend.responseRequests().slice(before)
    expect(sent.map((r) => r.headers['chatgpt-account-id'])).toEqual([ADA.accountId, BOB.accountId])
    expect(lastEntry()).toMatchObject({
      account: BOB.email,
      accountsTried: [ADA.email, BOB.email],
      state: 'done',
    })
    expect(lastEntry()?.notes.join('\n')).toMatch(/ada@example.com reached its usage limit/)
    // The serving account's usage headers reach the client (Codex CLI reads them for /status).
    expect(answered.headers.get('x-codex-primary-used-percent')).toBe('10')
    // ADA is skipped from now on, without another 429.
    const next = backend.responseRequests().length
    expect((await ask('limit-2')).account).toBe(BOB.accountId)
    expect(backend.responseRequests().length).toBe(next + 1)
  })

  it('a conversation leaves its account only when that account is limited', async () => {
    expect((await ask('stick')).account).toBe(ADA.accountId)
    backend.setUsage(usage(100))
    expect((await ask('stick')).account).toBe(BOB.accountId)
    expect(lastEntry()?.notes.join('\n')).toMatch(/conversation moved from ada@example.com to bob/)
    backend.setUsage(usage(10))
    expect((await ask('stick')).account).toBe(BOB.accountId)
  })

  it('a conversation that moves drops the reasoning only its old account can read', async () => {
    const turn1 = await client.responses.create({
      model: 'gpt-5.5',
      input: 'think first',
      prompt_cache_key: 'reasoning-conv',
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
    })
    // The reasoning item and the message it led to, replayed as Codex does.
    const replay = turn1.output.filter(
      (o): o is Extract<typeof o, { type: 'reasoning' | 'message' }> =>
        o.type === 'reasoning' || o.type === 'message',
    )
    expect(replay.find((o) => o.type === 'reasoning')?.encrypted_content).toBeTruthy()
    const next = (text: string) =>
      client.responses.create({
        model: 'gpt-5.5',
        input: [
          { role: 'user', content: 'think first' },
          ...replay,
          { role: 'user', content: text },
        ],
        prompt_cache_key: 'reasoning-conv',
        reasoning: { effort: 'low' },
        include: ['reasoning.encrypted_content'],
      })
    backend.setUsage(usage(100))
    await next('go on')
    expect(lastEntry()).toMatchObject({ account: BOB.email, state: 'done' })
    expect(lastEntry()?.notes.join('\n')).toMatch(
      /left out 1 reasoning item.* encrypted for the account that served this conversation before/,
    )
    // After a restart the gateway does not know the conversation was on ADA: BOB's 400 says so, and it retries.
    runtime.usage.markLimited(ADA.accountId, Date.now() - 1)
    await host.close()
    backend.setUsage(usage(10))
    await applyFreshHost({ order: [BOB.email] })
    await next('and on')
    expect(lastEntry()).toMatchObject({ account: BOB.email, state: 'done' })
    expect(lastEntry()?.notes.join('\n')).toMatch(/cannot read \(encrypted by another account\)/)
  })

  it('every account limited: the client gets a 429 with retry-after no later than the first reset', async () => {
    backend.setUsage(usage(100, 10, 7200))
    backend.setAccountUsage(BOB.accountId, usage(100, 10, 600))
    backend.setAccountUsage(CAT.accountId, usage(100, 10, 3600))
    const failure = await client.responses
      .create({ model: 'gpt-5.5', input: 'hi', prompt_cache_key: 'all-limited' })
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    const err = failure as InstanceType<typeof OpenAI.APIError>
    expect(err.status).toBe(429)
    const retryAfter = Number(err.headers?.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(500)
    expect(retryAfter).toBeLessThanOrEqual(600)
    expect(lastEntry()?.accountsTried).toEqual([ADA.email, BOB.email, CAT.email])
    // The provider stepped aside with the signal routing falls back on.
    const thrown = await (opened.mock.results.at(-1)?.value as Promise<unknown>).catch((e) => e)
    expect(thrown).toBeInstanceOf(ProviderUnavailableError)
    expect(thrown).toMatchObject({
      reason: 'usage_limit',
      tried: [ADA.email, BOB.email, CAT.email],
    })
    const retryAt = (thrown as ProviderUnavailableError).retryAt ?? 0
    expect(Math.abs(retryAt - (Date.now() + 600_000))).toBeLessThan(10_000)
    expect(err.message).toMatch(
      /usage limit reached on every account \(ada@example.com, bob@example.com, cat@example.com\); the first one resets at (?:\w{3} (?:\d{1,2} \w{3} )?)?\d\d:\d\d/,
    )
    // Known to be limited now: the next request does not call the backend at all.
    const before = backend.responseRequests().length
    await expect(
      client.responses.create({ model: 'gpt-5.5', input: 'hi', prompt_cache_key: 'again' }),
    ).rejects.toMatchObject({ status: 429 })
    expect(backend.responseRequests().length).toBe(before)
  })

  it('after a restart the first request already knows the accounts by email (reserve, order, log)', async () => {
    await host.close()
    // A new process: the pool has read no token yet.
    await applyFreshHost(
      { reserve: ADA.email, order: [CAT.email] },
      new AccountPool({ store: auth.store, config: auth.config }),
    )
    expect((await ask('restart-1')).account).toBe(CAT.accountId)
    expect(lastEntry()).toMatchObject({ account: CAT.email })
  })

  it('an account whose reset time has passed is tried again', async () => {
    runtime.usage.markLimited(ADA.accountId, Date.now() + 300)
    expect((await ask('reset-1')).account).toBe(BOB.accountId)
    await new Promise((r) => setTimeout(r, 400))
    expect((await ask('reset-2')).account).toBe(ADA.accountId)
  })
})
