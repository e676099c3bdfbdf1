// Fallback, spending cap and price settings are checked before they are saved: fallbacks name existing
// providers, never the provider itself, and never lead back in a circle.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import { validateSettings } from '../../config/validate.js'

function withProviders(patch: (s: Settings) => void): Settings {
  const s = defaultSettings()
  s.providers.push(
    { id: 'a', kind: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1' },
    { id: 'b', kind: 'anthropic', baseUrl: 'http://127.0.0.1:2' },
  )
  patch(s)
  return s
}

function errors(s: Settings): string[] {
  const r = validateSettings(s)
  return r.ok ? [] : r.errors
}

describe('fallback settings', () => {
  it('accepts a fallback chain, a cap and prices', () => {
    const s = withProviders((s) => {
      const chatgpt = s.providers.find((p) => p.kind === 'chatgpt')
      if (chatgpt) chatgpt.fallback = ['a', 'b']
      const a = s.providers.find((p) => p.id === 'a')
      if (a) {
        a.fallback = ['b']
        a.spendCap = { dailyUsd: 5, monthlyUsd: 50 }
        a.prices = { input: 1, cachedInput: 0.1, output: 4 }
      }
    })
    expect(errors(s)).toEqual([])
  })

  it('refuses an unknown id, the provider itself and a circle, naming the field', () => {
    const s = withProviders((s) => {
      const [, a, b] = [undefined, ...s.providers.filter((p) => p.id === 'a' || p.id === 'b')]
      if (a) a.fallback = ['a', 'nope', 'b']
      if (b) b.fallback = ['a']
    })
    const found = errors(s)
    expect(found).toContainEqual(
      expect.stringMatching(
        /^providers\[\d\]\.fallback\[0\]: a provider cannot fall back to itself/,
      ),
    )
    expect(found).toContainEqual(
      expect.stringMatching(/^providers\[\d\]\.fallback\[1\]: no provider with id 'nope'/),
    )
    expect(found).toContainEqual(
      expect.stringMatching(/fallback: falls back in a circle \(a → b → a\)/),
    )
  })

  it('refuses negative money and unknown price fields', () => {
    const s = withProviders((s) => {
      const a = s.providers.find((p) => p.id === 'a')
      if (a) a.spendCap = { dailyUsd: -1 }
    })
    expect(errors(s).join('\n')).toMatch(/spendCap\.dailyUsd: expected number ≥ 0/)
    const t = withProviders((s) => {
      const a = s.providers.find((p) => p.id === 'a') as unknown as Record<string, unknown>
      a['prices'] = { input: 1, cachedInput: 1, output: 1, extra: 2 }
    })
    expect(errors(t).join('\n')).toMatch(/unknown setting providers\[\d\]\.prices\.extra/)
  })
})
