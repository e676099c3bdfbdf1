// Echoed fields are written back only where the relayed JSON says them as null, never inside model text.
import { describe, expect, it } from 'vitest'
import { echoRewriter } from '../../pipeline/echo-fields.js'

describe('echoRewriter', () => {
  const echo = echoRewriter({ previous_response_id: 'resp_1' })

  it('fills the null field of each response object in a line of SSE', () => {
    const line =
      'data: {"type":"response.created","response":{"id":"resp_2","previous_response_id" : null,"store":true}}\n'
    expect(echo?.(line)).toBe(
      'data: {"type":"response.created","response":{"id":"resp_2","previous_response_id":"resp_1","store":true}}\n',
    )
  })

  it('leaves a field that already has a value, and model text that mentions the field', () => {
    const text =
      '{"previous_response_id":"resp_0","output_text":"set \\"previous_response_id\\":null to start over"}'
    expect(echo?.(text)).toBe(text)
  })

  it('is absent when nothing is echoed', () => {
    expect(echoRewriter({})).toBeUndefined()
  })
})
