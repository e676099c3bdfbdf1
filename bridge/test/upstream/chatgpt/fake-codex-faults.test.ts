// The fake Codex backend's faults over real sockets: usage limit, expired token, mid-stream failure, odd streams, models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import type { FakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import { payloads, rawPost } from '../../fakes/raw-sse.js'

let fake: FakeCodexBackend

const headersFor = (key = 'conv-1'): Record<string, string> => ({
  authorization: `Bearer ${fake.validToken}`,
  'chatgpt-account-id': fake.accountId,
  session_id: key,
})

const base = {
  model: 'gpt-5.6-terra',
  instructions: '',
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'conv-1',
}

function okBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...base,
    stream: true,
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
    ...extra,
  }
}

beforeAll(async () => {
  fake = await startFakeCodexBackend()
})
afterAll(() => fake.close())

describe('fake codex backend faults', () => {
  const url = (): string => `${fake.baseUrl}/responses`

  it('answers 429 usage_limit_reached with the real body and headers, once', async () => {
    fake.failNext('usage-limit')
    const limited = await rawPost(url(), okBody(), headersFor())
    expect(limited.status).toBe(429)
    const body = JSON.parse(limited.text) as { error: Record<string, unknown> }
    expect(body.error).toMatchObject({
      type: 'usage_limit_reached',
      message: 'The usage limit has been reached',
      plan_type: 'plus',
      resets_in_seconds: 3600,
    })
    expect(body.error.resets_at).toBe(Number(limited.headers.get('x-codex-primary-reset-at')))
    expect(limited.headers.get('x-codex-primary-used-percent')).toBe('100')
    expect((await rawPost(url(), okBody(), headersFor())).status).toBe(200)
  })

  it('plays expired-token and midstream failure from the queue or the scenario header', async () => {
    fake.failNext('expired-token')
    const expired = await rawPost(url(), okBody(), headersFor())
    expect(expired.status).toBe(401)
    expect(expired.headers.get('x-openai-authorization-error')).toBe('token_expired')

    const failed = await rawPost(url(), okBody(), {
      ...headersFor(),
      'x-fake-scenario': 'midstream-failed',
    })
    expect(failed.status).toBe(200)
    const events = payloads(failed)
    const types = events.map((p) => p.type)
    expect(types).toContain('response.output_text.delta')
    expect(types.at(-1)).toBe('response.failed')
    expect(types).not.toContain('response.completed')
    expect(events.at(-1)).toMatchObject({
      response: { status: 'failed', error: { code: 'server_error' } },
    })
  })

  it('can leave out content-type, output_index and codex.rate_limits', async () => {
    const odd = await startFakeCodexBackend({
      contentType: false,
      deltaOutputIndex: false,
      rateLimitsEvent: false,
    })
    try {
      const reply = await rawPost(`${odd.baseUrl}/responses`, okBody(), {
        authorization: `Bearer ${odd.validToken}`,
        'chatgpt-account-id': odd.accountId,
        session_id: 'conv-1',
      })
      expect(reply.status).toBe(200)
      expect(reply.headers.get('content-type')).toBeNull()
      const events = payloads(reply)
      expect(events.find((e) => e.type === 'codex.rate_limits')).toBeUndefined()
      const delta = events.find((e) => e.type === 'response.output_text.delta')
      expect(delta).toBeDefined()
      expect(delta).not.toHaveProperty('output_index')
    } finally {
      await odd.close()
    }
  })

  it("streams the serving account's codex.rate_limits by default, the same figures as its headers", async () => {
    const other = { accountId: 'acct-other-0002', token: 'other-token' }
    fake.addAccount({
      ...other,
      usage: {
        planType: 'pro',
        primary: { usedPercent: 77, windowMinutes: 300, resetAfterSeconds: 600 },
        secondary: { usedPercent: 5, windowMinutes: 10080, resetAfterSeconds: 500_000 },
      },
    })
    const read = async (auth: Record<string, string>) => {
      const reply = await rawPost(url(), okBody(), { ...headersFor(), ...auth })
      expect(reply.status).toBe(200)
      const events = payloads(reply)
      expect(events.map((e) => e.type).slice(0, 3)).toEqual([
        'response.created',
        'codex.rate_limits',
        'response.in_progress',
      ])
      return { event: events[1], headers: reply.headers }
    }
    const first = await read({})
    const second = await read({
      authorization: `Bearer ${other.token}`,
      'chatgpt-account-id': other.accountId,
    })
    for (const { event, headers } of [first, second])
      expect(event).toEqual({
        type: 'codex.rate_limits',
        sequence_number: 1,
        plan_type: headers.get('x-codex-plan-type'),
        rate_limits: {
          primary: {
            used_percent: Number(headers.get('x-codex-primary-used-percent')),
            window_minutes: Number(headers.get('x-codex-primary-window-minutes')),
            reset_at: Number(headers.get('x-codex-primary-reset-at')),
          },
          secondary: {
            used_percent: Number(headers.get('x-codex-secondary-used-percent')),
            window_minutes: Number(headers.get('x-codex-secondary-window-minutes')),
            reset_at: Number(headers.get('x-codex-secondary-reset-at')),
          },
        },
        credits: { has_credits: false, unlimited: false, balance: '0' },
        metered_limit_name: 'codex',
      })
    expect(first.event).toMatchObject({
      plan_type: 'plus',
      rate_limits: { primary: { used_percent: 12 } },
    })
    expect(second.event).toMatchObject({
      plan_type: 'pro',
      rate_limits: { primary: { used_percent: 77 } },
    })
  })

  it('lists models by client_version with an ETag', async () => {
    const get = (version: string, etag?: string): Promise<Response> =>
      fetch(`${fake.baseUrl}/models?client_version=${version}`, {
        headers: { ...headersFor(), ...(etag ? { 'if-none-match': etag } : {}) },
      })
    const recent = await get('0.169.0')
    const slugs = ((await recent.json()) as { models: { slug: string }[] }).models.map(
      (m) => m.slug,
    )
    expect(slugs).toContain('gpt-6-astra')
    const old = (await (await get('0.100.0')).json()) as { models: { slug: string }[] }
    expect(old.models.map((m) => m.slug)).not.toContain('gpt-6-astra')
    const etag = recent.headers.get('etag') ?? ''
    expect((await get('0.169.0', etag)).status).toBe(304)
  })
})
