// Canonical events → Responses SSE that passes openai-node v7's ResponseStream checks and Codex's reader
// (wire-protocols §2.5, §4.9): `event:` + typed data, sequence numbers from 0, one item per block.
import type { StreamEncoder, StreamEncoderOptions } from '../codec.js'
import { toolNamespaces } from '../canonical/request.js'
import type { CanonicalError } from '../canonical/errors.js'
import { withRetryHint } from '../canonical/errors.js'
import type { CanonicalEvent } from '../canonical/events.js'
import { stopReasonToResponses } from '../canonical/stop-reason.js'
import type { StopReason } from '../canonical/stop-reason.js'
import type { Usage } from '../canonical/usage.js'
import { mergeUsage, usageToResponses, ZERO_USAGE } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { failureCode } from './errors.js'
import type { EnvelopeInput } from './response.js'
import { envelopeText } from './stream-envelope.js'
import type { RateLimitInfo } from '../canonical/rate-limits.js'
import { RATE_LIMITS_EVENT, readsRateLimits, writeRateLimits } from './rate-limits.js'
import { closeItem } from './stream-close.js'
import {
  addCitation,
  finishSearch,
  itemDelta,
  itemStreamState,
  openItem,
  send,
  sendText,
} from './stream-items.js'

export function createStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  const responseId = options.newId('resp_')
  const createdAt = Math.floor(options.now() / 1000)
  const items = itemStreamState((prefix) => options.newId(prefix), toolNamespaces(options.request))
  let usage: Usage = ZERO_USAGE
  let started = false
  let ended = false
  let metadata: Readonly<Record<string, string>> | undefined
  /** A report that came before message_start: it follows response.created, so sequence numbers start there. */
  let heldLimits: RateLimitInfo | undefined
  const relayLimits = readsRateLimits(options.clientHeaders)

  const envelope = envelopeText(
    responseId,
    createdAt,
    options.model,
    options.request,
    () => metadata,
  )

  /** A frame carrying the response: `response.created`, `response.in_progress` and the last one. */
  const sendResponse = (type: string, response: string): void =>
    sendText(items, type, `,"response":${response}`)

  const start = (): void => {
    if (started) return
    started = true
    // The two opening frames carry the same envelope: written once.
    const opening = envelope('in_progress', [], null)
    sendResponse('response.created', opening)
    if (heldLimits) send(items, RATE_LIMITS_EVENT, writeRateLimits(heldLimits))
    heldLimits = undefined
    sendResponse('response.in_progress', opening)
  }

  const take = (): SseFrame[] => {
    const out = items.frames
    items.frames = []
    return out
  }

  const finish = (type: string, response: string): SseFrame[] => {
    sendResponse(type, response)
    items.frames.push({ data: '[DONE]' })
    ended = true
    return take()
  }

  const final = (
    status: EnvelopeInput['status'],
    extra?: Pick<EnvelopeInput, 'error' | 'incompleteReason'>,
  ): string =>
    envelope(status, items.output, status === 'failed' ? null : usageToResponses(usage), extra)

  const stop = (reason: StopReason): SseFrame[] => {
    start()
    closeItem(items)
    finishSearch(items, undefined)
    const outcome = stopReasonToResponses(reason)
    if (outcome.status === 'completed') return finish('response.completed', final('completed'))
    return finish('response.incomplete', final('incomplete', { incompleteReason: outcome.reason }))
  }

  const fail = (error: CanonicalError): SseFrame[] => {
    start()
    return finish(
      'response.failed',
      final('failed', { error: { code: failureCode(error), message: withRetryHint(error) } }),
    )
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
          closeItem(items)
          openItem(items, event.block)
          break
        case 'text_delta':
        case 'reasoning_delta':
          itemDelta(items, event.text)
          break
        case 'tool_args_delta':
          itemDelta(items, event.delta)
          break
        case 'citation':
          addCitation(items, event.citation)
          break
        case 'block_stop':
          closeItem(items, event.opaque)
          break
        case 'usage':
          usage = mergeUsage(usage, event.usage)
          break
        case 'rate_limits':
          // For Codex CLI's /status and limit warnings, as the backend streams it; other clients have the headers.
          if (!relayLimits) break
          if (started) send(items, RATE_LIMITS_EVENT, writeRateLimits(event.limits))
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
