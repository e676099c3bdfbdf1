// serializeFrame writes the common frame (a name, one data line) from an opening kept per event name: the bytes
// must be the SSE lines the frame stands for, for every shape of frame and however many names a stream uses.
import { describe, expect, it } from 'vitest'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { parseSse } from '../../protocol/sse/parse.js'
import { serializeFrame, serializeFrames } from '../../protocol/sse/serialize.js'

/** The SSE text of a frame, line by line as the format defines it. */
function lines(frame: SseFrame): string {
  if (frame.comment !== undefined) return `: ${frame.comment}\n\n`
  const out: string[] = []
  if (frame.event) out.push(`event: ${frame.event}`)
  if (frame.id) out.push(`id: ${frame.id}`)
  for (const line of frame.data.split('\n')) out.push(`data: ${line}`)
  return out.join('\n') + '\n\n'
}

const FRAMES: SseFrame[] = [
  { event: 'response.output_text.delta', data: '{"delta":"a"}', oneLine: true },
  { event: 'response.output_text.delta', data: '{"delta":"b"}', oneLine: true },
  { event: 'message_start', data: '{"x":1}' },
  { data: '{"choices":[]}' },
  { data: '[DONE]' },
  { event: 'e', id: '7', data: '{}' },
  { event: '', id: '', data: 'plain' },
  { event: 'multi', data: 'one\ntwo\n' },
  { data: '', comment: 'keepalive' },
]

describe('serializeFrame', () => {
  it('writes each shape of frame as its SSE lines', () => {
    for (const f of FRAMES) expect(serializeFrame(f)).toBe(lines(f))
    expect(serializeFrames(FRAMES)).toBe(FRAMES.map(lines).join(''))
  })

  it('writes every name the same, past the names it keeps an opening for', () => {
    const frames = Array.from({ length: 600 }, (_, i) => ({
      event: `event.${i % 300}`,
      data: `{"n":${i}}`,
      oneLine: true as const,
    }))
    const text = serializeFrames(frames)
    expect(text).toBe(frames.map(lines).join(''))
    expect(parseSse(new TextEncoder().encode(text)).map((f) => [f.event, f.data])).toEqual(
      frames.map((f) => [f.event, f.data]),
    )
  })
})
