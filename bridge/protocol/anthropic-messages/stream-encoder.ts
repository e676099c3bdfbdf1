// Canonical events → Anthropic SSE frames, always named with `event:`, blocks strictly one after another (§1.7).
import type { StreamEncoder, StreamEncoderOptions } from '../codec.js'
import type { CanonicalEvent } from '../canonical/events.js'
import { toAnthropicId } from '../canonical/ids.js'
import type { JsonObject } from '../canonical/json.js'
import { opaqueSlotFor } from '../canonical/opaque.js'
import type { Opaque } from '../canonical/opaque.js'
import { stopReasonToAnthropic } from '../canonical/stop-reason.js'
import { mergeUsage, usageToAnthropic, ZERO_USAGE } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { errorFrame } from './errors.js'
import { citationToAnthropic, searchOutcomeToAnthropic } from './web-search.js'

type OpenKind = 'text' | 'thinking' | 'redacted' | 'tool' | 'custom' | 'search' | 'result'

function frame(event: string, data: JsonObject): SseFrame {
  return { event, data: JSON.stringify(data), oneLine: true }
}

/** A JSON string literal's inside: fragments of it concatenate to the escaped whole. */
function escapeFragment(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}

export const PING_FRAME: SseFrame = { event: 'ping', data: '{"type": "ping"}' }

export function createAnthropicStreamEncoder(opts: StreamEncoderOptions): StreamEncoder {
  let pendingId: string | undefined
  let startSeen = false
  let metadata: Readonly<Record<string, string>> | undefined
  let started = false
  let terminal = false
  let pinged = false
  let usage = ZERO_USAGE
  let index = 0
  let open: OpenKind | undefined

  const flushStart = (out: SseFrame[]): void => {
    if (started) return
    started = true
    const message: JsonObject = {
      id: pendingId ?? opts.newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: opts.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageToAnthropic(usage),
      // Not an Anthropic field: the upstream's facts for the client (a thread id), as in the JSON answer.
      ...(metadata ? { metadata: { ...metadata } } : {}),
    }
    out.push(frame('message_start', { type: 'message_start', message }))
  }

  const blockStart = (out: SseFrame[], block: JsonObject): void => {
    out.push(
      frame('content_block_start', { type: 'content_block_start', index, content_block: block }),
    )
    if (!pinged) {
      pinged = true
      out.push({ ...PING_FRAME })
    }
  }

  const delta = (out: SseFrame[], d: JsonObject): void => {
    out.push(frame('content_block_delta', { type: 'content_block_delta', index, delta: d }))
  }

  /** The text of a text delta up to its quoted text, built once per block. */
  let deltaHead = ''
  let deltaHeadIndex = -1
  let deltaHeadKind = ''

  /**
   * The most frequent frame of all, written as text: the same bytes JSON.stringify gives for
   * `{type, index, delta: {type, [key]: text}}`, without building the two objects per event, and with the
   * part before the text built once per block instead of pieced together per event.
   */
  const textDelta = (kind: 'text_delta' | 'thinking_delta', text: string): SseFrame => {
    if (deltaHeadIndex !== index || deltaHeadKind !== kind) {
      const key = kind === 'text_delta' ? 'text' : 'thinking'
      deltaHead = `{"type":"content_block_delta","index":${index},"delta":{"type":"${kind}","${key}":`
      deltaHeadIndex = index
      deltaHeadKind = kind
    }
    return {
      event: 'content_block_delta',
      data: deltaHead + JSON.stringify(text) + '}}',
      oneLine: true,
    }
  }

  const blockStop = (out: SseFrame[], opaque: Opaque | undefined): void => {
    const kind = open
    if (kind === undefined) return
    open = undefined
    if (kind === 'redacted') {
      // The canonical redacted block learns its token only at stop, so its start is deferred until now.
      if (opaque === undefined) return
      blockStart(out, {
        type: 'redacted_thinking',
        data: opaqueSlotFor(opaque, 'anthropic-messages'),
      })
    } else if (kind === 'thinking' && opaque !== undefined) {
      delta(out, {
        type: 'signature_delta',
        signature: opaqueSlotFor(opaque, 'anthropic-messages'),
      })
    } else if (kind === 'custom') {
      delta(out, { type: 'input_json_delta', partial_json: '"}' })
    }
    out.push(frame('content_block_stop', { type: 'content_block_stop', index }))
    index++
  }

  const handle = (event: CanonicalEvent, out: SseFrame[]): void => {
    switch (event.type) {
      case 'message_start':
        // Held until the next event so that a usage report right after it lands in message_start.
        if (!started) {
          pendingId = event.id || undefined
          metadata = event.metadata
        }
        startSeen = true
        return
      case 'usage':
        usage = mergeUsage(usage, event.usage)
        return
      case 'rate_limits':
        // The Messages stream has no such event; an unknown one would reach the SDK's MessageStream.
        return
      case 'block_start': {
        flushStart(out)
        blockStop(out, undefined)
        const b = event.block
        switch (b.kind) {
          case 'text':
          case 'refusal':
            open = 'text'
            blockStart(out, { type: 'text', text: '' })
            return
          case 'reasoning':
            open = 'thinking'
            blockStart(out, { type: 'thinking', thinking: '', signature: '' })
            return
          case 'redacted_reasoning':
            open = 'redacted'
            return
          case 'tool_call':
            open = b.toolKind === 'custom' ? 'custom' : 'tool'
            blockStart(out, {
              type: 'tool_use',
              id: toAnthropicId(b.callId),
              name: b.name,
              input: {},
            })
            delta(out, { type: 'input_json_delta', partial_json: '' })
            if (open === 'custom')
              delta(out, { type: 'input_json_delta', partial_json: '{"input":"' })
            return
          case 'web_search_call':
            open = 'search'
            blockStart(out, {
              type: 'server_tool_use',
              id: toAnthropicId(b.callId),
              name: 'web_search',
              input: {},
            })
            return
          case 'web_search_result':
            open = 'result'
            blockStart(out, {
              type: 'web_search_tool_result',
              tool_use_id: toAnthropicId(b.callId),
              content: searchOutcomeToAnthropic(b.outcome),
            })
            return
          case 'compaction':
            // Anthropic has no compaction block; the client never sees one.
            return
          case 'tool_search':
            // The upstream loading tools for itself (a Responses tool-search step): nothing for this client.
            return
        }
        return
      }
      case 'text_delta':
        if (open === 'text' && event.text !== '') out.push(textDelta('text_delta', event.text))
        return
      case 'reasoning_delta':
        if (open === 'thinking' && event.text !== '')
          out.push(textDelta('thinking_delta', event.text))
        return
      case 'tool_args_delta':
        if (event.delta === '') return
        if (open === 'tool' || open === 'search')
          delta(out, { type: 'input_json_delta', partial_json: event.delta })
        else if (open === 'custom')
          delta(out, { type: 'input_json_delta', partial_json: escapeFragment(event.delta) })
        return
      case 'citation':
        if (open === 'text')
          delta(out, { type: 'citations_delta', citation: citationToAnthropic(event.citation) })
        return
      case 'block_stop':
        blockStop(out, event.opaque)
        return
      case 'message_stop': {
        flushStart(out)
        blockStop(out, undefined)
        terminal = true
        const d: JsonObject = {
          stop_reason: stopReasonToAnthropic(event.stopReason),
          stop_sequence: event.stopSequence ?? null,
        }
        out.push(
          frame('message_delta', {
            type: 'message_delta',
            delta: d,
            usage: usageToAnthropic(usage),
          }),
        )
        out.push(frame('message_stop', { type: 'message_stop' }))
        return
      }
      case 'error':
        terminal = true
        out.push(errorFrame(event.error))
        return
    }
  }

  return {
    push(event: CanonicalEvent): SseFrame[] {
      if (terminal) return []
      // The common case, one text delta into the open block, answered with an array of exactly one frame (an
      // empty array grown by a push takes seventeen slots, a tenth of what the event allocated).
      if (started && event.type === 'text_delta' && open === 'text' && event.text !== '')
        return [textDelta('text_delta', event.text)]
      const out: SseFrame[] = []
      if (
        event.type !== 'message_start' &&
        event.type !== 'usage' &&
        event.type !== 'rate_limits' &&
        event.type !== 'error'
      )
        flushStart(out)
      handle(event, out)
      return out
    },
    end(): SseFrame[] {
      if (terminal) return []
      terminal = true
      return [
        errorFrame({
          kind: 'api_error',
          status: 502,
          message: 'upstream stream ended before the response was complete',
        }),
      ]
    },
    keepalive(): SseFrame[] {
      return [{ ...PING_FRAME }]
    },
    flush(): SseFrame[] {
      if (terminal || started || !startSeen) return []
      const out: SseFrame[] = []
      flushStart(out)
      return out
    },
  }
}
