// The Anthropic Messages passthrough tap: the decoder reads every event but the content deltas that fit the
// block they name (text into a text block, input JSON into a tool block): those cannot be out of order, and
// carry no usage, stop reason or error.
import { isJsonObject } from '../canonical/json.js'
import { tryParseJson } from '../canonical/read-json.js'
import type { StreamDecoderOptions } from '../codec.js'
import type { SseFrame } from '../sse/frame.js'
import { createTap, onlyOnce, plainObjectText, type StreamTap } from '../stream-tap.js'
import { stringField } from './fields.js'
import { createAnthropicStreamDecoder } from './stream-decoder.js'

/** The delta frame as Anthropic writes it: its type, block index and delta type first. */
const DELTA =
  /^\{"type":"content_block_delta","index":(0|[1-9]\d{0,8}),"delta":\{"type":"(text_delta|thinking_delta|input_json_delta|signature_delta)",/

type BlockKind = 'text' | 'thinking' | 'tool' | 'other'

/** What the decoder does with a content block start: the kind of block it opens, or none (server tools it skips). */
function kindOf(block: unknown): BlockKind | undefined {
  switch (stringField(block, 'type')) {
    case 'text':
      return 'text'
    case 'thinking':
      return 'thinking'
    case 'tool_use':
      return 'tool'
    case 'server_tool_use':
      return stringField(block, 'name') === 'web_search' ? 'tool' : undefined
    case 'redacted_thinking':
    case 'web_search_tool_result':
      return 'other'
    default:
      return undefined
  }
}

function fits(kind: BlockKind, delta: string): boolean {
  switch (delta) {
    case 'text_delta':
      return kind === 'text'
    case 'thinking_delta':
      return kind === 'thinking'
    case 'input_json_delta':
      return kind === 'tool'
    default:
      return true
  }
}

/** Follows the decoder's one open block (started, stopped) so that a delta is skipped only where it belongs. */
export function createStreamTap(options: StreamDecoderOptions): StreamTap {
  let open: { upstream: number; kind: BlockKind } | undefined
  const skip = (frame: SseFrame): boolean => {
    if (frame.comment !== undefined) return true
    if (!open || (frame.event !== 'content_block_delta' && frame.event !== undefined)) return false
    const data = frame.data
    if (!plainObjectText(data)) return false
    const m = DELTA.exec(data)
    if (!m?.[1] || !m[2] || Number(m[1]) !== open.upstream || !fits(open.kind, m[2])) return false
    // One outer type, index and delta, and one type inside the delta: JSON's last duplicate would win.
    return (
      onlyOnce(data, '"index"') > 0 &&
      onlyOnce(data, '"delta"') > 0 &&
      data.indexOf('"type"', data.indexOf('"type"', 2) + 6) < 0
    )
  }
  const saw = (frame: SseFrame): void => {
    if (frame.comment !== undefined) return
    const type = frame.event
    if (type !== undefined && type !== 'content_block_start' && type !== 'content_block_stop')
      return
    const data = tryParseJson(frame.data.trim())
    if (!isJsonObject(data)) return
    switch (type ?? stringField(data, 'type')) {
      case 'content_block_start': {
        const kind = kindOf(isJsonObject(data['content_block']) ? data['content_block'] : {})
        const upstream = typeof data['index'] === 'number' ? data['index'] : -1
        open = kind ? { upstream, kind } : undefined
        return
      }
      case 'content_block_stop':
        if (open && data['index'] === open.upstream) open = undefined
        return
      default:
        return
    }
  }
  return createTap(createAnthropicStreamDecoder(options), { skip, saw })
}
