// The serving account's usage windows in a stream: Responses reads `codex.rate_limits` into a rate_limits event
// and writes it back as Codex CLI parses it; Chat and Anthropic clients never see it, and every official SDK
// still accumulates the same answer.
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { Accumulator } from '../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { checkWellFormed } from '../../protocol/canonical/invariants.js'
import type { RateLimitInfo } from '../../protocol/canonical/rate-limits.js'
import type { Dialect } from '../../protocol/dialects.js'
import { CHUNK_SIZES, splitEvery } from '../helpers/chunks.js'
import { encoderOptions, testContext } from '../helpers/context.js'
import { sdkFinal } from '../helpers/sdk-oracles.js'
import { decodeBytes, encodeStream } from '../helpers/translate.js'
import { codecFor } from '../../protocol/registry.js'
import { serializeFrames } from '../../protocol/sse/serialize.js'
import { sse } from './openai-responses/helpers.js'

const NOW_S = testContext().now() / 1000
const created = {
  type: 'response.created',
  sequence_number: 0,
  response: {
    id: 'resp_1',
    object: 'response',
    status: 'in_progress',
    model: 'gpt-5.5',
    output: [],
  },
}
const message = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed' }
const body = [
  {
    type: 'response.output_item.added',
    output_index: 0,
    item: { ...message, status: 'in_progress', content: [] },
  },
  {
    type: 'response.output_text.delta',
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    delta: 'done',
  },
  {
    type: 'response.output_item.done',
    output_index: 0,
    item: { ...message, content: [{ type: 'output_text', text: 'done', annotations: [] }] },
  },
  {
    type: 'response.completed',
    response: {
      id: 'resp_1',
      status: 'completed',
      output: [],
      usage: { input_tokens: 10, output_tokens: 1, total_tokens: 11 },
    },
  },
]
/** As the Codex backend streams it (codex-backend.md §3.4). */
const wire = {
  type: 'codex.rate_limits',
  plan_type: 'plus',
  rate_limits: {
    allowed: true,
    limit_reached: false,
    primary: { used_percent: 42, window_minutes: 300, reset_at: 1_763_903_600 },
    secondary: { used_percent: 7.5, window_minutes: 10080, reset_at: 1_764_300_000 },
  },
  credits: { has_credits: false, unlimited: false, balance: '0' },
  metered_limit_name: 'codex',
}
const info: RateLimitInfo = {
  planType: 'plus',
  primary: { usedPercent: 42, windowMinutes: 300, resetsAt: 1_763_903_600 },
  secondary: { usedPercent: 7.5, windowMinutes: 10080, resetsAt: 1_764_300_000 },
  credits: { hasCredits: false, unlimited: false, balance: '0' },
  limitName: 'codex',
}

function decodeAtEverySize(text: string): CanonicalEvent[][] {
  const bytes = new TextEncoder().encode(text)
  return [[bytes], ...CHUNK_SIZES.map((n) => splitEvery(bytes, n))].map((chunks) =>
    decodeBytes('openai-responses', chunks),
  )
}

const limitsOf = (events: CanonicalEvent[]): CanonicalEvent[] =>
  events.filter((e) => e.type === 'rate_limits')

describe('Responses reads codex.rate_limits', () => {
  it('after response.created and before it, at every chunk boundary, without changing the answer', () => {
    const plain = decodeBytes('openai-responses', [sse(created, ...body)])
    for (const order of [
      [created, wire, ...body],
      [wire, created, ...body],
    ]) {
      for (const events of decodeAtEverySize(sse(...order))) {
        expect(limitsOf(events)).toEqual([{ type: 'rate_limits', limits: info }])
        expect(events.filter((e) => e.type !== 'rate_limits')).toEqual(plain)
        expect(checkWellFormed(events)).toEqual([])
      }
    }
  })

  it('takes the looser forms other readers have seen: relative resets, a number balance, a nameless limit', () => {
    const [events] = decodeAtEverySize(
      sse(created, {
        type: 'codex.rate_limits',
        rate_limits: {
          primary: { used_percent: '12.5', window_minutes: 300, reset_after_seconds: 60 },
          // No used_percent: Codex drops such an event whole, so it is not a window.
          secondary: { window_minutes: 10080, reset_at: 1 },
        },
        credits: { has_credits: true, unlimited: false, balance: 9.5 },
        limit_name: 'codex_other',
      }),
    )
    expect(limitsOf(events ?? [])).toEqual([
      {
        type: 'rate_limits',
        limits: {
          primary: { usedPercent: 12.5, windowMinutes: 300, resetsAt: NOW_S + 60 },
          credits: { hasCredits: true, unlimited: false, balance: '9.5' },
          limitName: 'codex_other',
        },
      },
    ])
  })

  it('an event with neither windows nor credits is no report', () => {
    const events = decodeBytes('openai-responses', [
      sse(created, { type: 'codex.rate_limits', rate_limits: { allowed: true } }, ...body),
    ])
    expect(limitsOf(events)).toEqual([])
  })
})

const canonical = (limits: RateLimitInfo, before: boolean): CanonicalEvent[] => {
  const start: CanonicalEvent = { type: 'message_start', id: 'resp_up', model: 'gpt-5.5' }
  const report: CanonicalEvent = { type: 'rate_limits', limits }
  return [
    ...(before ? [report, start] : [start, report]),
    { type: 'block_start', index: 0, block: { kind: 'text' } },
    { type: 'text_delta', index: 0, text: 'done' },
    { type: 'block_stop', index: 0 },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 1 } },
    { type: 'message_stop', stopReason: 'end_turn' },
  ]
}

/** What Codex CLI 0.169 sends with every request (client-requests.md §2.3), trimmed to what tells it apart. */
const CODEX_HEADERS = {
  'x-codex-beta-features': 'remote_compaction_v2',
  'x-codex-window-id': 'th-1:0',
  originator: 'codex_exec',
  'user-agent': 'codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)',
}
/** What openai-node sends. */
const SDK_HEADERS = { 'user-agent': 'OpenAI/JS 7.57.0', 'x-stainless-lang': 'js' }

function encodeFor(
  headers: Record<string, string>,
  events: CanonicalEvent[],
  dialect: Dialect = 'openai-responses',
): string {
  const encoder = codecFor(dialect).createStreamEncoder({
    ...encoderOptions('client-model'),
    clientHeaders: headers,
  })
  return serializeFrames([...events.flatMap((e) => encoder.push(e)), ...encoder.end()])
}

const dataOf = (stream: string): Record<string, unknown>[] =>
  stream
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>)

describe('Responses writes codex.rate_limits for Codex CLI', () => {
  it('with the preamble (held for response.created when it came first), in the form Codex CLI parses', () => {
    for (const before of [true, false]) {
      const events = dataOf(encodeFor(CODEX_HEADERS, canonical(info, before)))
      const preamble = ['response.created', 'response.in_progress']
      preamble.splice(before ? 1 : 2, 0, 'codex.rate_limits')
      expect(events.map((e) => e['type']).slice(0, 3)).toEqual(preamble)
      expect(events.map((e) => e['sequence_number'])).toEqual(events.map((_, i) => i))
      const at = before ? 1 : 2
      expect(events[at]).toEqual({
        type: 'codex.rate_limits',
        sequence_number: at,
        plan_type: 'plus',
        rate_limits: {
          primary: { used_percent: 42, window_minutes: 300, reset_at: 1_763_903_600 },
          secondary: { used_percent: 7.5, window_minutes: 10080, reset_at: 1_764_300_000 },
        },
        credits: { has_credits: false, unlimited: false, balance: '0' },
        metered_limit_name: 'codex',
      })
    }
  })

  it('a later report goes out where it arrives; an absent window is null', () => {
    const events = canonical(info, false)
    events.splice(3, 0, { type: 'rate_limits', limits: { primary: { usedPercent: 43 } } })
    const out = dataOf(encodeFor(CODEX_HEADERS, events))
    const reports = out.filter((e) => e['type'] === 'codex.rate_limits')
    expect(reports[1]).toEqual({
      type: 'codex.rate_limits',
      sequence_number: out.indexOf(reports[1] ?? {}),
      rate_limits: { primary: { used_percent: 43 }, secondary: null },
    })
  })

  it('decoding what it wrote gives the same report back', () => {
    const written = encodeFor(CODEX_HEADERS, canonical(info, true))
    expect(limitsOf(decodeBytes('openai-responses', [written]))).toEqual([
      { type: 'rate_limits', limits: info },
    ])
  })

  it('only for a client that sends Codex headers: other Responses clients get the stream without it', async () => {
    const withReport = encodeFor(CODEX_HEADERS, canonical(info, true))
    const plain = canonical(info, true).filter((e) => e.type !== 'rate_limits')
    expect(withReport).not.toBe(encodeFor(CODEX_HEADERS, plain))
    expect(encodeFor({ 'x-codex-turn-metadata': '{}' }, canonical(info, true))).toBe(withReport)
    expect(encodeFor({ originator: 'codex_cli_rs' }, canonical(info, true))).toBe(withReport)
    // The official SDK's client: no report, and its stream helper reads the answer.
    const forSdk = encodeFor(SDK_HEADERS, canonical(info, true))
    expect(forSdk).toBe(encodeFor(SDK_HEADERS, plain))
    expect(forSdk).toBe(encodeStream('openai-responses', canonical(info, true), 'client-model'))
    await expect(sdkFinal('openai-responses', forSdk)).resolves.toMatchObject({
      status: 'completed',
      output_text: 'done',
    })
  })

  it('why: openai-node 7 iterates the event but its responses.stream() helper throws on it', async () => {
    const codexStream = encodeFor(CODEX_HEADERS, canonical(info, true))
    const client = new OpenAI({
      apiKey: 'test',
      baseURL: 'http://oracle.invalid/v1',
      fetch: async () =>
        new Response(codexStream, { headers: { 'content-type': 'text/event-stream' } }),
      maxRetries: 0,
    })
    const seen: string[] = []
    const stream = await client.responses.create({ model: 'm', input: 'hi', stream: true })
    for await (const event of stream) seen.push(event.type)
    expect(seen).toContain('codex.rate_limits')
    await expect(sdkFinal('openai-responses', codexStream)).rejects.toThrow(
      /Unhandled response stream event/,
    )
  })
})

describe('Chat and Anthropic clients never see it', () => {
  it.each<Dialect>(['openai-chat', 'anthropic-messages'])(
    '%s: the stream is byte for byte the one without the report, and its SDK reads it',
    async (dialect) => {
      for (const before of [true, false]) {
        const events = canonical(info, before)
        // Even for Codex CLI's headers: these dialects have no such event.
        const withReport = encodeFor(CODEX_HEADERS, events, dialect)
        const without = encodeFor(
          CODEX_HEADERS,
          events.filter((e) => e.type !== 'rate_limits'),
          dialect,
        )
        expect(withReport).toBe(without)
        await expect(sdkFinal(dialect, withReport)).resolves.toBeTruthy()
      }
    },
  )

  it('a JSON answer (any dialect) is accumulated without it', () => {
    const acc = new Accumulator()
    for (const e of canonical(info, true)) acc.push(e)
    const result = acc.result()
    expect(result.ok).toBe(true)
    if (result.ok) expect(JSON.stringify(result.response)).not.toMatch(/used|percent|plan/i)
  })
})
