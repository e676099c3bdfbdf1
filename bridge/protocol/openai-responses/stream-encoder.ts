// Canonical events → Responses SSE that passes openai-node v7's ResponseStream checks and Codex's reader
// (wire-protocols §2.5, §4.9): `event:` + typed data, sequence numbers from 0, one item per block.
import type { StreamEncoder, StreamEncoderOptions } from '../codec.js'
import type { CanonicalError } from '../canonical/errors.js'
import { withRetryHint } from '../canonical/errors.js'
import type { BlockStart, CanonicalEvent } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { Opaque } from '../canonical/opaque.js'
import { stopReasonToResponses } from '../canonical/stop-reason.js'
import type { StopReason } from '../canonical/stop-reason.js'
import type { Usage } from '../canonical/usage.js'
import { mergeUsage, usageToResponses, ZERO_USAGE } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { failureCode } from './errors.js'
import {
  blockIdPrefix,
  compactionItem,
  finalArguments,
  messageItem,
  outputTextPart,
  reasoningItem,
  refusalPart,
  toolCallItem,
} from './output-items.js'
import type { EnvelopeInput } from './response.js'
import { responseEnvelope } from './response.js'
import type { Citation, WebSearchOutcome } from '../canonical/web-search.js'
import { webSearchQuery } from '../canonical/web-search.js'
import { annotationFor, responsesSearchId, webSearchItem } from './web-search.js'
import type { RateLimitInfo } from '../canonical/rate-limits.js'
import { RATE_LIMITS_EVENT, readsRateLimits, writeRateLimits } from './rate-limits.js'

interface OpenItem {
  block: BlockStart
  id: string
  outputIndex: number
  text: string
  /** Reasoning: whether summary part 0 has been announced (only once text arrives). */
  partOpen: boolean
  citations: Citation[]
  /** `,"item_id":…,"output_index":…` as JSON text, for the deltas written as text. */
  scopeText: string
}

/** A search call announced and waiting for its result block, which completes the item. */
interface PendingSearch {
  id: string
  callId: string
  outputIndex: number
  query: string
}

export function createStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  const responseId = options.newId('resp_')
  const createdAt = Math.floor(options.now() / 1000)
  const output: JsonObject[] = []
  let usage: Usage = ZERO_USAGE
  let seq = 0
  let started = false
  let ended = false
  let open: OpenItem | undefined
  let search: PendingSearch | undefined
  let metadata: Readonly<Record<string, string>> | undefined
  /** A report that came before message_start: it follows response.created, so sequence numbers start there. */
  let heldLimits: RateLimitInfo | undefined
  const relayLimits = readsRateLimits(options.clientHeaders)
  let frames: SseFrame[] = []

  const send = (type: string, payload: JsonObject): void => {
    frames.push({ event: type, data: JSON.stringify({ type, sequence_number: seq++, ...payload }) })
  }

  const envelope = (
    status: EnvelopeInput['status'],
    extra: Partial<EnvelopeInput> = {},
  ): JsonObject =>
    responseEnvelope({
      id: responseId,
      createdAt,
      model: options.model,
      request: options.request,
      status,
      output: status === 'in_progress' ? [] : [...output],
      usage: status === 'in_progress' || status === 'failed' ? null : usageToResponses(usage),
      ...(metadata ? { metadata } : {}),
      ...extra,
    })

  const start = (): void => {
    if (started) return
    started = true
    send('response.created', { response: envelope('in_progress') })
    if (heldLimits) send(RATE_LIMITS_EVENT, writeRateLimits(heldLimits))
    heldLimits = undefined
    send('response.in_progress', { response: envelope('in_progress') })
  }

  /**
   * The frequent deltas written as text: the same bytes as `send(type, {...scope(item), ...fields, delta})`,
   * without building three objects per event. `middle` is the JSON text of the fields between the scope and
   * the delta, `tail` of those after it.
   */
  const sendDelta = (
    type: string,
    item: OpenItem,
    middle: string,
    text: string,
    tail = '',
  ): void => {
    frames.push({
      event: type,
      data: `{"type":"${type}","sequence_number":${seq++}${item.scopeText}${middle},"delta":${JSON.stringify(text)}${tail}}`,
    })
  }

  const scope = (item: OpenItem): JsonObject => ({
    item_id: item.id,
    output_index: item.outputIndex,
  })

  /** Completes the pending search item with what it found (nothing known when no result block followed). */
  const finishSearch = (outcome: WebSearchOutcome | undefined): void => {
    const s = search
    if (!s) return
    search = undefined
    const done = webSearchItem(s.id, s.query, outcome, 'done')
    if (done['status'] === 'completed')
      send('response.web_search_call.completed', { item_id: s.id, output_index: s.outputIndex })
    send('response.output_item.done', { output_index: s.outputIndex, item: done })
    output.push(done)
  }

  const openItem = (block: BlockStart): void => {
    if (block.kind === 'web_search_result') {
      if (search?.callId === block.callId) finishSearch(block.outcome)
    } else finishSearch(undefined)
    const item: OpenItem = {
      block,
      // A result completes its call's item and has no id of its own (as in the non-stream answer).
      id:
        block.kind === 'web_search_result'
          ? ''
          : ((block.kind === 'web_search_call' ? responsesSearchId(block.callId) : undefined) ??
            options.newId(blockIdPrefix(block))),
      outputIndex: output.length,
      text: '',
      partOpen: false,
      citations: [],
      scopeText: '',
    }
    item.scopeText = `,"item_id":${JSON.stringify(item.id)},"output_index":${item.outputIndex}`
    open = item
    const at = { output_index: item.outputIndex }
    switch (block.kind) {
      case 'web_search_call':
      case 'web_search_result':
        // The call item is announced once its query is known (at block_stop); a result opens no item.
        return
      case 'text':
      case 'refusal':
        send('response.output_item.added', { ...at, item: messageItem(item.id, [], 'in_progress') })
        send('response.content_part.added', {
          ...scope(item),
          content_index: 0,
          part: block.kind === 'text' ? outputTextPart('') : refusalPart(''),
        })
        return
      case 'reasoning':
      case 'redacted_reasoning':
        send('response.output_item.added', {
          ...at,
          item: { id: item.id, type: 'reasoning', summary: [] },
        })
        return
      case 'tool_call':
        send('response.output_item.added', {
          ...at,
          item: toolCallItem(item.id, { ...block, arguments: '' }, 'in_progress'),
        })
        return
      case 'compaction':
        // Announced on close, when its content is known: the item has no partial form.
        return
    }
  }

  const delta = (text: string): void => {
    const item = open
    if (!item || text === '') return
    switch (item.block.kind) {
      case 'text':
        sendDelta('response.output_text.delta', item, ',"content_index":0', text, ',"logprobs":[]')
        break
      case 'refusal':
        send('response.refusal.delta', { ...scope(item), content_index: 0, delta: text })
        break
      case 'reasoning':
        if (!item.partOpen) {
          item.partOpen = true
          send('response.reasoning_summary_part.added', {
            ...scope(item),
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          })
        }
        sendDelta('response.reasoning_summary_text.delta', item, ',"summary_index":0', text)
        break
      case 'redacted_reasoning':
      case 'compaction':
      case 'web_search_result':
        return
      case 'web_search_call':
        break
      case 'tool_call':
        sendDelta(
          item.block.toolKind === 'custom'
            ? 'response.custom_tool_call_input.delta'
            : 'response.function_call_arguments.delta',
          item,
          '',
          text,
        )
        break
    }
    item.text += text
  }

  const closeItem = (opaque?: Opaque): void => {
    const item = open
    if (!item) return
    let done: JsonObject
    switch (item.block.kind) {
      case 'web_search_call': {
        const query = webSearchQuery(item.text)
        search = { id: item.id, callId: item.block.callId, outputIndex: item.outputIndex, query }
        send('response.output_item.added', {
          output_index: item.outputIndex,
          item: webSearchItem(item.id, query, undefined, 'in_progress'),
        })
        send('response.web_search_call.in_progress', scope(item))
        send('response.web_search_call.searching', scope(item))
        open = undefined
        return
      }
      case 'web_search_result':
        open = undefined
        return
      case 'text': {
        const annotations = item.citations.map((c) => annotationFor(c, item.text.length))
        annotations.forEach((annotation, i) =>
          send('response.output_text.annotation.added', {
            ...scope(item),
            content_index: 0,
            annotation_index: i,
            annotation,
          }),
        )
        const part = outputTextPart(item.text, annotations)
        send('response.output_text.done', {
          ...scope(item),
          content_index: 0,
          text: item.text,
          logprobs: [],
        })
        send('response.content_part.done', { ...scope(item), content_index: 0, part })
        done = messageItem(item.id, [part], 'completed')
        break
      }
      case 'refusal': {
        const part = refusalPart(item.text)
        send('response.refusal.done', { ...scope(item), content_index: 0, refusal: item.text })
        send('response.content_part.done', { ...scope(item), content_index: 0, part })
        done = messageItem(item.id, [part], 'completed')
        break
      }
      case 'reasoning':
      case 'redacted_reasoning':
        if (item.partOpen) {
          const part = { type: 'summary_text', text: item.text }
          send('response.reasoning_summary_text.done', {
            ...scope(item),
            summary_index: 0,
            text: item.text,
          })
          send('response.reasoning_summary_part.done', { ...scope(item), summary_index: 0, part })
        }
        done = reasoningItem(item.id, item.text, opaque)
        break
      case 'tool_call': {
        const block = item.block
        const args = finalArguments({ arguments: item.text, toolKind: block.toolKind })
        if (args !== item.text) delta(args.slice(item.text.length))
        if (block.toolKind === 'custom')
          send('response.custom_tool_call_input.done', { ...scope(item), input: args })
        else
          send('response.function_call_arguments.done', {
            ...scope(item),
            arguments: args,
            name: block.name,
          })
        done = toolCallItem(item.id, { ...block, arguments: args }, 'completed')
        break
      }
      case 'compaction':
        done = compactionItem(item.id, opaque)
        send('response.output_item.added', { output_index: item.outputIndex, item: done })
        break
    }
    send('response.output_item.done', { output_index: item.outputIndex, item: done })
    output.push(done)
    open = undefined
  }

  const finish = (type: string, response: JsonObject): SseFrame[] => {
    send(type, { response })
    frames.push({ data: '[DONE]' })
    ended = true
    return take()
  }

  const stop = (reason: StopReason): SseFrame[] => {
    start()
    closeItem()
    finishSearch(undefined)
    const outcome = stopReasonToResponses(reason)
    if (outcome.status === 'completed') return finish('response.completed', envelope('completed'))
    return finish(
      'response.incomplete',
      envelope('incomplete', { incompleteReason: outcome.reason }),
    )
  }

  const fail = (error: CanonicalError): SseFrame[] => {
    start()
    return finish(
      'response.failed',
      envelope('failed', { error: { code: failureCode(error), message: withRetryHint(error) } }),
    )
  }

  const take = (): SseFrame[] => {
    const out = frames
    frames = []
    return out
  }

  return {
    push(event: CanonicalEvent): SseFrame[] {
      if (ended) return []
      switch (event.type) {
        case 'message_start':
          if (!started && event.metadata) metadata = event.metadata
          start()
          break
        case 'block_start':
          start()
          closeItem()
          openItem(event.block)
          break
        case 'text_delta':
        case 'reasoning_delta':
          delta(event.text)
          break
        case 'tool_args_delta':
          delta(event.delta)
          break
        case 'citation':
          if (open?.block.kind === 'text') open.citations.push(event.citation)
          break
        case 'block_stop':
          closeItem(event.opaque)
          break
        case 'usage':
          usage = mergeUsage(usage, event.usage)
          break
        case 'rate_limits':
          // For Codex CLI's /status and limit warnings, as the backend streams it; other clients have the headers.
          if (!relayLimits) break
          if (started) send(RATE_LIMITS_EVENT, writeRateLimits(event.limits))
          else heldLimits = event.limits
          break
        case 'message_stop':
          return stop(event.stopReason)
        case 'error':
          return fail(event.error)
      }
      return take()
    },
    end(): SseFrame[] {
      if (ended) return []
      return fail({
        kind: 'api_error',
        status: 502,
        message: 'The upstream stream ended before the response was complete.',
      })
    },
    /** Nothing is held: `response.created` goes out with `message_start`. */
    flush(): SseFrame[] {
      return []
    },
    keepalive(): SseFrame[] {
      return [{ data: '', comment: 'keepalive' }]
    },
  }
}
