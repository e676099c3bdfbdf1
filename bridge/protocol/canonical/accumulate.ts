// Folds a canonical event stream into the non-stream answer (DESIGN.md hub rule 5), and unfolds an
// answer back into events for upstreams that replied without streaming.
import type { CanonicalError } from './errors.js'
import type { CanonicalEvent } from './events.js'
import type { AssistantPart } from './request.js'
import type { CanonicalResponse } from './response.js'
import { mergeUsage, ZERO_USAGE } from './usage.js'

export type AccumulateResult =
  { ok: true; response: CanonicalResponse } | { ok: false; error: CanonicalError }

export class Accumulator {
  private id = ''
  private model = ''
  private content: AssistantPart[] = []
  private usage = ZERO_USAGE
  private open: AssistantPart | undefined
  private stop: { reason: CanonicalResponse['stopReason']; sequence?: string } | undefined
  private failure: CanonicalError | undefined

  push(event: CanonicalEvent): void {
    switch (event.type) {
      case 'message_start':
        this.id = event.id
        this.model = event.model
        return
      case 'block_start': {
        const b = event.block
        switch (b.kind) {
          case 'text':
            this.open = { type: 'text', text: '' }
            break
          case 'refusal':
            this.open = { type: 'refusal', text: '' }
            break
          case 'reasoning':
            this.open = { type: 'reasoning', text: '', channel: b.channel }
            break
          case 'redacted_reasoning':
            this.open = { type: 'reasoning', text: '', channel: 'raw', redacted: true }
            break
          case 'tool_call':
            this.open = {
              type: 'tool_call',
              callId: b.callId,
              name: b.name,
              arguments: '',
              toolKind: b.toolKind,
              ...(b.namespace === undefined ? {} : { namespace: b.namespace }),
            }
            break
          case 'web_search_call':
            this.open = { type: 'web_search_call', callId: b.callId, arguments: '' }
            break
          case 'web_search_result':
            this.open = { type: 'web_search_result', callId: b.callId, outcome: b.outcome }
            break
          case 'tool_search':
            this.open = { type: 'tool_search', item: b.item }
            break
          case 'compaction':
            // The part joins the content only when its opaque token arrives on the block_stop.
            this.open = { type: 'compaction', opaque: { dialect: 'openai-responses', value: '' } }
            return
        }
        this.content.push(this.open)
        return
      }
      case 'text_delta':
        if (this.open?.type === 'text' || this.open?.type === 'refusal')
          this.open.text += event.text
        return
      case 'reasoning_delta':
        if (this.open?.type === 'reasoning') this.open.text += event.text
        return
      case 'tool_args_delta':
        if (this.open?.type === 'tool_call' || this.open?.type === 'web_search_call')
          this.open.arguments += event.delta
        return
      case 'citation':
        if (this.open?.type === 'text')
          this.open.citations = [...(this.open.citations ?? []), event.citation]
        return
      case 'block_stop':
        if (this.open?.type === 'reasoning' && event.opaque) this.open.opaque = event.opaque
        if (this.open?.type === 'compaction' && event.opaque)
          this.content.push({ type: 'compaction', opaque: event.opaque })
        this.open = undefined
        return
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage)
        return
      case 'rate_limits':
        // A JSON answer has no place for it; the usage headers carry the same figures.
        return
      case 'message_stop':
        this.stop =
          event.stopSequence === undefined
            ? { reason: event.stopReason }
            : { reason: event.stopReason, sequence: event.stopSequence }
        return
      case 'error':
        this.failure = event.error
        return
    }
  }

  result(): AccumulateResult {
    if (this.failure) return { ok: false, error: this.failure }
    if (!this.stop) {
      return {
        ok: false,
        error: {
          kind: 'api_error',
          status: 502,
          message: 'The upstream stream ended before the answer was complete.',
        },
      }
    }
    const response: CanonicalResponse = {
      id: this.id,
      model: this.model,
      content: this.content,
      stopReason: this.stop.reason,
      usage: this.usage,
    }
    if (this.stop.sequence !== undefined) response.stopSequence = this.stop.sequence
    return { ok: true, response }
  }
}

export function accumulate(events: Iterable<CanonicalEvent>): AccumulateResult {
  const acc = new Accumulator()
  for (const e of events) acc.push(e)
  return acc.result()
}

/** The event stream that a streaming upstream would have sent for `response`. */
export function responseToEvents(response: CanonicalResponse): CanonicalEvent[] {
  const events: CanonicalEvent[] = [
    { type: 'message_start', id: response.id, model: response.model },
  ]
  response.content.forEach((part, index) => {
    switch (part.type) {
      case 'text':
        events.push({ type: 'block_start', index, block: { kind: 'text' } })
        if (part.text) events.push({ type: 'text_delta', index, text: part.text })
        for (const citation of part.citations ?? [])
          events.push({ type: 'citation', index, citation })
        events.push({ type: 'block_stop', index })
        break
      case 'refusal':
        events.push({ type: 'block_start', index, block: { kind: 'refusal' } })
        if (part.text) events.push({ type: 'text_delta', index, text: part.text })
        events.push({ type: 'block_stop', index })
        break
      case 'reasoning':
        events.push({
          type: 'block_start',
          index,
          block: part.redacted
            ? { kind: 'redacted_reasoning' }
            : { kind: 'reasoning', channel: part.channel },
        })
        if (part.text && !part.redacted)
          events.push({ type: 'reasoning_delta', index, text: part.text })
        events.push(
          part.opaque
            ? { type: 'block_stop', index, opaque: part.opaque }
            : { type: 'block_stop', index },
        )
        break
      case 'tool_call':
        events.push({
          type: 'block_start',
          index,
          block: {
            kind: 'tool_call',
            callId: part.callId,
            name: part.name,
            toolKind: part.toolKind,
            ...(part.namespace === undefined ? {} : { namespace: part.namespace }),
          },
        })
        if (part.arguments) events.push({ type: 'tool_args_delta', index, delta: part.arguments })
        events.push({ type: 'block_stop', index })
        break
      case 'compaction':
        events.push({ type: 'block_start', index, block: { kind: 'compaction' } })
        events.push({ type: 'block_stop', index, opaque: part.opaque })
        break
      case 'web_search_call':
        events.push({
          type: 'block_start',
          index,
          block: { kind: 'web_search_call', callId: part.callId },
        })
        if (part.arguments) events.push({ type: 'tool_args_delta', index, delta: part.arguments })
        events.push({ type: 'block_stop', index })
        break
      case 'web_search_result':
        events.push({
          type: 'block_start',
          index,
          block: { kind: 'web_search_result', callId: part.callId, outcome: part.outcome },
        })
        events.push({ type: 'block_stop', index })
        break
      case 'tool_search':
        events.push({ type: 'block_start', index, block: { kind: 'tool_search', item: part.item } })
        events.push({ type: 'block_stop', index })
        break
    }
  })
  events.push({ type: 'usage', usage: response.usage })
  events.push(
    response.stopSequence === undefined
      ? { type: 'message_stop', stopReason: response.stopReason }
      : {
          type: 'message_stop',
          stopReason: response.stopReason,
          stopSequence: response.stopSequence,
        },
  )
  return events
}
