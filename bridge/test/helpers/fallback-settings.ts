// The fallback tests' common ground: settings whose ChatGPT provider falls back, in order, to providers on the
// project's fakes, and the same "hi" asked of a Claude model plainly and streamed.
import type Anthropic from '@anthropic-ai/sdk'
import { defaultSettings } from '../../config/defaults.js'
import type { PriceSettings, ProviderSettings, Settings } from '../../config/schema.js'
import type { FakeServer } from '../fakes/index.js'

export interface FallbackUpstream {
  id: string
  kind: ProviderSettings['kind']
  fake: Pick<FakeServer, 'url'>
  prices?: PriceSettings
}

/** Default settings, the ChatGPT provider (on `chatgptBaseUrl` when given) falling back to `fallbacks` in order. */
export function fallbackSettings(fallbacks: FallbackUpstream[], chatgptBaseUrl?: string): Settings {
  const settings = defaultSettings()
  const chatgpt = settings.providers.find((p) => p.kind === 'chatgpt')
  if (!chatgpt) throw new Error('no chatgpt provider in the defaults')
  if (chatgptBaseUrl !== undefined) chatgpt.baseUrl = chatgptBaseUrl
  chatgpt.fallback = fallbacks.map((f) => f.id)
  for (const f of fallbacks)
    settings.providers.push({
      id: f.id,
      kind: f.kind,
      baseUrl: f.fake.url,
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      ...(f.prices ? { prices: f.prices } : {}),
    })
  return settings
}

export function providerOf(settings: Settings, id: string): ProviderSettings {
  const p = settings.providers.find((x) => x.id === id)
  if (!p) throw new Error(`no provider ${id}`)
  return p
}

/** "hi" to claude-sonnet-4-5, once plainly and once streamed: the two answers. */
export async function askClaude(
  client: Anthropic,
): Promise<{ message: Anthropic.Message; streamed: Anthropic.Message }> {
  const params = {
    model: 'claude-sonnet-4-5',
    max_tokens: 200,
    messages: [{ role: 'user' as const, content: 'hi' }],
  }
  const message = await client.messages.create(params)
  const streamed = await client.messages.stream(params).finalMessage()
  return { message, streamed }
}
