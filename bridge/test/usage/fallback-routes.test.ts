// The order fallbacks are tried in, the model name each one gets, and the host's fallback state.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { ExchangeEntry } from '../../control/contract/exchange.js'
import { fallbackState } from '../../control/log-view.js'
import { fallbackRoutes } from '../../pipeline/fallback.js'
import { routeModel } from '../../routing/route-model.js'

describe('fallbackRoutes', () => {
  it('tries fallbacks depth first, each provider once, with the name from before the first mapping', () => {
    const s = defaultSettings()
    const url = 'http://127.0.0.1:9/v1'
    s.providers.push(
      { id: 'a', kind: 'openai-chat', baseUrl: url, fallback: ['c', 'b'] },
      { id: 'b', kind: 'openai-chat', baseUrl: url, fallback: ['chatgpt'] },
      { id: 'c', kind: 'anthropic', baseUrl: url, fallback: ['b'] },
    )
    const chatgpt = s.providers[0]
    if (chatgpt) chatgpt.fallback = ['a']
    // A stand-in for ChatGPT's mapping of Claude names.
    const map = (p: { kind: string }, model: string) =>
      p.kind === 'chatgpt' ? 'gpt-mapped' : model.toUpperCase()
    const first = routeModel(s, 'claude-x', map)
    if (!first.ok) throw new Error(first.message)
    expect(first.upstreamModel).toBe('gpt-mapped')
    const routes = fallbackRoutes(s, 'claude-x', first, map)
    expect(routes.map((r) => `${r.providerId}:${r.upstreamModel}`)).toEqual([
      'chatgpt:gpt-mapped',
      'a:CLAUDE-X',
      'c:CLAUDE-X',
      'b:CLAUDE-X',
    ])
    expect(routes[1]?.matched).toBe('default provider, fallback for chatgpt')
  })
})

describe('fallbackState', () => {
  const entry = (patch: Partial<ExchangeEntry>): ExchangeEntry => ({
    id: 'x',
    startedAt: 0,
    method: 'POST',
    path: '/v1/messages',
    stream: false,
    notes: [],
    state: 'done',
    frames: [],
    frameBytes: 0,
    framesDropped: 0,
    ...patch,
  })
  const skipped = [{ provider: 'chatgpt', reason: 'usage_limit' as const, message: 'limited' }]

  it('is set by a fallback, kept while it lasts, and cleared when the provider serves again', () => {
    const set = fallbackState(undefined, entry({ provider: 'b', fallback: skipped }))
    expect(set).toMatchObject({ provider: 'chatgpt', servedBy: 'b', reason: 'usage_limit' })
    expect(fallbackState(set, entry({ provider: 'b', fallback: skipped }))).toBe(set)
    expect(fallbackState(set, entry({ provider: 'other' }))).toBe(set)
    const failed = fallbackState(set, entry({ state: 'error', fallback: skipped }))
    expect(failed?.servedBy).toBeUndefined()
    expect(failed?.since).toBe(set?.since)
    expect(fallbackState(set, entry({ provider: 'chatgpt' }))).toBeUndefined()
  })
})
