// Chat Completions chunk stream → sequential canonical events (DESIGN.md hub rule 1, wire-protocols §3.5, §4.9).
import { offeredTools } from '../canonical/request.js'
import type { StreamDecoder, StreamDecoderOptions } from '../codec.js'
import type { CanonicalError } from '../canonical/errors.js'
import type { CanonicalEvent } from '../canonical/events.js'
import { stopReasonFromChat } from '../canonical/stop-reason.js'
import { usageFromChat } from '../canonical/usage.js'
import type { Usage } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { errorFromPayload } from './errors.js'
import { asObj, readReasoning, str } from './read.js'
import type { Obj } from './read.js'
import { ToolCallBuffer, unwrapCustomInput } from './tool-call-buffer.js'
import {
  citationFromChat,
  citationInBlock,
  unavailableSearch,
  unavailableSearchEvents,
} from './annotations.js'
import type { Citation } from '../canonical/web-search.js'
import type { ToolSlot } from './tool-call-buffer.js'
import { parseJson } from '../canonical/read-json.js'
import { learnTemplate, readTemplate } from '../canonical/read-json-template.js'
import type { JsonTemplate, TemplateHole } from '../canonical/read-json-template.js'

type TextKind = 'text' | 'refusal' | 'reasoning'

/** Templates learnt in a row without a chunk read by one, before a stream is left to parsing. */
const TEMPLATE_MISSES = 3
type OpenBlock = { kind: TextKind; index: number } | { kind: 'tool'; index: number; slot: ToolSlot }

class ChatStreamDecoder implements StreamDecoder {
  private started = false
  private messageId = ''
  private done = false
  private open: OpenBlock | undefined
  private next = 0
  private finish: string | undefined
  private sawFinish = false
  private usage: Partial<Usage> | undefined
  /** Text that arrived while the live tool call was open; emitted after the tool calls. */
  private deferred: { kind: TextKind; text: string }[] = []
  private readonly tools = new ToolCallBuffer()
  /** Content length so far, where the open text block began and its text: citation offsets are the content's. */
  private contentLength = 0
  private textStart = 0
  private blockText = ''
  /** Citations not yet attached to an open text block, and those already seen (a list may be resent). */
  private citations: Citation[] = []
  private readonly cited = new Set<string>()
  private readonly customNames: Set<string>
  /** The last plain-text chunk, to read the next one like it without parsing (see plainText). */
  private template: JsonTemplate | undefined
  /** Templates learnt since one last read a chunk. */
  private misses = 0

  constructor(private readonly options: StreamDecoderOptions) {
    this.customNames = new Set(
      (options.request ? offeredTools(options.request) : []).flatMap((t) =>
        t.kind === 'custom' ? [t.name] : [],
      ),
    )
  }

  push(frame: SseFrame): CanonicalEvent[] {
    if (this.done || frame.comment !== undefined) return []
    const data = frame.data.trim()
    if (data === '') return []
    if (data === '[DONE]') return this.complete()
    if (this.template !== undefined && frame.event !== 'error') {
      const text = readTemplate(this.template, data)
      if (text !== undefined && text !== '') {
        const fast = this.appendPlain(text)
        if (fast) {
          this.misses = 0
          return fast
        }
      }
    }
    let chunk: unknown
    try {
      chunk = parseJson(data)
    } catch {
      return this.fail({
        kind: 'api_error',
        status: 502,
        message: `malformed upstream chunk: ${data.slice(0, 200)}`,
      })
    }
    const obj = asObj(chunk)
    if (!obj)
      return this.fail({
        kind: 'api_error',
        status: 502,
        message: `malformed upstream chunk: ${data.slice(0, 200)}`,
      })
    const error = obj['error']
    if (frame.event === 'error' || (error !== undefined && error !== null))
      return this.fail(errorFromPayload(obj))
    const text = this.plainText(obj, data)
    if (text !== undefined) return text
    const out = this.chunk(obj)
    const conflict = this.tools.conflict
    return conflict
      ? [
          ...out,
          ...this.fail({
            kind: 'api_error',
            status: 502,
            message: `upstream stream out of order: ${conflict}`,
          }),
        ]
      : out
  }

  end(): CanonicalEvent[] {
    if (this.done) return []
    if (this.sawFinish) return this.complete()
    return this.fail({
      kind: 'api_error',
      status: 502,
      message: 'upstream stream ended before finish_reason',
    })
  }

  private fail(error: CanonicalError): CanonicalEvent[] {
    this.done = true
    return [{ type: 'error', error }]
  }

  private start(chunk: Obj | undefined, out: CanonicalEvent[]): void {
    if (this.started) return
    this.started = true
    this.messageId = str(chunk?.['id']) || this.options.newId('chatcmpl-')
    const model = str(chunk?.['model']) || this.options.request?.model || ''
    out.push({ type: 'message_start', id: this.messageId, model })
    const search = unavailableSearch(this.options.request, this.options.newId('srvtoolu_'))
    if (search) {
      out.push(...unavailableSearchEvents(search))
      this.next = search.length
    }
  }

  /**
   * The common chunk, one more piece of the open text block and nothing else (no usage, finish, tool call,
   * reasoning or annotation), read without the general path's arrays: the same event `chunk` gives, in an
   * array of exactly one (an empty array grown by a push takes seventeen slots). Anything else: undefined.
   * Its text becomes the template for the next chunk: one that differs only in its text (and the values no
   * one reads) is the same plain chunk, read without parsing.
   */
  private plainText(chunk: Obj, data: string): CanonicalEvent[] | undefined {
    const open = this.open
    if (!this.started || open?.kind !== 'text' || this.tools.conflict) return undefined
    const choices = chunk['choices']
    const usage = chunk['usage']
    if (!Array.isArray(choices) || choices.length !== 1 || (usage !== undefined && usage !== null))
      return undefined
    const choice = asObj(choices[0])
    if (!choice || (choice['index'] !== undefined && choice['index'] !== 0)) return undefined
    const finish = choice['finish_reason']
    if (finish !== undefined && finish !== null) return undefined
    const delta = asObj(choice['delta'])
    const text = delta?.['content']
    if (!delta || typeof text !== 'string' || text === '') return undefined
    for (const key in delta) {
      const value = delta[key]
      if (key !== 'content' && key !== 'role' && value !== undefined && value !== null)
        return undefined
    }
    this.learn(chunk, data, text)
    return this.appendPlain(text)
  }

  /** The plain chunk's event, while a text block is open (else undefined: the general path decides). */
  private appendPlain(text: string): CanonicalEvent[] | undefined {
    const open = this.open
    if (!this.started || open?.kind !== 'text' || this.tools.conflict) return undefined
    this.contentLength += text.length
    this.blockText += text
    return [{ type: 'text_delta', index: open.index, text }]
  }

  private learn(chunk: Obj, data: string, text: string): void {
    // Learnt afresh after each miss; a stream that keeps changing the rest of its chunks is left to parsing.
    if (++this.misses > TEMPLATE_MISSES) {
      this.template = undefined
      return
    }
    // OpenAI pads each chunk with a random `obfuscation` string; nothing reads it.
    const padding = chunk['obfuscation']
    const others: TemplateHole[] =
      typeof padding === 'string' ? [{ key: 'obfuscation', value: padding }] : []
    this.template = learnTemplate(data, { key: 'content', value: text }, others)
  }

  private chunk(chunk: Obj): CanonicalEvent[] {
    const out: CanonicalEvent[] = []
    this.start(chunk, out)
    const usage = asObj(chunk['usage'])
    // Merged in place (this object is emitted only at the end): a spread into a literal would give each
    // stream's usage a map of its own (see withContext in codec.ts).
    if (usage)
      this.usage =
        this.usage === undefined
          ? usageFromChat(usage)
          : Object.assign(this.usage, usageFromChat(usage))
    const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : []
    // Only choice 0 exists for us: the request decoder rejects n > 1.
    let choice: Obj | undefined
    for (const raw of choices) {
      const c = asObj(raw)
      if (c !== undefined && (c['index'] === undefined || c['index'] === 0)) {
        choice = c
        break
      }
    }
    if (!choice) return out
    // Fake-streaming servers sometimes put a whole `message` where the delta belongs.
    const delta = asObj(choice['delta']) ?? asObj(choice['message'])
    if (delta) {
      this.text('reasoning', readReasoning(delta), out)
      this.text('text', str(delta['content']) ?? '', out)
      this.text('refusal', str(delta['refusal']) ?? '', out)
      this.annotate(delta['annotations'], out)
      const calls = delta['tool_calls']
      if (Array.isArray(calls)) for (const call of calls) this.toolDelta(call, out)
      const legacy = asObj(delta['function_call'])
      if (legacy) this.toolDelta({ index: 0, function: legacy }, out)
    }
    const finish = str(choice['finish_reason'])
    if (finish) {
      this.finish = finish
      this.sawFinish = true
    }
    return out
  }

  private text(kind: TextKind, text: string, out: CanonicalEvent[]): void {
    if (!text) return
    if (this.open?.kind === 'tool') {
      const last = this.deferred.at(-1)
      if (last?.kind === kind) last.text += text
      else this.deferred.push({ kind, text })
      return
    }
    const index = this.ensureBlock(kind, out)
    if (kind === 'text') {
      this.contentLength += text.length
      this.blockText += text
    }
    out.push(
      kind === 'reasoning'
        ? { type: 'reasoning_delta', index, text }
        : { type: 'text_delta', index, text },
    )
  }

  private ensureBlock(kind: TextKind, out: CanonicalEvent[]): number {
    if (this.open?.kind === kind) return this.open.index
    this.close(out)
    const index = this.next++
    this.open = { kind, index }
    if (kind === 'text') {
      this.textStart = this.contentLength
      this.blockText = ''
    }
    out.push({
      type: 'block_start',
      index,
      block: kind === 'reasoning' ? { kind: 'reasoning', channel: 'raw' } : { kind },
    })
    return index
  }

  /** A search model's `url_citation` annotations, attached to the open text block (offsets made its own). */
  private annotate(raw: unknown, out: CanonicalEvent[]): void {
    if (!Array.isArray(raw)) return
    for (const item of raw) {
      const citation = citationFromChat(item)
      if (!citation) continue
      const key = JSON.stringify([citation.url, citation.startIndex, citation.endIndex])
      if (this.cited.has(key)) continue
      this.cited.add(key)
      this.citations.push(citation)
    }
    this.attachCitations(out)
  }

  private attachCitations(out: CanonicalEvent[]): void {
    const open = this.open
    if (open?.kind !== 'text') return
    for (const c of this.citations.splice(0))
      out.push({
        type: 'citation',
        index: open.index,
        citation: citationInBlock(c, this.textStart, this.blockText),
      })
  }

  private close(out: CanonicalEvent[]): void {
    if (!this.open) return
    if (this.open.kind === 'tool') this.open.slot.state = 'closed'
    out.push({ type: 'block_stop', index: this.open.index })
    this.open = undefined
  }

  private toolDelta(raw: unknown, out: CanonicalEvent[]): void {
    const applied = this.tools.apply(raw)
    if (!applied) return
    const { slot, args } = applied
    if (slot.state === 'live') {
      if (args && this.open?.kind === 'tool')
        out.push({ type: 'tool_args_delta', index: this.open.index, delta: args })
      return
    }
    // Only the first call streams live, and only once it is certainly a complete function call; the
    // others are buffered and emitted one after another at the end (interleaved arguments included).
    const live =
      slot.ordinal === 0 &&
      slot.state === 'pending' &&
      slot.id !== undefined &&
      slot.name !== '' &&
      slot.argsStarted &&
      !slot.nativeCustom &&
      !this.customNames.has(slot.name)
    if (!live) return
    this.close(out)
    const index = this.next++
    this.open = { kind: 'tool', index, slot }
    slot.state = 'live'
    out.push({
      type: 'block_start',
      index,
      block: { kind: 'tool_call', callId: slot.id ?? '', name: slot.name, toolKind: 'function' },
    })
    out.push({ type: 'tool_args_delta', index, delta: slot.args })
  }

  private flushTool(slot: ToolSlot, out: CanonicalEvent[]): void {
    const custom = slot.nativeCustom || this.customNames.has(slot.name)
    const args = custom && !slot.nativeCustom ? unwrapCustomInput(slot.args) : slot.args
    const callId = slot.id ?? `call_${this.messageId}_${slot.ordinal}`
    const index = this.next++
    out.push({
      type: 'block_start',
      index,
      block: {
        kind: 'tool_call',
        callId,
        name: slot.name,
        toolKind: custom ? 'custom' : 'function',
      },
    })
    if (args) out.push({ type: 'tool_args_delta', index, delta: args })
    out.push({ type: 'block_stop', index })
    slot.state = 'closed'
  }

  private complete(): CanonicalEvent[] {
    const out: CanonicalEvent[] = []
    this.start(undefined, out)
    this.close(out)
    for (const slot of this.tools.slots) if (slot.state === 'pending') this.flushTool(slot, out)
    for (const d of this.deferred) this.text(d.kind, d.text, out)
    this.deferred = []
    this.attachCitations(out)
    this.close(out)
    if (this.usage) out.push({ type: 'usage', usage: this.usage })
    out.push({
      type: 'message_stop',
      stopReason: stopReasonFromChat(this.finish, this.tools.count > 0),
    })
    this.done = true
    return out
  }
}

export function createStreamDecoder(options: StreamDecoderOptions): StreamDecoder {
  return new ChatStreamDecoder(options)
}
