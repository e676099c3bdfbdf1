// Responses output items → sequential canonical blocks: one block open at a time, later items buffered
// until earlier ones finish, and `output_item.done` treated as the authoritative final content.
import type { BlockStart, CanonicalEvent } from '../canonical/events.js'
import type { Opaque } from '../canonical/opaque.js'
import type { Obj } from './read.js'
import { asArr, asObj, asStr, toJsonObject } from './read.js'
import { compactionFromItem, reasoningFromItem } from './output-item-parts.js'
import { isToolSearchItem } from './output-items.js'
import type { Citation } from '../canonical/web-search.js'
import { webSearchInput } from '../canonical/web-search.js'
import {
  citationsFromAnnotations,
  searchOutcome,
  searchQueryOf,
  searchSourcesOf,
} from './web-search.js'

type DeltaKind = 'text' | 'reasoning' | 'args'

type Op =
  | { op: 'open'; block: BlockStart }
  | { op: 'delta'; kind: DeltaKind; text: string }
  | { op: 'close'; opaque?: Opaque }
  | { op: 'citation'; citation: Citation }

interface ItemState {
  id: string
  type: string
  callId: string
  name: string
  /** The Responses namespace a tool call names. */
  namespace: string | undefined
  done: boolean
  /** Block ops waiting until every earlier item has finished. */
  pending: Op[]
  /** Content key of the open block: `c<n>` message part, `r` reasoning, `t` tool call. */
  openKey: string | undefined
  openKind: DeltaKind
  closed: Set<string>
  streamed: Map<string, string>
  reasoningParts: number
  /** url_citation annotations per message part key, by annotation_index. */
  annotations: Map<string, unknown[]>
  /** A finished search whose result block waits for the citations of the answer that follows it. */
  hold: boolean
  sources: string[]
  failed: boolean
}

/** The empty list `out` starts as: never added to, and never handed out. */
const NONE: CanonicalEvent[] = []

export class ItemTracker {
  private readonly items = new Map<number, ItemState>()
  private readonly queue: ItemState[] = []
  private nextIndex = 0
  private current = 0
  private out: CanonicalEvent[] = NONE
  sawToolCall = false
  sawItems = false
  /** `web_search_call` items seen: Responses usage has no search count. */
  webSearches = 0
  /** Set when a tool call's streamed arguments contradict its final ones: the call must not run as streamed. */
  conflict: string | undefined

  /** The events since the last take, the decoder's own (message start, usage, errors) among them in order. */
  take(): CanonicalEvent[] {
    const events = this.out
    if (events.length === 0) return []
    this.out = NONE
    return events
  }

  /** An event of the stream's own, after every block event so far. */
  push(event: CanonicalEvent): void {
    // Most frames give one event: a list of one, not one with room for sixteen.
    if (this.out === NONE) this.out = [event]
    else this.out.push(event)
  }

  get(outputIndex: number): ItemState | undefined {
    return this.items.get(outputIndex)
  }

  indexOfId(id: string): number | undefined {
    for (const [index, item] of this.items) if (item.id === id) return index
    return undefined
  }

  /** An output index no item uses yet, for final items whose wire index collides with another item. */
  freeIndex(): number {
    return Math.max(-1, ...this.items.keys()) + 1
  }

  added(outputIndex: number, raw: Obj): ItemState {
    const existing = this.items.get(outputIndex)
    if (existing) return existing
    this.sawItems = true
    const item: ItemState = {
      id: asStr(raw['id']) ?? '',
      type: asStr(raw['type']) ?? '',
      callId: asStr(raw['call_id']) ?? '',
      name: asStr(raw['name']) ?? '',
      namespace: asStr(raw['namespace']),
      done: false,
      pending: [],
      openKey: undefined,
      openKind: 'text',
      closed: new Set(),
      streamed: new Map(),
      reasoningParts: 0,
      annotations: new Map(),
      hold: false,
      sources: [],
      failed: false,
    }
    this.items.set(outputIndex, item)
    this.queue.push(item)
    if (
      (item.type === 'function_call' || item.type === 'custom_tool_call') &&
      item.callId &&
      item.name
    )
      this.openTool(item)
    return item
  }

  // ---- block operations on one item -------------------------------------------------------------

  private emit(item: ItemState, op: Op): void {
    if (this.queue[0] === item) this.run(op)
    else item.pending.push(op)
  }

  private run(op: Op): void {
    switch (op.op) {
      case 'open':
        this.current = this.nextIndex++
        if (op.block.kind === 'tool_call') this.sawToolCall = true
        this.push({ type: 'block_start', index: this.current, block: op.block })
        return
      case 'delta':
        this.push(this.deltaEvent(op.kind, op.text))
        return
      case 'citation':
        this.push({ type: 'citation', index: this.current, citation: op.citation })
        return
      case 'close':
        this.push(
          op.opaque
            ? { type: 'block_stop', index: this.current, opaque: op.opaque }
            : { type: 'block_stop', index: this.current },
        )
        return
    }
  }

  private deltaEvent(kind: DeltaKind, text: string): CanonicalEvent {
    switch (kind) {
      case 'text':
        return { type: 'text_delta', index: this.current, text }
      case 'reasoning':
        return { type: 'reasoning_delta', index: this.current, text }
      case 'args':
        return { type: 'tool_args_delta', index: this.current, delta: text }
    }
  }

  open(item: ItemState, key: string, block: BlockStart): void {
    if (item.openKey === key || item.closed.has(key)) return
    this.close(item)
    item.openKey = key
    item.openKind =
      block.kind === 'reasoning'
        ? 'reasoning'
        : block.kind === 'tool_call' || block.kind === 'web_search_call'
          ? 'args'
          : 'text'
    if (!item.streamed.has(key)) item.streamed.set(key, '')
    this.emit(item, { op: 'open', block })
  }

  close(item: ItemState, opaque?: Opaque): void {
    if (item.openKey === undefined) return
    for (const citation of this.citationsOf(item, item.openKey))
      this.emit(item, { op: 'citation', citation })
    item.closed.add(item.openKey)
    item.openKey = undefined
    this.emit(item, opaque ? { op: 'close', opaque } : { op: 'close' })
  }

  append(item: ItemState, key: string, text: string, partKey?: string): void {
    if (text === '' || item.openKey !== key) return
    item.streamed.set(key, (item.streamed.get(key) ?? '') + text)
    if (partKey !== undefined) item.streamed.set(partKey, (item.streamed.get(partKey) ?? '') + text)
    // The head item's delta goes out at once, without an op to hold it.
    if (this.queue[0] === item) this.push(this.deltaEvent(item.openKind, text))
    else item.pending.push({ op: 'delta', kind: item.openKind, text })
  }

  /** Emits whatever part of `final` the deltas did not carry (upstreams that send only `.done`). */
  catchUp(item: ItemState, key: string, final: string, partKey?: string): void {
    const sent = item.streamed.get(partKey ?? key) ?? ''
    if (final.length > sent.length && final.startsWith(sent))
      this.append(item, key, final.slice(sent.length), partKey)
    else if (key === 't' && final !== '' && !final.startsWith(sent))
      this.conflict ??= `the streamed arguments of tool call ${item.name || item.callId || item.id} do not match its final arguments`
  }

  /** Opens the call's block once; the namespace the item names travels with it (Codex finds tools by it). */
  openTool(item: ItemState): void {
    const toolKind = item.type === 'custom_tool_call' ? 'custom' : 'function'
    const namespace = item.namespace
    this.open(item, 't', {
      kind: 'tool_call',
      callId: item.callId || item.id,
      name: item.name,
      toolKind,
      ...(namespace ? { namespace } : {}),
    })
  }

  /** Starts summary or raw part `n`: one canonical block per reasoning item, parts joined by a blank line. */
  reasoningPart(item: ItemState, channel: 'summary' | 'raw', n: number, initial = ''): void {
    if (item.closed.has('r')) return
    if (item.openKey !== 'r') this.open(item, 'r', { kind: 'reasoning', channel })
    else if (item.reasoningParts > 0) this.append(item, 'r', '\n\n')
    item.reasoningParts++
    this.append(item, 'r', initial, `p${n}`)
  }

  // ---- citations and searches ------------------------------------------------------------------

  /** Records `response.output_text.annotation.added`. */
  annotate(item: ItemState, key: string, index: number, annotation: unknown): void {
    const list = item.annotations.get(key) ?? []
    list[index] = annotation
    item.annotations.set(key, list)
  }

  /** A part's final annotations (content_part.done, output_item.done) replace the streamed ones. */
  setAnnotations(item: ItemState, key: string, annotations: unknown): void {
    if (Array.isArray(annotations) && annotations.length > 0) item.annotations.set(key, annotations)
  }

  private citationsOf(item: ItemState, key: string): Citation[] {
    const list = item.annotations.get(key)
    return list
      ? citationsFromAnnotations(
          list.filter((a) => a !== undefined),
          item.streamed.get(key) ?? '',
        )
      : []
  }

  /** The search call block; its result block waits for the next item (see `release`). */
  private searchDone(item: ItemState, raw: Obj): void {
    this.webSearches++
    this.open(item, 's', { kind: 'web_search_call', callId: item.id || item.callId })
    this.append(item, 's', webSearchInput(searchQueryOf(raw)))
    this.close(item)
    item.sources = searchSourcesOf(raw)
    item.failed = raw['status'] === 'failed'
    item.hold = true
  }

  /** Emits the result of every held search: its sources, or the citations of `answer` for the first without. */
  private release(answer: ItemState | undefined): void {
    let citations = answer
      ? [...answer.annotations.keys()].flatMap((k) => this.citationsOf(answer, k))
      : []
    for (const item of this.queue) {
      if (item === answer || !item.hold) continue
      const outcome = searchOutcome(item.sources, citations, item.failed)
      if (item.sources.length === 0 && !item.failed) citations = []
      this.emit(item, {
        op: 'open',
        block: { kind: 'web_search_result', callId: item.id || item.callId, outcome },
      })
      this.emit(item, { op: 'close' })
      item.hold = false
    }
  }

  // ---- item completion ---------------------------------------------------------------------------

  /** Applies the final item from `output_item.done` (or the terminal response) and retires it. */
  done(outputIndex: number, raw: Obj): void {
    const item = this.items.get(outputIndex) ?? this.added(outputIndex, raw)
    if (item.done) return
    if (!item.callId) item.callId = asStr(raw['call_id']) ?? ''
    if (!item.name) item.name = asStr(raw['name']) ?? ''
    item.namespace ??= asStr(raw['namespace'])
    switch (item.type) {
      case 'message':
        asArr(raw['content'])?.forEach((value, j) => {
          const part = asObj(value)
          const key = `c${j}`
          if (!part || item.closed.has(key)) return
          if (part['type'] === 'output_text') {
            this.open(item, key, { kind: 'text' })
            this.catchUp(item, key, asStr(part['text']) ?? '')
            this.setAnnotations(item, key, part['annotations'])
          } else if (part['type'] === 'refusal') {
            this.open(item, key, { kind: 'refusal' })
            this.catchUp(item, key, asStr(part['refusal']) ?? '')
          } else return
          this.close(item)
        })
        this.close(item)
        break
      case 'function_call':
      case 'custom_tool_call':
        if (!item.closed.has('t')) {
          this.openTool(item)
          this.catchUp(
            item,
            't',
            asStr(raw[item.type === 'custom_tool_call' ? 'input' : 'arguments']) ?? '',
          )
        }
        this.close(item)
        break
      case 'reasoning': {
        const part = reasoningFromItem(raw)
        if (item.openKey !== 'r' && !item.closed.has('r') && (part.text !== '' || part.opaque)) {
          this.open(item, 'r', { kind: 'reasoning', channel: part.channel })
        }
        if (item.openKey === 'r') {
          this.catchUp(item, 'r', part.text)
          this.close(item, part.opaque)
        }
        break
      }
      case 'compaction': {
        const part = compactionFromItem(raw)
        if (part.opaque.value === '') break
        this.open(item, 'k', { kind: 'compaction' })
        this.close(item, part.opaque)
        break
      }
      case 'web_search_call':
        this.searchDone(item, raw)
        break
      case 'tool_search_call':
      case 'tool_search_output':
        // Carried whole, as the final item says it (the stream has no deltas for it).
        this.open(item, 'x', { kind: 'tool_search', item: toJsonObject(raw) })
        this.close(item)
        break
      default:
        this.close(item)
    }
    item.done = true
    // Reasoning or a tool search between a search and its answer does not settle the search: the answer's
    // citations will.
    if (
      item.type !== 'web_search_call' &&
      item.type !== 'reasoning' &&
      !isToolSearchItem(item.type)
    )
      this.release(item)
    this.advance()
  }

  /** Closes items the terminal response did not mention, so no block stays open. */
  closeAll(): void {
    this.release(undefined)
    for (const item of this.queue) {
      this.close(item)
      item.done = true
    }
    this.advance()
  }

  private advance(): void {
    while (this.queue[0]?.done && !this.queue[0].hold) {
      this.queue.shift()
      this.flushHead()
    }
  }

  private flushHead(): void {
    const head = this.queue[0]
    if (!head) return
    const ops = head.pending
    head.pending = []
    for (const op of ops) this.run(op)
  }
}
