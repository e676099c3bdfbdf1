// Canonical events → Chat Completions chunks for a Chat client: data-only frames ending in [DONE] (wire-protocols §3.5, §4.9).
import type { StreamEncoder, StreamEncoderOptions } from '../codec.js'
import type { CanonicalError } from '../canonical/errors.js'
import type { BlockStart, CanonicalEvent } from '../canonical/events.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import type { Citation } from '../canonical/web-search.js'
import { stopReasonToChat } from '../canonical/stop-reason.js'
import { mergeUsage, usageToChat, ZERO_USAGE } from '../canonical/usage.js'
import type { SseFrame } from '../sse/frame.js'
import { errorObject } from './errors.js'
import { urlCitation } from './annotations.js'

/** JSON string body without the quotes: fragments of a custom input stream inside `{"input":"…"}`. */
function jsonFragment(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}

class ChatStreamEncoder implements StreamEncoder {
  private readonly id: string
  private readonly created: number
  private readonly includeUsage: boolean
  private started = false
  private done = false
  private block: BlockStart | undefined
  private toolIndex = -1
  /** For custom tool calls: whether the `{"input":"` prefix has been written. */
  private customOpened = false
  private usage = ZERO_USAGE
  /** Length of the content sent so far and where the open text block began: citations become offsets. */
  private contentLength = 0
  private blockOffset = 0
  private readonly citations: { citation: Citation; offset: number; length: number }[] = []
  private readonly blockCitations: Citation[] = []
  /** Per delta key, a text chunk's JSON up to the quoted text and after it: built once, not per event. */
  private readonly textHeads = new Map<string, string>()
  private textTail = ''

  constructor(private readonly options: StreamEncoderOptions) {
    this.id = options.newId('chatcmpl-')
    this.created = Math.floor(options.now() / 1000)
    this.includeUsage = options.request?.includeUsage === true
  }

  private frame(body: JsonObject): SseFrame {
    return { data: JSON.stringify(body), oneLine: true }
  }

  private chunk(
    delta: JsonObject,
    finishReason: string | null = null,
    extra: JsonObject = {},
  ): SseFrame {
    const body: JsonObject = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.options.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...extra,
    }
    if (this.includeUsage) body['usage'] = null
    return this.frame(body)
  }

  /**
   * The most frequent chunk, `chunk({[key]: text})`, written as text: the same bytes JSON.stringify gives,
   * without building its four objects per event.
   */
  private textChunk(key: 'content' | 'refusal' | 'reasoning_content', text: string): SseFrame {
    let head = this.textHeads.get(key)
    if (head === undefined) {
      head = `{"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":${JSON.stringify(this.options.model)},"choices":[{"index":0,"delta":{"${key}":`
      this.textHeads.set(key, head)
      this.textTail = `},"logprobs":null,"finish_reason":null}]${this.includeUsage ? ',"usage":null' : ''}}`
    }
    return { data: head + JSON.stringify(text) + this.textTail, oneLine: true }
  }

  private start(out: SseFrame[], metadata?: Readonly<Record<string, string>>): void {
    if (this.started) return
    this.started = true
    // Not a Chat field: the upstream's facts for the client (a thread id), as `metadata` in the JSON answer.
    const extra: JsonObject = metadata ? { metadata: { ...metadata } } : {}
    out.push(this.chunk({ role: 'assistant', content: '' }, null, extra))
  }

  private toolArgs(args: string): SseFrame {
    const call: JsonValue = { index: this.toolIndex, function: { arguments: args } }
    return this.chunk({ tool_calls: [call] })
  }

  push(event: CanonicalEvent): SseFrame[] {
    if (this.done) return []
    const out: SseFrame[] = []
    switch (event.type) {
      case 'message_start':
        this.start(out, event.metadata)
        return out
      case 'block_start':
        this.start(out)
        this.block = event.block
        this.blockOffset = this.contentLength
        if (event.block.kind === 'tool_call') {
          this.toolIndex++
          this.customOpened = false
          const call: JsonValue = {
            index: this.toolIndex,
            id: event.block.callId,
            type: 'function',
            function: { name: event.block.name, arguments: '' },
          }
          out.push(this.chunk({ tool_calls: [call] }))
        }
        return out
      case 'text_delta':
        this.start(out)
        if (event.text) {
          const refusal = this.block?.kind === 'refusal'
          if (!refusal) this.contentLength += event.text.length
          out.push(this.textChunk(refusal ? 'refusal' : 'content', event.text))
        }
        return out
      case 'citation':
        if (this.block?.kind === 'text') this.blockCitations.push(event.citation)
        return out
      case 'reasoning_delta':
        this.start(out)
        if (event.text) out.push(this.textChunk('reasoning_content', event.text))
        return out
      case 'tool_args_delta':
        this.start(out)
        if (this.block?.kind !== 'tool_call' || !event.delta) return out
        if (this.block.toolKind === 'custom') {
          const prefix = this.customOpened ? '' : '{"input":"'
          this.customOpened = true
          out.push(this.toolArgs(prefix + jsonFragment(event.delta)))
        } else {
          out.push(this.toolArgs(event.delta))
        }
        return out
      case 'block_stop':
        for (const citation of this.blockCitations.splice(0))
          this.citations.push({
            citation,
            offset: this.blockOffset,
            length: this.contentLength - this.blockOffset,
          })
        if (this.block?.kind === 'tool_call' && this.block.toolKind === 'custom') {
          out.push(this.toolArgs(this.customOpened ? '"}' : '{"input":""}'))
        }
        this.block = undefined
        return out
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage)
        return out
      case 'rate_limits':
        // Chat Completions has no chunk for it; Chat clients see the usage headers only.
        return out
      case 'message_stop':
        this.start(out)
        // The SDK keeps the last `annotations` it sees, so the whole list goes out once, before the finish.
        if (this.citations.length > 0)
          out.push(
            this.chunk({
              annotations: this.citations.map((c) => urlCitation(c.citation, c.offset, c.length)),
            }),
          )
        out.push(this.chunk({}, stopReasonToChat(event.stopReason)))
        if (this.includeUsage) {
          out.push(
            this.frame({
              id: this.id,
              object: 'chat.completion.chunk',
              created: this.created,
              model: this.options.model,
              choices: [],
              usage: usageToChat(this.usage),
            }),
          )
        }
        out.push({ data: '[DONE]' })
        this.done = true
        return out
      case 'error':
        return this.fail(event.error)
    }
  }

  private fail(error: CanonicalError): SseFrame[] {
    this.done = true
    return [this.frame({ error: errorObject(error) })]
  }

  end(): SseFrame[] {
    if (this.done) return []
    return this.fail({
      kind: 'api_error',
      status: 502,
      message: 'The upstream stream ended before the answer was complete.',
    })
  }

  /** Nothing is held: the first chunk goes out with `message_start`. */
  flush(): SseFrame[] {
    return []
  }

  keepalive(): SseFrame[] {
    return [{ comment: 'keepalive', data: '' }]
  }
}

export function createStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  return new ChatStreamEncoder(options)
}
