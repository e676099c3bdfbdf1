// Upstream URL handling: SDK base URLs and full endpoint URLs normalise to the base the SDK takes.
import { describe, expect, it } from 'vitest'
import {
  inferWire,
  normalizeBaseUrl,
  parseUpstreamUrl,
  wireToKind,
} from '../../config/upstream-url.js'
import type { ProviderKind } from '../../config/schema.js'

const base = (text: string, kind: ProviderKind) => normalizeBaseUrl(new URL(text), kind).baseUrl

describe('normalizeBaseUrl', () => {
  it.each([
    ['http://host:1234/v1', 'openai-chat', 'http://host:1234/v1'],
    ['http://host:1234/v1/', 'openai-chat', 'http://host:1234/v1'],
    ['http://host:1234', 'openai-chat', 'http://host:1234'],
    ['http://host:1234/v1/chat/completions', 'openai-chat', 'http://host:1234/v1'],
    [
      'https://openrouter.ai/api/v1/chat/completions',
      'openai-chat',
      'https://openrouter.ai/api/v1',
    ],
    ['http://host/v1/responses', 'openai-responses', 'http://host/v1'],
    ['http://host/v1', 'openai-responses', 'http://host/v1'],
    ['http://host/v1/messages', 'anthropic', 'http://host'],
    ['http://host/v1', 'anthropic', 'http://host'],
    ['http://host', 'anthropic', 'http://host'],
    ['https://api.anthropic.com/', 'anthropic', 'https://api.anthropic.com'],
    [
      'http://127.0.0.1:9/backend-api/codex/responses',
      'chatgpt',
      'http://127.0.0.1:9/backend-api/codex',
    ],
    ['HTTP://Host:80/v1', 'openai-chat', 'http://host/v1'],
  ] as const)('%s as %s → %s', (input, kind, expected) => {
    expect(base(input, kind)).toBe(expected)
  })

  it('reports what it removed', () => {
    expect(normalizeBaseUrl(new URL('http://h/v1/chat/completions'), 'openai-chat')).toEqual({
      baseUrl: 'http://h/v1',
      stripped: '/chat/completions',
    })
    expect(normalizeBaseUrl(new URL('http://h/v1'), 'openai-chat')).toEqual({
      baseUrl: 'http://h/v1',
    })
  })
})

describe('inferWire', () => {
  it.each([
    ['http://h/v1/messages', 'anthropic'],
    ['https://api.anthropic.com', 'anthropic'],
    ['https://api.anthropic.com/v1', 'anthropic'],
    ['http://h/v1/responses', 'responses'],
    ['http://h/v1/responses/', 'responses'],
    ['http://h/v1/chat/completions', 'chat'],
    ['http://h/v1', 'chat'],
    ['http://localhost:11434', 'chat'],
    ['https://chatgpt.com/backend-api/codex', 'chatgpt'],
    ['https://chatgpt.com/backend-api/codex/responses', 'chatgpt'],
  ] as const)('%s → %s', (url, wire) => {
    expect(inferWire(new URL(url))).toBe(wire)
  })
})

describe('wireToKind / parseUpstreamUrl', () => {
  it('maps wires to provider kinds', () => {
    expect(
      ['chat', 'responses', 'anthropic', 'chatgpt'].map((w) => wireToKind(w as 'chat')),
    ).toEqual(['openai-chat', 'openai-responses', 'anthropic', 'chatgpt'])
  })
  it('rejects query strings and fragments', () => {
    expect(() => parseUpstreamUrl('http://h/v1?x=1')).toThrowError(/query string/)
    expect(() => parseUpstreamUrl('http://h/v1#a')).toThrowError(/query string or fragment/)
  })
})
