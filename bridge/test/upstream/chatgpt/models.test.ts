// ChatgptModels against the fake backend: live list, TTL cache, ETag, fallback, efforts, Claude mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatgptHeaders } from '../../../upstream/chatgpt/headers.js'
import {
  BUILTIN_MODELS,
  CLAUDE_FAMILY_DEFAULTS,
  mapModelName,
  nearestEffort,
} from '../../../upstream/chatgpt/model-catalog.js'
import { ChatgptModels } from '../../../upstream/chatgpt/models.js'
import type { ChatgptModelsOptions } from '../../../upstream/chatgpt/models.js'
import { FAKE_CODEX_MODELS } from '../../fakes/fake-codex-catalog.js'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import type { FakeCodexBackend } from '../../fakes/fake-codex-backend.js'

let fake: FakeCodexBackend
beforeAll(async () => {
  fake = await startFakeCodexBackend()
})
afterAll(() => fake.close())

function models(
  extra: Partial<ChatgptModelsOptions> = {},
  clock = { t: 1_000_000 },
): ChatgptModels {
  return new ChatgptModels({
    baseUrl: fake.baseUrl,
    headers: () =>
      chatgptHeaders({
        accessToken: fake.validToken,
        accountId: fake.accountId,
        sessionId: 'models',
      }),
    now: () => clock.t,
    ...extra,
  })
}
const modelFetches = (): number => fake.requests.filter((r) => r.path.endsWith('/models')).length

describe('ChatgptModels', () => {
  it('fetches the live list with client_version and the auth headers, then serves it from cache until the TTL ends', async () => {
    const clock = { t: 1_000_000 }
    const m = models({ ttlMs: 60_000 }, clock)
    const before = modelFetches()
    const list = await m.list()
    expect(list.map((x) => x.slug)).toContain('gpt-6-astra')
    const req = fake.requests.at(-1)
    expect(req?.url).toBe('/backend-api/codex/models?client_version=0.169.0')
    expect(req?.headers['chatgpt-account-id']).toBe(fake.accountId)
    expect(m.snapshot().source).toBe('live')
    await Promise.all([m.list(), m.list()])
    expect(modelFetches()).toBe(before + 1)
    clock.t += 61_000
    await m.list()
    // Stale: re-asked with If-None-Match, answered 304, list kept.
    expect(modelFetches()).toBe(before + 2)
    expect(fake.requests.at(-1)?.headers['if-none-match']).toBeDefined()
    expect(m.snapshot()).toMatchObject({ source: 'live', checkedAt: clock.t })
  })

  it('shares one request among concurrent refreshes', async () => {
    const m = models()
    const before = modelFetches()
    await Promise.all([m.refresh(), m.refresh(), m.list()])
    expect(modelFetches()).toBe(before + 1)
  })

  it('parses efforts (dropping the catalog-only ultra), hidden models and verbosity', async () => {
    const m = models()
    await m.list()
    expect(m.supportedEfforts('gpt-5.6-sol')).toEqual([
      'none',
      'low',
      'medium',
      'high',
      'xhigh',
      'max',
    ])
    expect(m.info('codex-auto-review')?.visible).toBe(false)
    expect(m.info('gpt-5.3-codex-spark')).toMatchObject({
      supportsVerbosity: false,
      defaultEffort: 'high',
    })
    expect(m.supportedEfforts('no-such-model')).toBeUndefined()
  })

  it('falls back to the built-in list when the fetch fails, and retries later', async () => {
    const clock = { t: 5_000_000 }
    const m = models(
      {
        headers: () => ({ authorization: 'Bearer wrong', 'chatgpt-account-id': fake.accountId }),
        retryMs: 10_000,
      },
      clock,
    )
    const list = await m.list()
    expect(list.map((x) => x.slug)).toEqual(BUILTIN_MODELS.map((x) => x.slug))
    expect(m.snapshot()).toMatchObject({ source: 'builtin', error: 'HTTP 401' })
    const before = modelFetches()
    await m.list()
    expect(modelFetches()).toBe(before)
    clock.t += 10_001
    await m.list()
    expect(modelFetches()).toBe(before + 1)

    const fallback = await new ChatgptModels({
      baseUrl: 'http://127.0.0.1:9/backend-api/codex',
      headers: () => ({}),
      timeoutMs: 2000,
    }).list()
    expect(fallback.length).toBe(BUILTIN_MODELS.length)
  })

  it('keeps a list that worked before when a later fetch fails', async () => {
    const clock = { t: 0 }
    let token = fake.validToken
    const m = models(
      {
        headers: () =>
          chatgptHeaders({ accessToken: token, accountId: fake.accountId, sessionId: 's' }),
        ttlMs: 1000,
      },
      clock,
    )
    clock.t = 1
    await m.list()
    token = 'revoked'
    clock.t += 2000
    const list = await m.list()
    expect(list.map((x) => x.slug)).toContain('gpt-6-astra')
    expect(m.snapshot()).toMatchObject({ source: 'live', error: 'HTTP 401' })
  })

  it('validates efforts: clamp to the nearest supported one, or reject with the backend wording', async () => {
    const m = models()
    await m.list()
    expect(m.validateEffort('gpt-5.6-sol', 'minimal')).toEqual({
      ok: true,
      effort: 'low',
      clamped: true,
    })
    expect(m.validateEffort('gpt-5.6-sol', 'max')).toEqual({
      ok: true,
      effort: 'max',
      clamped: false,
    })
    expect(m.validateEffort('gpt-5.5', 'max')).toEqual({ ok: true, effort: 'xhigh', clamped: true })
    expect(m.validateEffort('gpt-5.3-codex-spark', 'none')).toEqual({
      ok: true,
      effort: 'low',
      clamped: true,
    })
    expect(m.validateEffort('gpt-5.6-sol', 'minimal', 'reject')).toEqual({
      ok: false,
      supported: ['none', 'low', 'medium', 'high', 'xhigh', 'max'],
      message:
        "Unsupported value: 'minimal' is not supported with the 'gpt-5.6-sol' model. Supported values are: 'none', 'low', 'medium', 'high', 'xhigh', and 'max'.",
    })
    expect(m.validateEffort('unknown-model', 'minimal')).toEqual({
      ok: true,
      effort: 'minimal',
      clamped: false,
    })
  })

  it('the built-in efforts match what the fake (and the reference) accept for the same models', () => {
    for (const builtin of BUILTIN_MODELS) {
      const fakeModel = FAKE_CODEX_MODELS.find((f) => f.slug === builtin.slug)
      if (!fakeModel) continue
      expect(builtin.efforts).toEqual(fakeModel.efforts.filter((e) => e !== 'ultra'))
    }
  })
})

describe('Claude family mapping', () => {
  it('maps opus/sonnet/haiku to the gpt-5.6 tiers and passes GPT slugs through', () => {
    expect(CLAUDE_FAMILY_DEFAULTS).toEqual({
      opus: 'gpt-5.6-sol',
      sonnet: 'gpt-5.6-terra',
      haiku: 'gpt-5.6-luna',
    })
    expect(mapModelName('claude-opus-4-8[1m]')).toBe('gpt-5.6-sol')
    expect(mapModelName('claude-sonnet-4-5-20250929')).toBe('gpt-5.6-terra')
    expect(mapModelName('claude-haiku-4-5-20251001')).toBe('gpt-5.6-luna')
    expect(mapModelName('openai/gpt-5.5')).toBe('gpt-5.5')
    expect(mapModelName('claude-haiku-4-5', { families: { haiku: 'gpt-5.4-mini' } })).toBe(
      'gpt-5.4-mini',
    )
  })

  it('uses what the account lists: a free plan without gpt-5.6-sol gets terra for opus', async () => {
    const free = await startFakeCodexBackend({
      models: FAKE_CODEX_MODELS.filter((m) => m.slug !== 'gpt-5.6-sol'),
    })
    try {
      const m = new ChatgptModels({
        baseUrl: free.baseUrl,
        headers: () =>
          chatgptHeaders({
            accessToken: free.validToken,
            accountId: free.accountId,
            sessionId: 's',
          }),
      })
      expect(m.mapModel('claude-opus-4-8')).toBe('gpt-5.6-sol')
      await m.list()
      expect(m.mapModel('claude-opus-4-8')).toBe('gpt-5.6-terra')
      expect(m.mapModel('gpt-5.5')).toBe('gpt-5.5')
    } finally {
      await free.close()
    }
  })

  it('nearest effort prefers the stronger one on a tie', () => {
    expect(nearestEffort(['low', 'high'], 'medium')).toBe('high')
    expect(nearestEffort([], 'medium')).toBeUndefined()
  })
})
