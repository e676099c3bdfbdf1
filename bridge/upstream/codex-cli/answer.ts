// Codex turn events → canonical events: one block at a time, agent messages as text, reasoning as summaries.
import type { CanonicalEvent } from '../../protocol/canonical/events.js'

export class AnswerBuilder {
  private index = -1
  private open: 'text' | 'reasoning' | undefined
  private lastItem: string | undefined
  private started = false
  /** The agent's answer so far, for the thread history. */
  text = ''
  /** The Codex thread, once known; the message start carries it to the client as `metadata.thread_id`. */
  threadId: string | undefined

  constructor(
    private readonly id: string,
    private readonly model: string,
  ) {}

  get hasStarted(): boolean {
    return this.started
  }

  start(): CanonicalEvent[] {
    if (this.started) return []
    this.started = true
    const metadata = this.threadId === undefined ? {} : { metadata: { thread_id: this.threadId } }
    return [{ type: 'message_start', id: this.id, model: this.model, ...metadata }]
  }

  appendText(itemId: string, delta: string): CanonicalEvent[] {
    if (delta === '') return []
    const out = this.start()
    // Separate agent messages (commentary, then the final answer) the way a reader expects.
    const sep = this.text !== '' && itemId !== this.lastItem ? '\n\n' : ''
    if (this.open !== 'text') out.push(...this.openBlock('text'))
    this.lastItem = itemId
    this.text += sep + delta
    out.push({ type: 'text_delta', index: this.index, text: sep + delta })
    return out
  }

  reasoning(itemId: string, delta: string): CanonicalEvent[] {
    if (delta === '') return []
    const out = this.start()
    if (this.open !== 'reasoning' || itemId !== this.lastItem)
      out.push(...this.openBlock('reasoning'))
    this.lastItem = itemId
    out.push({ type: 'reasoning_delta', index: this.index, text: delta })
    return out
  }

  close(): CanonicalEvent[] {
    if (this.open === undefined) return []
    this.open = undefined
    return [{ type: 'block_stop', index: this.index }]
  }

  private openBlock(kind: 'text' | 'reasoning'): CanonicalEvent[] {
    const out = this.close()
    this.index += 1
    this.open = kind
    out.push({
      type: 'block_start',
      index: this.index,
      block: kind === 'text' ? { kind: 'text' } : { kind: 'reasoning', channel: 'summary' },
    })
    return out
  }
}
