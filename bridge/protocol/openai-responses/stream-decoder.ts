// Responses SSE (dispatched on `data.type`, never the event name) → canonical events.
import type { StreamDecoder, StreamDecoderOptions } from '../codec.js'
import type { CanonicalError } from '../canonical/errors.js'
import type { CanonicalEvent } from '../canonical/events.js'
import { stopReasonFromResponses } from '../canonical/stop-reason.js'
import { usageFromResponses } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { upstreamError } from './errors.js'
import { ItemTracker } from './item-tracker.js'
import { RATE_LIMITS_EVENT, readRateLimits } from './rate-limits.js'
import type { Obj } from './read.js'
import { asArr, asNum, asObj, asStr } from './read.js'
import { parseJson } from '../canonical/read-json.js'
import { RepeatedFrame } from '../canonical/read-json-template.js'
import type { TemplateHole } from '../canonical/read-json-template.js'

export function createStreamDecoder(options: StreamDecoderOptions): StreamDecoder {
  const items = new ItemTracker()
  let started = false
  let finished = false
  /** The last delta frame, to read the next one like it without parsing. */
  const repeated = new RepeatedFrame<Obj>()
  /** What `handleDelta` reads of that frame: the same for every frame the template reads. */
  let shape: DeltaShape | undefined

  /** Learns a delta frame: the frequent ones differ from the last only in the delta and the holes below. */
  const learn = (text: string, data: Obj): void => {
    const type = data['type']
    if (typeof type !== 'string' || !type.endsWith('.delta') || typeof data['delta'] !== 'string')
      return
    const index = asNum(data['output_index'])
    if (index === undefined) return
    const others: TemplateHole[] = []
    // Numbered frames, and OpenAI's random padding: neither is read here.
    const seq = data['sequence_number']
    if (typeof seq === 'number') others.push({ key: 'sequence_number', value: seq })
    const padding = data['obfuscation']
    if (typeof padding === 'string') others.push({ key: 'obfuscation', value: padding })
    shape = {
      type,
      index,
      content: asNum(data['content_index']) ?? 0,
      summary: asNum(data['summary_index']) ?? 0,
    }
    repeated.learn(text, data, ['delta'], others)
  }

  const start = (response: Obj | undefined): void => {
    if (started) return
    started = true
    items.push({
      type: 'message_start',
      id: asStr(response?.['id']) || options.newId('resp_'),
      model: asStr(response?.['model']) ?? options.request?.model ?? '',
    })
  }

  const fail = (error: CanonicalError): void => {
    items.push({ type: 'error', error })
    finished = true
  }

  const terminal = (response: Obj | undefined): void => {
    start(response)
    const status = asStr(response?.['status'])
    if (status === 'failed' || status === 'cancelled') {
      fail(upstreamError(asObj(response?.['error']), `The upstream response ${status}.`))
      return
    }
    // Items the stream never announced (or never finished) are taken from the final output list.
    asArr(response?.['output'])?.forEach((value, k) => {
      const item = asObj(value)
      if (!item) return
      const id = asStr(item['id'])
      const byId = id ? items.indexOfId(id) : undefined
      const known = items.get(k)
      items.done(byId ?? (known && id && known.id && known.id !== id ? items.freeIndex() : k), item)
    })
    items.closeAll()
    const usage = response?.['usage']
    if (asObj(usage) || items.webSearches > 0)
      items.push({ type: 'usage', usage: usageFromResponses(usage, items.webSearches) })
    const reason = asObj(response?.['incomplete_details'])?.['reason']
    items.push({
      type: 'message_stop',
      stopReason: stopReasonFromResponses(status, reason, items.sawToolCall),
    })
    finished = true
  }

  /** The frequent events: a piece of an item's text, refusal, reasoning or tool input. */
  const handleDelta = (
    type: string,
    index: number,
    ci: number,
    si: number,
    delta: string,
  ): void => {
    start(undefined)
    const item = items.get(index)
    if (!item || item.done) return
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const key = contentKey(ci)
        if (item.openKey !== key)
          items.open(item, key, { kind: type === 'response.refusal.delta' ? 'refusal' : 'text' })
        items.append(item, key, delta)
        return
      }
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        if (item.openKey !== 't') items.openTool(item)
        items.append(item, 't', delta)
        return
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const raw = type === 'response.reasoning_text.delta'
        const n = raw ? ci : si
        if (item.openKey !== 'r') items.reasoningPart(item, raw ? 'raw' : 'summary', n)
        items.append(item, 'r', delta, partKey(n))
        return
      }
      default:
        return
    }
  }

  const handle = (data: Obj): void => {
    const type = asStr(data['type']) ?? ''
    if (type === 'error') {
      fail(upstreamError(asObj(data['error']) ?? data, 'The upstream reported an error.'))
      return
    }
    if (type === 'response.failed') {
      start(asObj(data['response']))
      fail(
        upstreamError(asObj(asObj(data['response'])?.['error']), 'The upstream response failed.'),
      )
      return
    }
    if (
      type === 'response.completed' ||
      type === 'response.incomplete' ||
      type === 'response.done'
    ) {
      terminal(asObj(data['response']))
      return
    }
    if (type === RATE_LIMITS_EVENT) {
      // Upstreams send it before or after response.created; it never starts the message.
      const limits = readRateLimits(data, options.now())
      if (limits) items.push({ type: 'rate_limits', limits })
      return
    }
    if (
      type === 'response.created' ||
      type === 'response.in_progress' ||
      type === 'response.queued'
    ) {
      start(asObj(data['response']))
      return
    }
    const index = asNum(data['output_index'])
    if (index === undefined) return
    start(undefined)
    if (type === 'response.output_item.added') {
      const raw = asObj(data['item'])
      if (raw) items.added(index, raw)
      return
    }
    if (type === 'response.output_item.done') {
      const raw = asObj(data['item'])
      if (raw) items.done(index, raw)
      return
    }
    const ci = asNum(data['content_index']) ?? 0
    const si = asNum(data['summary_index']) ?? 0
    if (type.endsWith('.delta')) {
      handleDelta(type, index, ci, si, asStr(data['delta']) ?? '')
      return
    }
    const item = items.get(index)
    if (!item || item.done) return
    const part = asObj(data['part'])
    switch (type) {
      case 'response.content_part.added':
        if (part?.['type'] === 'output_text') items.open(item, contentKey(ci), { kind: 'text' })
        else if (part?.['type'] === 'refusal') items.open(item, contentKey(ci), { kind: 'refusal' })
        else if (part?.['type'] === 'reasoning_text')
          items.reasoningPart(item, 'raw', ci, asStr(part['text']))
        return
      case 'response.output_text.done':
      case 'response.refusal.done': {
        const refusal = type === 'response.refusal.done'
        items.open(item, contentKey(ci), { kind: refusal ? 'refusal' : 'text' })
        items.catchUp(item, contentKey(ci), asStr(data[refusal ? 'refusal' : 'text']) ?? '')
        return
      }
      case 'response.output_text.annotation.added':
        items.annotate(
          item,
          contentKey(ci),
          asNum(data['annotation_index']) ?? 0,
          data['annotation'],
        )
        return
      case 'response.content_part.done':
        if (part?.['type'] === 'output_text' || part?.['type'] === 'refusal') {
          const refusal = part['type'] === 'refusal'
          items.open(item, contentKey(ci), { kind: refusal ? 'refusal' : 'text' })
          items.catchUp(item, contentKey(ci), asStr(part[refusal ? 'refusal' : 'text']) ?? '')
          if (!refusal) items.setAnnotations(item, contentKey(ci), part['annotations'])
          if (item.openKey === contentKey(ci)) items.close(item)
        }
        return
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done':
        if (!item.name) item.name = asStr(data['name']) ?? ''
        items.openTool(item)
        items.catchUp(
          item,
          't',
          asStr(data[type === 'response.custom_tool_call_input.done' ? 'input' : 'arguments']) ??
            '',
        )
        return
      case 'response.reasoning_summary_part.added':
        items.reasoningPart(item, 'summary', si, asStr(part?.['text']))
        return
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_text.done': {
        const n = type === 'response.reasoning_text.done' ? ci : si
        if (item.openKey === 'r' && n === item.reasoningParts - 1)
          items.catchUp(item, 'r', asStr(data['text']) ?? '', partKey(n))
        return
      }
      default:
        return
    }
  }

  const take = (): CanonicalEvent[] => items.take()

  return {
    push(frame: SseFrame): CanonicalEvent[] {
      if (finished || frame.comment !== undefined) return []
      const text = frame.data.trim()
      if (text === '' || text === '[DONE]') return []
      // A delta like the last one parsed: its text is all that is read, the rest is that frame's.
      const delta = shape === undefined ? undefined : repeated.readHole(text)
      let obj: Obj | undefined
      if (delta === undefined) {
        let data: unknown
        try {
          data = parseJson(text)
        } catch {
          fail({
            kind: 'api_error',
            status: 502,
            message: `Malformed JSON in the upstream stream: ${text.slice(0, 200)}`,
          })
          return take()
        }
        obj = asObj(data)
        if (obj) learn(text, obj)
      }
      try {
        if (delta !== undefined && shape !== undefined)
          handleDelta(shape.type, shape.index, shape.content, shape.summary, delta)
        else if (obj) handle(obj)
        if (items.conflict && !finished)
          fail({
            kind: 'api_error',
            status: 502,
            message: `upstream stream out of order: ${items.conflict}`,
          })
      } catch (e) {
        fail({
          kind: 'api_error',
          status: 502,
          message: `Could not read the upstream stream: ${String(e)}`,
        })
      }
      return take()
    },
    end(): CanonicalEvent[] {
      if (!finished)
        fail({
          kind: 'api_error',
          status: 502,
          message: 'upstream stream ended before response.completed',
        })
      return take()
    },
  }
}

/** The fields of a delta frame `handleDelta` reads besides its text. */
interface DeltaShape {
  type: string
  index: number
  content: number
  summary: number
}

/** Content keys made once: a key per delta event was a string to build and hash each time. */
const CONTENT_KEYS = Array.from({ length: 8 }, (_, i) => `c${i}`)
const PART_KEYS = Array.from({ length: 8 }, (_, i) => `p${i}`)

function contentKey(i: number): string {
  return CONTENT_KEYS[i] ?? `c${i}`
}

function partKey(i: number): string {
  return PART_KEYS[i] ?? `p${i}`
}
