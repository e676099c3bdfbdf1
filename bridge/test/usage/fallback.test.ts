// Fallback end to end with the official SDKs: a ChatGPT provider whose accounts are all limited hands the
// request to its fallbacks in order (re-planned in each one's dialect), a provider past its spending cap is
// skipped, and when nothing is left the client gets its dialect's 429 with a retry-after no later than the
// earliest time something serves again. The log entry, the host status and the usage history say so.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Settings } from '../../config/schema.js'
import { ProviderUnavailableError } from '../../upstream/provider-unavailable.js'
import type { Provider } from '../../upstream/provider.js'
import { createProviderRegistry, type ProviderRegistry } from '../../upstream/registry.js'
import { startHost } from '../control/host-helpers.js'
import { askClaude, fallbackSettings, providerOf } from '../helpers/fallback-settings.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'

let fakes: AllFakes
let dir: string
beforeAll(async () => {
  fakes = await startAllFakes()
  dir = await mkdtemp(join(tmpdir(), 'sb-fallback-'))
})
afterAll(async () => {
  await fakes.close()
  await rm(dir, { recursive: true, force: true })
})

/** The providers of a real gateway, with the ChatGPT one limited on every account until `retryAt`. */
function limitedChatgpt(retryAt: number): ProviderRegistry {
  const real = createProviderRegistry()
  const chatgpt = real.for('chatgpt')
  const limited: Provider = {
    ...chatgpt,
    open: async () => {
      throw new ProviderUnavailableError(
        'every account is at its usage limit',
        'usage_limit',
        retryAt,
        ['work@example.com', 'home@example.com'],
      )
    },
  }
  return { ...real, for: (kind) => (kind === 'chatgpt' ? limited : real.for(kind)) }
}

function settings(patch: (s: Settings) => void = () => {}): Settings {
  const s = fallbackSettings([
    { id: 'resp', kind: 'openai-responses', fake: fakes.responses },
    { id: 'claude', kind: 'anthropic', fake: fakes.anthropic },
  ])
  s.server.port = 0
  patch(s)
  return s
}

describe('fallback', () => {
  it('serves Anthropic and OpenAI clients from the first fallback when every ChatGPT account is limited', async () => {
    const retryAt = Date.now() + 20 * 60_000
    const { host, url, keys } = await startHost(settings(), {
      providers: limitedChatgpt(retryAt),
      dataDir: join(dir, 'first'),
    })
    try {
      const anthropic = new Anthropic({ apiKey: keys.key, baseURL: url, maxRetries: 0 })
      const { message, streamed } = await askClaude(anthropic)
      expect(message.content[0]?.type === 'text' && message.content[0].text).toContain(
        'fake-responses (model claude-sonnet-4-5)',
      )
      expect(streamed.stop_reason).toBe('end_turn')

      const openai = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      const chat = await openai.chat.completions.create({
        model: 'gpt-5',
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(chat.choices[0]?.message.content).toContain('fake-responses (model gpt-5)')
      // The Responses client speaks the fallback's own dialect: its body goes through untouched.
      const response = await openai.responses.create({ model: 'gpt-5', input: 'hi' })
      expect(response.output_text).toContain('fake-responses')

      const entries = host.log.snapshot()
      expect(entries).toHaveLength(4)
      for (const e of entries) {
        expect(e.provider).toBe('resp')
        expect(e.fallback).toEqual([
          {
            provider: 'chatgpt',
            reason: 'usage_limit',
            message: 'every account is at its usage limit',
            tried: ['work@example.com', 'home@example.com'],
          },
        ])
        expect(e.notes.join('\n')).toContain("fallback: served by 'resp'")
      }
      expect(entries[3]?.passthrough).toBe(true)
      const status = await host.gatewayStatus()
      expect(status.fallback).toMatchObject({
        provider: 'chatgpt',
        reason: 'usage_limit',
        servedBy: 'resp',
      })
      // The history counts the tokens where they were spent.
      const rows = (await host.usageHistory()).rows
      expect(rows.map((r) => `${r.provider}/${r.model}`)).toEqual([
        'resp/claude-sonnet-4-5',
        'resp/gpt-5',
      ])
    } finally {
      await host.close()
    }
  })

  it('skips a provider past its spending cap, then answers 429 with retry-after when nothing is left', async () => {
    const retryAt = Date.now() + 20 * 60_000
    const s = settings((s) => {
      // One request costs more than this: prices of $1,000 per million tokens.
      providerOf(s, 'resp').spendCap = { dailyUsd: 0.001 }
      providerOf(s, 'resp').prices = { input: 1000, cachedInput: 1000, output: 1000 }
      providerOf(s, 'claude').spendCap = { monthlyUsd: 0.001 }
      providerOf(s, 'claude').prices = { input: 1000, cachedInput: 1000, output: 1000 }
    })
    const { host, url, keys } = await startHost(s, {
      providers: limitedChatgpt(retryAt),
      dataDir: join(dir, 'caps'),
    })
    try {
      const anthropic = new Anthropic({ apiKey: keys.key, baseURL: url, maxRetries: 0 })
      const ask = () =>
        anthropic.messages.create({
          model: 'claude-sonnet-4-5',
          max_tokens: 100,
          messages: [{ role: 'user', content: 'hi' }],
        })
      const first = await ask()
      expect(JSON.stringify(first.content)).toContain('fake-responses')
      // 'resp' has now spent past its daily cap: the next request goes on to 'claude', with the Claude name.
      const second = await ask()
      expect(JSON.stringify(second.content)).toContain('fake-anthropic')
      expect(fakes.anthropic.requests.at(-1)?.body).toMatchObject({ model: 'claude-sonnet-4-5' })
      const spend = (await host.usageHistory()).spend.find((x) => x.provider === 'resp')
      expect(spend?.todayUsd).toBeGreaterThan(0.001)

      // Now all three are out: the client's own 429, with a retry-after no later than the account reset.
      const failure = await ask().catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(Anthropic.RateLimitError)
      const error = failure as InstanceType<typeof Anthropic.RateLimitError>
      expect(error.status).toBe(429)
      expect((error.error as { error?: { type?: string } }).error?.type).toBe('rate_limit_error')
      const retryAfter = Number(error.headers?.get('retry-after'))
      const untilReset = Math.ceil((retryAt - Date.now()) / 1000)
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(untilReset + 1)
      expect(error.message).toMatch(
        /chatgpt: every account .*resp: .*daily spending cap.*claude: .*monthly spending cap/,
      )

      const openai = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      const chatFailure = await openai.chat.completions
        .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e)
      expect(chatFailure).toBeInstanceOf(OpenAI.RateLimitError)
      const chatError = chatFailure as InstanceType<typeof OpenAI.RateLimitError>
      expect(chatError.code).toBe('rate_limit_exceeded')
      expect(Number(chatError.headers?.get('retry-after'))).toBeLessThanOrEqual(untilReset + 1)

      const last = host.log.snapshot().at(-1)
      expect(last?.status).toBe(429)
      expect(last?.fallback?.map((f) => `${f.provider}:${f.reason}`)).toEqual([
        'chatgpt:usage_limit',
        'resp:spend_cap',
        'claude:spend_cap',
      ])
      expect((await host.gatewayStatus()).fallback).toMatchObject({ provider: 'chatgpt' })
      expect((await host.gatewayStatus()).fallback?.servedBy).toBeUndefined()
    } finally {
      await host.close()
    }
  })

  it('a provider alone past its cap answers insufficient_quota until the end of the day', async () => {
    const s = settings((s) => {
      s.defaultProvider = 'resp'
      providerOf(s, 'resp').spendCap = { dailyUsd: 0 }
    })
    const { host, url, keys } = await startHost(s, { dataDir: join(dir, 'alone') })
    const before = fakes.responses.requests.length
    try {
      const openai = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      const failure = await openai.responses
        .create({ model: 'gpt-5', input: 'hi' })
        .catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
      const error = failure as InstanceType<typeof OpenAI.RateLimitError>
      expect(error.code).toBe('insufficient_quota')
      const now = new Date()
      const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime()
      const retryAfter = Number(error.headers?.get('retry-after'))
      expect(Math.abs(retryAfter - (midnight - Date.now()) / 1000)).toBeLessThan(5)
      // A capped provider is skipped without being asked.
      expect(fakes.responses.requests.length).toBe(before)
    } finally {
      await host.close()
    }
  })
})
