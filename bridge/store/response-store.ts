// The response store: Responses answers kept in memory, bounded by count, bytes and age, so that
// previous_response_id and item_reference resolve on every upstream; an optional journal keeps them on disk.
import { createHash } from 'node:crypto'
import type { JsonObject } from '../protocol/canonical/json.js'

export interface StoreLimits {
  enabled: boolean
  maxResponses: number
  maxMb: number
  ttlHours: number
  persist: boolean
}

/** One item (input or output) shared by every response whose context holds it, counted once. */
export interface StoredItem {
  readonly id: string
  readonly owner: string
  /** As it goes upstream again: the client's input item (normalized) or the output item as the client saw it. */
  readonly item: JsonObject
  readonly bytes: number
  /** Stored responses whose input or output holds this item; at 0 the item is gone. */
  refs: number
}

export interface StoredResponse {
  readonly id: string
  readonly owner: string
  /** Epoch ms, the store's own clock (expiry counts from here). */
  readonly createdAt: number
  /** The response object as the client saw it, without `output` (kept as items). */
  readonly envelope: JsonObject
  readonly previousResponseId?: string
  /** The whole context the model saw: earlier responses' items, references resolved, then this request's input. */
  readonly input: StoredItem[]
  readonly output: StoredItem[]
  readonly bytes: number
}

export type NewItem = { stored: StoredItem } | { id: string; item: JsonObject }

export interface NewResponse {
  id: string
  owner: string
  envelope: JsonObject
  previousResponseId?: string
  input: NewItem[]
  output: { id: string; item: JsonObject }[]
  createdAt?: number
}

/** Why an id no longer resolves; only for the log, the client always gets OpenAI's own wording. */
export type GoneReason = 'expired' | 'evicted' | 'deleted'

/** What the store tells a journal, in order; replaying these rebuilds the same state. */
export interface StoreJournal {
  put(response: StoredResponse, newItems: StoredItem[]): void
  delete(id: string, owner: string): void
  /** Called after changes; the journal decides when to rewrite itself from `live()`. */
  maybeCompact(liveBytes: number): void
}

const POINTER_BYTES = 8
const GONE_REMEMBERED = 10_000

/** A stable, non-reversible name for the key a client presented; stored instead of the key. */
export function ownerOf(accessKey: string): string {
  return createHash('sha256')
    .update(`switchboard-response-store\0${accessKey}`)
    .digest('hex')
    .slice(0, 32)
}

export function jsonBytes(value: JsonObject): number {
  return Buffer.byteLength(JSON.stringify(value))
}

export class ResponseStore {
  /** Oldest first: expiry and eviction both take from the front. */
  private readonly responses = new Map<string, StoredResponse>()
  private readonly items = new Map<string, StoredItem>()
  private readonly gone = new Map<string, GoneReason>()
  private totalBytes = 0
  journal: StoreJournal | undefined

  constructor(
    private readonly limits: () => StoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.limits().enabled
  }

  stats(): { responses: number; items: number; bytes: number } {
    return { responses: this.responses.size, items: this.items.size, bytes: this.totalBytes }
  }

  /** Live responses oldest first (the journal rewrites itself from these). */
  live(): StoredResponse[] {
    this.expire()
    return [...this.responses.values()]
  }

  getResponse(id: string, owner: string): StoredResponse | undefined {
    this.expire()
    const found = this.responses.get(id)
    return found?.owner === owner ? found : undefined
  }

  getItem(id: string, owner: string): StoredItem | undefined {
    this.expire()
    const found = this.items.get(id)
    return found?.owner === owner ? found : undefined
  }

  whyGone(id: string): GoneReason | undefined {
    return this.gone.get(id)
  }

  /** An id for a new input item: the client's own when it is free, else a fresh one. */
  itemIdFor(
    wanted: string | undefined,
    owner: string,
    fresh: () => string,
  ): { id: string; existing?: StoredItem } {
    if (wanted !== undefined) {
      const existing = this.items.get(wanted)
      if (!existing) return { id: wanted }
      if (existing.owner === owner) return { id: wanted, existing }
    }
    return { id: fresh() }
  }

  /**
   * Keeps a response; returns false (and keeps nothing) when it alone is larger than the whole store may be.
   * Older responses make room first; their items live on while a newer response still holds them.
   */
  put(record: NewResponse): { ok: true; response: StoredResponse } | { ok: false; bytes: number } {
    const limits = this.limits()
    const created: StoredItem[] = []
    const adopt = (entry: NewItem): StoredItem => {
      if ('stored' in entry) return entry.stored
      const item: StoredItem = {
        id: entry.id,
        owner: record.owner,
        item: entry.item,
        bytes: jsonBytes(entry.item),
        refs: 0,
      }
      created.push(item)
      return item
    }
    const input = record.input.map(adopt)
    const output = record.output.map((o) => adopt(o))
    const envelopeBytes =
      jsonBytes(record.envelope) + POINTER_BYTES * (input.length + output.length)
    const own = envelopeBytes + created.reduce((n, i) => n + i.bytes, 0)
    const revived = [...input, ...output].filter((i) => i.refs === 0 && !created.includes(i))
    const needed = own + revived.reduce((n, i) => n + i.bytes, 0)
    if (needed > limits.maxMb * 1024 * 1024) return { ok: false, bytes: needed }
    this.deleteQuietly(record.id)
    const response: StoredResponse = {
      id: record.id,
      owner: record.owner,
      createdAt: record.createdAt ?? this.now(),
      envelope: record.envelope,
      ...(record.previousResponseId !== undefined
        ? { previousResponseId: record.previousResponseId }
        : {}),
      input,
      output,
      bytes: envelopeBytes,
    }
    this.responses.set(response.id, response)
    this.gone.delete(response.id)
    this.totalBytes += envelopeBytes
    for (const item of [...input, ...output]) this.hold(item)
    this.journal?.put(response, [...created, ...revived])
    this.expire()
    this.evict()
    this.journal?.maybeCompact(this.totalBytes)
    return { ok: true, response }
  }

  delete(id: string, owner: string): boolean {
    if (!this.getResponse(id, owner)) return false
    this.drop(id, 'deleted')
    this.journal?.delete(id, owner)
    this.journal?.maybeCompact(this.totalBytes)
    return true
  }

  /** Rebuilding from a journal: the same as put, minus writing it back. */
  replay(record: NewResponse): void {
    const journal = this.journal
    this.journal = undefined
    try {
      this.put(record)
    } finally {
      this.journal = journal
    }
  }

  private hold(item: StoredItem): void {
    if (item.refs === 0) {
      this.totalBytes += item.bytes
      this.items.set(item.id, item)
    }
    item.refs++
  }

  private release(item: StoredItem): void {
    item.refs--
    if (item.refs > 0) return
    this.totalBytes -= item.bytes
    if (this.items.get(item.id) === item) this.items.delete(item.id)
  }

  private deleteQuietly(id: string): void {
    if (this.responses.has(id)) this.drop(id, 'deleted')
  }

  private drop(id: string, reason: GoneReason): void {
    const response = this.responses.get(id)
    if (!response) return
    this.responses.delete(id)
    this.totalBytes -= response.bytes
    for (const item of [...response.input, ...response.output]) this.release(item)
    this.gone.set(id, reason)
    if (this.gone.size > GONE_REMEMBERED) {
      const oldest = this.gone.keys().next()
      if (!oldest.done) this.gone.delete(oldest.value)
    }
  }

  private expire(): void {
    const ttlMs = this.limits().ttlHours * 3_600_000
    const cutoff = this.now() - ttlMs
    for (const response of this.responses.values()) {
      if (response.createdAt > cutoff) break
      this.drop(response.id, 'expired')
    }
  }

  private evict(): void {
    const limits = this.limits()
    const maxBytes = limits.maxMb * 1024 * 1024
    while (this.responses.size > limits.maxResponses || this.totalBytes > maxBytes) {
      const oldest = this.responses.keys().next()
      if (oldest.done) break
      this.drop(oldest.value, 'evicted')
    }
  }
}
