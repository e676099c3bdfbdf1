// The Chat Completions passthrough tap: the decoder reads only chunks that may carry usage, a finish reason, an
// error or a tool call (its stop reason says whether a call came); plain content chunks pass unread.
import type { StreamDecoderOptions } from '../codec.js'
import type { SseFrame } from '../sse/frame.js'
import { createTap, plainObjectText, type StreamTap } from '../stream-tap.js'
import { createStreamDecoder } from './stream-decoder.js'

/** A key the decoder acts on, written with a value other than null (or where the text is not plainly JSON). */
const MATTERS = /"(?:usage|error|finish_reason|tool_calls|function_call)"(?!\s*:\s*null\s*[,}])/

function skip(frame: SseFrame): boolean {
  if (frame.comment !== undefined) return true
  return frame.event !== 'error' && plainObjectText(frame.data) && !MATTERS.test(frame.data)
}

export function createStreamTap(options: StreamDecoderOptions): StreamTap {
  return createTap(createStreamDecoder(options), { skip })
}
