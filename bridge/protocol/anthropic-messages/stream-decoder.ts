// Anthropic SSE frames → canonical events: dense block indices, signatures on block_stop, custom tools unwrapped.
import type { StreamDecoder, StreamDecoderOptions } from '../codec.js'
import { kindFromAnthropicType } from '../canonical/errors.js'
import type { CanonicalError } from '../canonical/errors.js'
import type { CanonicalEvent } from '../canonical/events.js'
import { isJsonObject, shown } from '../canonical/json.js'
import type { JsonObject } from '../canonical/json.js'
import { unpackOpaque } from '../canonical/opaque.js'
import { stopReasonFromAnthropic } from '../canonical/stop-reason.js'
import type { StopReason } from '../canonical/stop-reason.js'
import { usageFromAnthropic } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { customToolNames, unwrapCustomInput } from './custom-tools.js'
import { stringField } from './fields.js'
import { citationFromAnthropic, searchOutcomeFromAnthropic } from './web-search.js'
import { parseJson } from '../canonical/read-json.js'
import { RepeatedFrame } from '../canonical/read-json-template.js'

interface OpenBlock {
  upstream: number
  index: number
  kind: 'text' | 'thinking' | 'redacted' | 'tool' | 'custom' | 'search' | 'result'
  /** The signature or redacted data, reported on block_stop. */
  opaque: string
  /** Custom tools: the whole JSON, unwrapped at stop. Function tools: whether any delta arrived. */
  json: string
  sawDelta: boolean
  /** Tool input carried in the start frame (non-streaming upstreams); used only when no delta follows. */
  startInput: JsonObject | undefined
}

const CONTENT_FIELD: Record<string, string> = {
  text_delta: 'text',
  thinking_delta: 'thinking',
  input_json_delta: 'partial_json',
}

function carriesContent(delta: JsonObject, type: string): boolean {
  const field = CONTENT_FIELD[type]
  return field !== undefined && (stringField(delta, field) ?? '') !== ''
}

function hasKeys(usage: object): boolean {
  return Object.keys(usage).length > 0
}

export function createAnthropicStreamDecoder(opts: StreamDecoderOptions): StreamDecoder {
  const custom = customToolNames(opts.request)
  let started = false
  let done = false
  let next = 0
  let open: OpenBlock | undefined
  /** Upstream indices of blocks with no canonical form (server tools), whose deltas are skipped too. */
  const skipped = new Set<number>()
  const seen = new Set<number>()
  let stop: { reason: StopReason; sequence?: string } | undefined
  let sawMessageDelta = false
  /** The last content delta, to read the next one like it without parsing (and its event name). */
  const repeated = new RepeatedFrame<JsonObject>()
  let repeatedEvent: string | undefined

  /** Learns a content delta frame: the frequent ones differ from the last only in their text. */
  const learn = (event: string | undefined, raw: string, data: JsonObject): void => {
    if ((event ?? data['type']) !== 'content_block_delta') return
    const d = data['delta']
    const field = isJsonObject(d) ? CONTENT_FIELD[stringField(d, 'type') ?? ''] : undefined
    if (field === undefined) return
    repeatedEvent = event
    repeated.learn(raw, data, ['delta', field])
  }

  const fail = (error: CanonicalError): CanonicalEvent[] => {
    done = true
    return [{ type: 'error', error }]
  }

  const ensureStarted = (out: CanonicalEvent[]): void => {
    if (started) return
    started = true
    out.push({ type: 'message_start', id: opts.newId('msg_'), model: opts.request?.model ?? '' })
  }

  const closeOpen = (out: CanonicalEvent[]): void => {
    const b = open
    if (!b) return
    open = undefined
    if (b.kind === 'custom') {
      const raw = b.sawDelta ? b.json : b.startInput ? JSON.stringify(b.startInput) : ''
      const text = unwrapCustomInput(raw)
      if (text !== '') out.push({ type: 'tool_args_delta', index: b.index, delta: text })
    } else if (
      (b.kind === 'tool' || b.kind === 'search') &&
      !b.sawDelta &&
      b.startInput &&
      hasKeys(b.startInput)
    ) {
      out.push({ type: 'tool_args_delta', index: b.index, delta: JSON.stringify(b.startInput) })
    }
    const opaque = b.kind === 'thinking' || b.kind === 'redacted' ? b.opaque : ''
    out.push(
      opaque === ''
        ? { type: 'block_stop', index: b.index }
        : {
            type: 'block_stop',
            index: b.index,
            opaque: unpackOpaque(opaque, 'anthropic-messages'),
          },
    )
  }

  const startBlock = (data: JsonObject, out: CanonicalEvent[]): void => {
    closeOpen(out)
    const block = isJsonObject(data['content_block']) ? data['content_block'] : {}
    const upstream = typeof data['index'] === 'number' ? data['index'] : -1
    const base = {
      upstream,
      index: next,
      opaque: '',
      json: '',
      sawDelta: false,
      startInput: undefined,
    }
    switch (stringField(block, 'type') ?? '') {
      case 'text': {
        out.push({ type: 'block_start', index: next, block: { kind: 'text' } })
        open = { ...base, kind: 'text' }
        const text = stringField(block, 'text')
        if (text) out.push({ type: 'text_delta', index: next, text })
        break
      }
      case 'thinking': {
        out.push({ type: 'block_start', index: next, block: { kind: 'reasoning', channel: 'raw' } })
        open = { ...base, kind: 'thinking', opaque: stringField(block, 'signature') ?? '' }
        const text = stringField(block, 'thinking')
        if (text) out.push({ type: 'reasoning_delta', index: next, text })
        break
      }
      case 'redacted_thinking':
        out.push({ type: 'block_start', index: next, block: { kind: 'redacted_reasoning' } })
        open = { ...base, kind: 'redacted', opaque: stringField(block, 'data') ?? '' }
        break
      case 'tool_use': {
        const name = stringField(block, 'name') ?? ''
        const toolKind = custom.has(name) ? 'custom' : 'function'
        const callId = stringField(block, 'id') ?? opts.newId('toolu_')
        out.push({
          type: 'block_start',
          index: next,
          block: { kind: 'tool_call', callId, name, toolKind },
        })
        const input = block['input']
        open = {
          ...base,
          kind: toolKind === 'custom' ? 'custom' : 'tool',
          startInput: isJsonObject(input) ? input : undefined,
        }
        break
      }
      case 'server_tool_use': {
        if (stringField(block, 'name') !== 'web_search') {
          skipped.add(upstream)
          return
        }
        const callId = stringField(block, 'id') ?? opts.newId('srvtoolu_')
        out.push({ type: 'block_start', index: next, block: { kind: 'web_search_call', callId } })
        const input = block['input']
        open = { ...base, kind: 'search', startInput: isJsonObject(input) ? input : undefined }
        break
      }
      case 'web_search_tool_result': {
        // The whole result arrives in the start frame; the block has no deltas.
        const callId = stringField(block, 'tool_use_id') ?? ''
        out.push({
          type: 'block_start',
          index: next,
          block: {
            kind: 'web_search_result',
            callId,
            outcome: searchOutcomeFromAnthropic(block['content']),
          },
        })
        open = { ...base, kind: 'result' }
        break
      }
      default:
        // Other server-tool blocks (web_fetch, code execution…) and unknown types have no canonical form.
        skipped.add(upstream)
        return
    }
    next++
  }

  /** A delta that fits no open block would be lost, and a tool call could run with half its input. */
  const misplaced = (data: JsonObject, what: string): CanonicalError => ({
    kind: 'api_error',
    status: 502,
    message: `upstream stream out of order: ${what} for content block ${shown(data['index'])} arrived while ${open ? `block ${open.upstream} (${open.kind}) was open` : 'no block was open'}`,
  })

  const delta = (data: JsonObject, out: CanonicalEvent[]): CanonicalError | undefined => {
    const b = open
    const d = isJsonObject(data['delta']) ? data['delta'] : undefined
    const type = d ? (stringField(d, 'type') ?? '') : ''
    if (!b || data['index'] !== b.upstream) {
      if (typeof data['index'] === 'number' && skipped.has(data['index'])) return undefined
      return d && carriesContent(d, type)
        ? misplaced(data, `${type.startsWith('input') ? 'an' : 'a'} ${type}`)
        : undefined
    }
    if (!d) return undefined
    switch (type) {
      case 'text_delta': {
        const text = stringField(d, 'text')
        if (!text) return undefined
        if (b.kind !== 'text') return misplaced(data, 'a text_delta')
        out.push({ type: 'text_delta', index: b.index, text })
        return undefined
      }
      case 'thinking_delta': {
        const text = stringField(d, 'thinking')
        if (!text) return undefined
        if (b.kind !== 'thinking') return misplaced(data, 'a thinking_delta')
        out.push({ type: 'reasoning_delta', index: b.index, text })
        return undefined
      }
      case 'signature_delta':
        b.opaque += stringField(d, 'signature') ?? ''
        return undefined
      case 'input_json_delta': {
        const part = stringField(d, 'partial_json') ?? ''
        if (part === '') return undefined
        if (b.kind !== 'tool' && b.kind !== 'custom' && b.kind !== 'search')
          return misplaced(data, 'an input_json_delta')
        b.sawDelta = true
        if (b.kind === 'custom') b.json += part
        else out.push({ type: 'tool_args_delta', index: b.index, delta: part })
        return undefined
      }
      case 'citations_delta': {
        const citation = citationFromAnthropic(d['citation'])
        if (citation && b.kind === 'text') out.push({ type: 'citation', index: b.index, citation })
        return undefined
      }
      default:
        // Future delta types carry nothing canonical.
        return undefined
    }
  }

  const handle = (
    type: string,
    data: JsonObject,
    out: CanonicalEvent[],
  ): CanonicalError | undefined => {
    switch (type) {
      case 'message_start': {
        const message = isJsonObject(data['message']) ? data['message'] : {}
        if (started) return
        started = true
        out.push({
          type: 'message_start',
          id: stringField(message, 'id') ?? opts.newId('msg_'),
          model: stringField(message, 'model') ?? opts.request?.model ?? '',
        })
        const usage = usageFromAnthropic(message['usage'])
        if (hasKeys(usage)) out.push({ type: 'usage', usage })
        return
      }
      case 'content_block_start':
        // A block started twice would reach the client as two blocks, or two tool calls with one id.
        if (typeof data['index'] === 'number' && seen.has(data['index']))
          return misplaced(data, 'a second content_block_start')
        if (typeof data['index'] === 'number') seen.add(data['index'])
        ensureStarted(out)
        startBlock(data, out)
        return
      case 'content_block_delta':
        return delta(data, out)
      case 'content_block_stop':
        if (open && data['index'] === open.upstream) closeOpen(out)
        return
      case 'message_delta': {
        ensureStarted(out)
        sawMessageDelta = true
        const d = isJsonObject(data['delta']) ? data['delta'] : {}
        if (d['stop_reason'] !== undefined && d['stop_reason'] !== null) {
          const sequence = stringField(d, 'stop_sequence')
          stop =
            sequence === undefined
              ? { reason: stopReasonFromAnthropic(d['stop_reason']) }
              : { reason: stopReasonFromAnthropic(d['stop_reason']), sequence }
        }
        const usage = usageFromAnthropic(data['usage'])
        if (hasKeys(usage)) out.push({ type: 'usage', usage })
        return
      }
      case 'message_stop':
        ensureStarted(out)
        finish(out)
        return
      default:
        // ping and unknown event names are skipped, as the Anthropic SDK does.
        return
    }
  }

  const finish = (out: CanonicalEvent[]): void => {
    closeOpen(out)
    const s = stop ?? { reason: 'end_turn' }
    out.push(
      s.sequence === undefined
        ? { type: 'message_stop', stopReason: s.reason }
        : { type: 'message_stop', stopReason: s.reason, stopSequence: s.sequence },
    )
    done = true
  }

  return {
    push(frame: SseFrame): CanonicalEvent[] {
      if (done || frame.comment !== undefined) return []
      const raw = frame.data.trim()
      if (raw === '' && (frame.event === undefined || frame.event === 'ping')) return []
      let parsed = frame.event === repeatedEvent ? repeated.read(raw) : undefined
      if (parsed === undefined) {
        let value: unknown
        try {
          value = parseJson(raw)
        } catch {
          return fail({
            kind: 'api_error',
            status: 502,
            message: `upstream sent malformed JSON in a '${frame.event ?? 'message'}' event`,
          })
        }
        if (!isJsonObject(value))
          return fail({
            kind: 'api_error',
            status: 502,
            message: 'upstream sent a non-object event',
          })
        parsed = value
        learn(frame.event, raw, parsed)
      }
      const type = frame.event ?? stringField(parsed, 'type') ?? ''
      if (type === 'error') {
        const err = isJsonObject(parsed['error']) ? parsed['error'] : {}
        const message = stringField(err, 'message') ?? 'upstream stream error'
        return fail({ kind: kindFromAnthropicType(err['type']), message })
      }
      const out: CanonicalEvent[] = []
      const error = handle(type, parsed, out)
      return error ? [...out, ...fail(error)] : out
    },
    end(): CanonicalEvent[] {
      if (done) return []
      const out: CanonicalEvent[] = []
      // Claude Code accepts a stream that has message_delta but no message_stop; so do we.
      if (sawMessageDelta) {
        finish(out)
        return out
      }
      done = true
      out.push({
        type: 'error',
        error: {
          kind: 'api_error',
          status: 502,
          message: 'upstream stream ended before message_stop',
        },
      })
      return out
    },
  }
}
