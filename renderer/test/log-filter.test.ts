// Log search: field filters (status:4xx provider: model: client: is:), free words, and body hits from the gateway.
import { describe, expect, it } from 'vitest'
import type { ExchangeSummary } from '../../bridge/control/contract/exchange.js'
import { applyFilter, EMPTY_FILTER, parseQuery } from '../src/log/log-filter.js'

function row(id: string, extra: Partial<ExchangeSummary>): ExchangeSummary {
  return {
    id,
    startedAt: 0,
    method: 'POST',
    path: '/v1/messages',
    stream: true,
    notes: [],
    state: 'done',
    frameCount: 0,
    frameBytes: 0,
    framesDropped: 0,
    ...extra,
  }
}

const rows = [
  row('a', {
    status: 200,
    provider: 'chatgpt',
    requestedModel: 'claude-haiku-4-5',
    routedModel: 'gpt-5.4-mini',
    clientDialect: 'anthropic-messages',
    toolCall: true,
  }),
  row('b', {
    status: 400,
    provider: 'anthropic',
    requestedModel: 'claude-haiku-4-5',
    clientDialect: 'anthropic-messages',
    error: 'messages.0: all messages must have non-empty content',
    passthrough: true,
  }),
  row('c', {
    status: 429,
    provider: 'openrouter',
    requestedModel: 'qwen3-coder',
    clientDialect: 'openai-chat',
    stream: false,
    notes: ['dropped tool web_search'],
  }),
  row('d', {
    state: 'active',
    provider: 'chatgpt',
    requestedModel: 'gpt-5.5',
    clientDialect: 'openai-responses',
  }),
]
const ids = (text: string, hits?: Set<string>) =>
  applyFilter(rows, { ...EMPTY_FILTER, text }, hits).map((r) => r.id)

describe('log search', () => {
  it('parses field filters and free words', () => {
    expect(parseQuery('status:4xx Provider:Anthropic haiku -is:tool foo:bar')).toEqual({
      fields: [
        { key: 'status', value: '4xx', negate: false },
        { key: 'provider', value: 'anthropic', negate: false },
        { key: 'is', value: 'tool', negate: true },
      ],
      words: ['haiku', 'foo:bar'],
    })
  })

  it('filters by status classes, exact codes and states', () => {
    expect(ids('status:4xx')).toEqual(['b', 'c'])
    expect(ids('status:429')).toEqual(['c'])
    expect(ids('status:ok')).toEqual(['a'])
    expect(ids('status:active')).toEqual(['d'])
  })

  it('combines fields: status:4xx provider:anthropic model:haiku', () => {
    expect(ids('status:4xx provider:anthropic model:haiku')).toEqual(['b'])
    expect(ids('model:mini')).toEqual(['a'])
    expect(ids('client:chat')).toEqual(['c'])
    expect(ids('is:tool')).toEqual(['a'])
    expect(ids('is:pass')).toEqual(['b'])
    expect(ids('-is:stream')).toEqual(['c'])
  })

  it('searches errors and notes by free words, and takes body hits from the gateway', () => {
    expect(ids('non-empty')).toEqual(['b'])
    expect(ids('web_search')).toEqual(['c'])
    expect(ids('needle')).toEqual([])
    expect(ids('needle', new Set(['d']))).toEqual(['d'])
    expect(ids('provider:chatgpt needle', new Set(['d', 'c']))).toEqual(['d'])
  })
})
