// ChatGPT's own frames in the stream: an in-stream usage limit reads as ChatGPT's error (with its reset
// time), codex.rate_limits updates the usage windows, and every other frame is the Responses decoder's.
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { codecFor } from '../../../protocol/registry.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { chatgptFrameReader } from '../../../upstream/chatgpt/stream-frames.js'
import { UsageTracker } from '../../../upstream/chatgpt/usage-tracker.js'
import { testContext } from '../../helpers/context.js'

function run(
  frames: object[],
  usage = new UsageTracker(),
): { events: CanonicalEvent[]; usage: UsageTracker } {
  const decoder = codecFor('openai-responses').createStreamDecoder(testContext())
  const read = chatgptFrameReader(usage)
  const events: CanonicalEvent[] = []
  for (const f of frames) {
    const frame: SseFrame = { data: JSON.stringify(f) }
    events.push(...read(frame, (x) => decoder.push(x)))
  }
  events.push(...decoder.end())
  return { events, usage }
}

const created = {
  type: 'response.created',
  response: { id: 'resp_1', model: 'gpt-5.5', status: 'in_progress', output: [] },
}
const resetAt = Math.floor(Date.now() / 1000) + 3600

describe('chatgpt frame reader', () => {
  it('an in-stream usage limit becomes ChatGPT’s usage-limit error with the reset time', () => {
    const { events } = run([
      created,
      {
        type: 'error',
        error: {
          type: 'usage_limit_reached',
          message: 'The usage limit has been reached',
          plan_type: 'plus',
          resets_at: resetAt,
        },
      },
    ])
    const errors = events.filter((e) => e.type === 'error')
    expect(errors).toHaveLength(1)
    const error = errors[0]?.type === 'error' ? errors[0].error : undefined
    expect(error).toMatchObject({ kind: 'rate_limit' })
    expect(error?.message).toMatch(/usage limit.*resets/i)
  })

  it('response.failed keeps the decoder’s shape (start, then one error) with ChatGPT’s reading of it', () => {
    const { events } = run([
      created,
      {
        type: 'response.failed',
        response: {
          id: 'resp_1',
          status: 'failed',
          error: { code: 'server_is_overloaded', message: 'busy' },
        },
      },
    ])
    expect(events[0]?.type).toBe('message_start')
    const error = events.find((e) => e.type === 'error')
    expect(error?.type === 'error' && error.error).toMatchObject({
      kind: 'overloaded',
      code: 'server_is_overloaded',
    })
  })

  it('codex.rate_limits records the usage windows and goes on as a rate_limits event', () => {
    const limits = {
      type: 'codex.rate_limits',
      plan_type: 'plus',
      rate_limits: {
        primary: { used_percent: 42, window_minutes: 300, reset_at: resetAt },
        secondary: { used_percent: 9, window_minutes: 10080, reset_at: resetAt + 86_400 },
      },
    }
    const withEvent = run([
      created,
      limits,
      {
        type: 'response.output_text.delta',
        item_id: 'm1',
        output_index: 0,
        content_index: 0,
        delta: 'hi',
      },
    ])
    const without = run([
      created,
      {
        type: 'response.output_text.delta',
        item_id: 'm1',
        output_index: 0,
        content_index: 0,
        delta: 'hi',
      },
    ])
    // The answer itself is unchanged; the report rides along for clients that relay it.
    expect(withEvent.events.filter((e) => e.type !== 'rate_limits')).toEqual(without.events)
    expect(withEvent.events.filter((e) => e.type === 'rate_limits')).toEqual([
      {
        type: 'rate_limits',
        limits: {
          planType: 'plus',
          primary: { usedPercent: 42, windowMinutes: 300, resetsAt: resetAt },
          secondary: { usedPercent: 9, windowMinutes: 10080, resetsAt: resetAt + 86_400 },
        },
      },
    ])
    expect(withEvent.usage.latest()?.fiveHour?.usedPercent).toBe(42)
    expect(withEvent.usage.latest()?.weekly?.usedPercent).toBe(9)
    expect(without.usage.latest()).toBeUndefined()
  })

  it('a delta that merely mentions "error" is left to the decoder', () => {
    const { events } = run([
      created,
      {
        type: 'response.output_text.delta',
        item_id: 'm1',
        output_index: 0,
        content_index: 0,
        delta: '"type":"error"',
      },
    ])
    expect(events.some((e) => e.type === 'error' && e.error.kind === 'rate_limit')).toBe(false)
  })
})
