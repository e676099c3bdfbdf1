// What either transport reports about a Codex turn, reduced to what the answer needs, and the queue that carries it.
import type { Usage } from '../../protocol/canonical/usage.js'
import { isObj } from '../../protocol/canonical/read-json.js'

export type CodexEvent =
  | { kind: 'thread'; id: string }
  | { kind: 'text'; itemId: string; delta: string }
  | { kind: 'reasoning'; itemId: string; delta: string }
  | { kind: 'usage'; usage: Partial<Usage> }
  | { kind: 'done' }
  | { kind: 'failed'; message: string; status?: number }

export interface EventSink<T> {
  push(item: T): void
}

/** An unbounded single-consumer queue; `close` makes pending and later pulls return undefined. */
export class EventQueue<T> {
  private readonly items: T[] = []
  private waiter: ((v: T | undefined) => void) | undefined
  private closed = false

  push(item: T): void {
    if (this.closed) return
    const w = this.waiter
    if (w) {
      this.waiter = undefined
      w(item)
    } else this.items.push(item)
  }

  close(): void {
    this.closed = true
    const w = this.waiter
    this.waiter = undefined
    w?.(undefined)
  }

  next(): Promise<T | undefined> {
    const item = this.items.shift()
    if (item !== undefined) return Promise.resolve(item)
    if (this.closed) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      this.waiter = resolve
    })
  }
}

function num(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** Codex counts input including cached tokens, as the canonical usage does. */
export function usageFromCodex(u: Record<string, unknown>): Partial<Usage> {
  const out: Partial<Usage> = {}
  const input = num(u, 'inputTokens') ?? num(u, 'input_tokens')
  const cached = num(u, 'cachedInputTokens') ?? num(u, 'cached_input_tokens')
  const write = num(u, 'cacheWriteInputTokens') ?? num(u, 'cache_write_input_tokens')
  const output = num(u, 'outputTokens') ?? num(u, 'output_tokens')
  const reasoning = num(u, 'reasoningOutputTokens') ?? num(u, 'reasoning_output_tokens')
  if (input !== undefined) out.inputTokens = input
  if (cached !== undefined) out.cachedInputTokens = cached
  if (write !== undefined) out.cacheWriteTokens = write
  if (output !== undefined) out.outputTokens = output
  if (reasoning !== undefined) out.reasoningTokens = reasoning
  return out
}

/** The shared reader's object test, under the name the codex-cli files use. */
export const isRecord = isObj

export function strField(o: unknown, key: string): string | undefined {
  if (!isRecord(o)) return undefined
  const v = o[key]
  return typeof v === 'string' ? v : undefined
}
