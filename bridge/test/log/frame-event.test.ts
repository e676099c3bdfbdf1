// A logged frame's event name and tool badge, read from its text without parsing it.
import { describe, expect, it } from 'vitest'
import { callsTool, frameEvent } from '../../log/frame-event.js'

describe('frameEvent', () => {
  it('takes the first top-level type or object key near the start, skipping keys that only end the same', () => {
    expect(frameEvent('{"subtype":"inner","type":"message_start"}')).toBe('message_start')
    expect(frameEvent('{"id":"c","object":"chat.completion.chunk","choices":[]}')).toBe(
      'chat.completion.chunk',
    )
    expect(frameEvent('type":"x"')).toBeUndefined()
    expect(frameEvent(`{"pad":"${'p'.repeat(200)}","type":"late"}`)).toBeUndefined()
    expect(frameEvent(`{"pad":"${'p'.repeat(140)}","type":"near"}`)).toBe('near')
    expect(frameEvent('event: ping\ndata: {}')).toBe('ping')
    expect(frameEvent('data: [DONE]')).toBe('[DONE]')
    expect(frameEvent('{"type":""}')).toBeUndefined()
    expect(frameEvent('{"hype":"no","type":"yes"}')).toBe('yes')
    expect(frameEvent('{"subject":"no","object":"yes"}')).toBe('yes')
  })
})

describe('callsTool', () => {
  it('sees a tool call in each dialect and not the words in text', () => {
    expect(callsTool('{"type":"content_block_start","content_block":{"type":"tool_use"}}')).toBe(
      true,
    )
    expect(callsTool('{"item":{"type":"function_call","name":"ls"}}')).toBe(true)
    expect(callsTool('{"choices":[{"delta":{"tool_calls":[{"index":0}]}}]}')).toBe(true)
    expect(callsTool('{"delta":{"content":"call tool_calls or tool_use, function_call"}}')).toBe(
      false,
    )
    expect(callsTool('{"finish_reason":null,"system_fingerprint":"fp"}')).toBe(false)
  })
})
