// The Responses passthrough tap: the decoder reads every event but the text, refusal and reasoning deltas of
// items that can hold no tool call; those deltas change neither the usage, nor the stop reason, nor an error.
import { asNum, asObj, asStr, tryParseJson } from '../canonical/read-json.js'
import type { StreamDecoderOptions } from '../codec.js'
import type { SseFrame } from '../sse/frame.js'
import { createTap, onlyOnce, plainObjectText, type StreamTap } from '../stream-tap.js'
import { createStreamDecoder } from './stream-decoder.js'

/** A content delta whose `type` is written first, as every Responses upstream writes it. */
const CONTENT_DELTA =
  /^\{"type":"response\.(?:output_text|refusal|reasoning_summary_text|reasoning_text)\.delta",/
const OUTPUT_INDEX = '"output_index":'
const INDEX_VALUE = /^(?:0|[1-9]\d{0,8})[,}]/
/** Text any event that adds an item or a tool call's input must contain (its type names it, unless escaped). */
const ITEM_EVENT = /output_item\.|function_call_arguments\.|custom_tool_call_input\.|\\u/

function isToolItem(type: unknown): boolean {
  return type === 'function_call' || type === 'custom_tool_call'
}

/**
 * A tool call's stop reason (`tool_use`) and its argument check (streamed vs final) depend on which block of its
 * item is open, and a content delta sent to that item would change it: only the deltas of items known to hold
 * no tool call (a message, a reasoning item) are skipped.
 */
export function createStreamTap(options: StreamDecoderOptions): StreamTap {
  /** Output index → whether its deltas may be skipped (false once anything tool-like reached it). */
  const quiet = new Map<number, boolean>()
  const skip = (frame: SseFrame): boolean => {
    if (frame.comment !== undefined) return true
    const data = frame.data
    if (!plainObjectText(data) || !CONTENT_DELTA.test(data) || data.includes('"type"', 2))
      return false
    const at = onlyOnce(data, OUTPUT_INDEX)
    if (at < 0) return false
    const value = INDEX_VALUE.exec(
      data.slice(at + OUTPUT_INDEX.length, at + OUTPUT_INDEX.length + 11),
    )
    return value !== null && quiet.get(Number.parseInt(value[0], 10)) === true
  }
  const saw = (frame: SseFrame): void => {
    if (frame.comment !== undefined || !ITEM_EVENT.test(frame.data)) return
    const data = asObj(tryParseJson(frame.data.trim()))
    const index = data ? asNum(data['output_index']) : undefined
    if (!data || index === undefined) return
    const type = asStr(data['type']) ?? ''
    if (
      type.startsWith('response.function_call_arguments.') ||
      type.startsWith('response.custom_tool_call_input.')
    )
      quiet.set(index, false)
    else if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      // The decoder keeps the first item an index names; so does this map.
      const item = asObj(data['item'])
      if (item && !quiet.has(index)) quiet.set(index, !isToolItem(item['type']))
    }
  }
  return createTap(createStreamDecoder(options), { skip, saw })
}
