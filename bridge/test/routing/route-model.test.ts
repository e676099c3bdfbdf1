// Model routing order: provider prefix, rules (first match), family defaults, passthrough/default provider.
import { describe, expect, it } from 'vitest'
import {
  explainRoute,
  isRouteError,
  routeModel,
  type Route,
  type RouteError,
} from '../../routing/route-model.js'
import type { Settings } from '../../config/schema.js'
import { parseSettings } from '../../config/validate.js'

function settingsWith(doc: unknown): Settings {
  return parseSettings(doc).settings
}

const providers = [
  { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
  { id: 'ollama', kind: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' },
  { id: 'anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com' },
]

const base = settingsWith({
  providers,
  routing: {
    rules: [
      { match: 'claude-opus-4-6', provider: 'chatgpt', model: 'gpt-5.6-sol', effort: 'high' },
      { match: 'claude-*haiku*', provider: 'ollama', model: 'qwen3:4b' },
      { match: 'qwen*', provider: 'ollama' },
      { match: 'claude-*', provider: 'chatgpt', model: 'gpt-5.5' },
    ],
    families: {
      haiku: 'ollama/never-reached',
      sonnet: 'anthropic/claude-sonnet-4-5',
      opus: 'gpt-5.6-sol',
    },
  },
})

function ok(result: Route | RouteError): Route {
  if (isRouteError(result)) throw new Error(`expected a route, got: ${result.message}`)
  return result
}
function summary(result: Route | RouteError) {
  const r = ok(result)
  return { provider: r.providerId, model: r.upstreamModel, effort: r.effort, matched: r.matched }
}

describe('routeModel', () => {
  it('sends an explicit provider prefix to that provider with the rest as model', () => {
    expect(summary(routeModel(base, 'ollama/claude-haiku-x'))).toEqual({
      provider: 'ollama',
      model: 'claude-haiku-x',
      effort: undefined,
      matched: 'provider prefix',
    })
    expect(summary(routeModel(base, 'OLLAMA/llama3'))).toMatchObject({
      provider: 'ollama',
      model: 'llama3',
    })
    expect(ok(routeModel(base, 'anthropic/x')).provider.kind).toBe('anthropic')
  })

  it('treats a slash with an unknown prefix as part of the model name', () => {
    expect(summary(routeModel(base, 'meta-llama/llama-3'))).toEqual({
      provider: 'chatgpt',
      model: 'meta-llama/llama-3',
      effort: undefined,
      matched: 'default provider',
    })
  })

  it('applies the first matching rule, exact or glob, with its model and effort', () => {
    expect(summary(routeModel(base, 'claude-opus-4-6'))).toEqual({
      provider: 'chatgpt',
      model: 'gpt-5.6-sol',
      effort: 'high',
      matched: 'rule 1 claude-opus-4-6',
    })
    expect(summary(routeModel(base, 'claude-haiku-4-5-20251001'))).toEqual({
      provider: 'ollama',
      model: 'qwen3:4b',
      effort: undefined,
      matched: 'rule 2 claude-*haiku*',
    })
    expect(summary(routeModel(base, 'claude-sonnet-4-5'))).toMatchObject({
      model: 'gpt-5.5',
      matched: 'rule 4 claude-*',
    })
  })

  it('keeps the requested name when a rule has no model', () => {
    expect(summary(routeModel(base, 'Qwen3-Coder'))).toMatchObject({
      provider: 'ollama',
      model: 'Qwen3-Coder',
      matched: 'rule 3 qwen*',
    })
  })

  it('uses family defaults when no rule matched, with or without a provider prefix', () => {
    const noRules = settingsWith({ providers, routing: { families: base.routing.families } })
    expect(summary(routeModel(noRules, 'claude-3-haiku'))).toEqual({
      provider: 'ollama',
      model: 'never-reached',
      effort: undefined,
      matched: 'family haiku',
    })
    expect(summary(routeModel(noRules, 'claude-sonnet-4-6'))).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      matched: 'family sonnet',
    })
    expect(summary(routeModel(noRules, 'Claude-OPUS-4-6[1m]'))).toMatchObject({
      provider: 'chatgpt',
      model: 'gpt-5.6-sol',
      matched: 'family opus',
    })
  })

  it('puts a family value whose prefix is not a provider on the default provider whole', () => {
    const s = settingsWith({
      providers,
      defaultProvider: 'ollama',
      routing: { families: { sonnet: 'qwen/qwen3-coder' } },
    })
    expect(summary(routeModel(s, 'claude-sonnet-4-6'))).toMatchObject({
      provider: 'ollama',
      model: 'qwen/qwen3-coder',
    })
  })

  it('falls back to the default provider with the name unchanged', () => {
    const s = settingsWith({ providers, defaultProvider: 'ollama' })
    expect(summary(routeModel(s, 'gpt-5.5'))).toEqual({
      provider: 'ollama',
      model: 'gpt-5.5',
      effort: undefined,
      matched: 'default provider',
    })
    expect(summary(routeModel(s, 'claude-haiku-4-5'))).toMatchObject({
      provider: 'ollama',
      model: 'claude-haiku-4-5',
    })
  })

  it('in passthrough mode skips family defaults but keeps prefixes and rules', () => {
    const s = settingsWith({
      providers,
      routing: {
        rules: [{ match: 'qwen*', provider: 'ollama' }],
        families: { haiku: 'gpt-5.4-mini' },
        passthrough: true,
      },
    })
    expect(summary(routeModel(s, 'claude-haiku-4-5'))).toEqual({
      provider: 'chatgpt',
      model: 'claude-haiku-4-5',
      effort: undefined,
      matched: 'passthrough',
    })
    expect(summary(routeModel(s, 'qwen3'))).toMatchObject({
      provider: 'ollama',
      matched: 'rule 1 qwen*',
    })
    expect(summary(routeModel(s, 'ollama/x'))).toMatchObject({
      provider: 'ollama',
      matched: 'provider prefix',
    })
  })

  it('returns an error naming the rule when its provider does not exist', () => {
    const s = settingsWith({
      providers,
      routing: {
        rules: [
          { match: 'gpt-*', provider: 'chatgpt' },
          { match: 'claude-*haiku*', provider: 'gone' },
        ],
      },
    })
    const result = routeModel(s, 'claude-haiku-4-5')
    expect(result).toEqual({
      ok: false,
      message:
        "rule 2 claude-*haiku* sends 'claude-haiku-4-5' to provider 'gone', which does not exist",
      ruleIndex: 1,
    })
    expect(ok(routeModel(s, 'gpt-5.5')).providerId).toBe('chatgpt')
  })

  it('returns errors for an empty model, an empty prefixed model and a missing default provider', () => {
    expect(routeModel(base, '  ')).toEqual({ ok: false, message: 'the request names no model' })
    expect(isRouteError(routeModel(base, 'ollama/'))).toBe(true)
    const broken = {
      ...base,
      defaultProvider: 'nowhere',
      routing: { rules: [], families: {}, passthrough: false },
    }
    expect(routeModel(broken, 'x')).toEqual({
      ok: false,
      message: "the default provider 'nowhere' does not exist",
    })
  })
})

describe('explainRoute', () => {
  it('lists each rule as matched, no-match or not-reached', () => {
    const explanation = explainRoute(base, 'qwen3-coder')
    expect(ok(explanation.route).matched).toBe('rule 3 qwen*')
    expect(explanation.model).toBe('qwen3-coder')
    expect(explanation.rules.map((r) => r.status)).toEqual([
      'no-match',
      'no-match',
      'matched',
      'not-reached',
    ])
    expect(explanation.rules[0]).toEqual({
      index: 0,
      match: 'claude-opus-4-6',
      provider: 'chatgpt',
      model: 'gpt-5.6-sol',
      status: 'no-match',
    })
    expect(explanation.rules[2]).not.toHaveProperty('model')
  })

  it('shows no rule reached for a provider prefix, and all missed for a default route', () => {
    expect(explainRoute(base, 'ollama/x').rules.every((r) => r.status === 'not-reached')).toBe(true)
    const missed = explainRoute(base, 'gpt-5.5')
    expect(missed.rules.every((r) => r.status === 'no-match')).toBe(true)
    expect(ok(missed.route).matched).toBe('default provider')
  })

  it('agrees with routeModel', () => {
    for (const model of ['claude-opus-4-6', 'claude-haiku-4-5', 'gpt-5.5', 'ollama/a', 'qwen']) {
      expect(explainRoute(base, model).route).toEqual(routeModel(base, model))
    }
  })
})
