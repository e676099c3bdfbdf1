// The Responses stream's output items: opening one per canonical block and its deltas, on the stream's shared
// state (frames, sequence numbers, the output list) so the encoder keeps only the envelope (closing: stream-close).
import type { BlockStart } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { Citation, WebSearchOutcome } from '../canonical/web-search.js'
import type { SseFrame } from '../sse/frame.js'
import { blockIdPrefix, outputTextPart, refusalPart, toolCallItem } from './output-items.js'
import { responsesSearchId, webSearchItem } from './web-search.js'

export interface OpenItem {
  block: BlockStart
  id: string
  outputIndex: number
  text: string
  /** Reasoning: whether summary part 0 has been announced (only once text arrives). */
  partOpen: boolean
  citations: Citation[]
  /** `,"item_id":…,"output_index":…` as JSON text, for the frames written as text. */
  scopeText: string
  /**
   * The item's delta frame, made once when the item opens: its event name, its text up to the sequence number,
   * from there to the delta and after the delta; no name for an item whose deltas send nothing.
   */
  deltaEvent: string | undefined
  deltaHead: string
  deltaMiddle: string
  deltaTail: string
}

/** A search call announced and waiting for its result block, which completes the item. */
interface PendingSearch {
  id: string
  callId: string
  outputIndex: number
  query: string
}

/** What one encoder's stream has written so far; the encoder takes `frames` after each event. */
export interface ItemStreamState {
  frames: SseFrame[]
  /** The next `sequence_number`. */
  seq: number
  /** The completed items' JSON texts, in order: the final envelope's `output`. */
  readonly output: string[]
  open: OpenItem | undefined
  search: PendingSearch | undefined
  readonly newId: (prefix: string) => string
  /**
   * The namespace of an offered tool (`toolNamespaces`), which a call item names when the upstream did not name
   * one itself.
   */
  readonly namespaceOf: (name: string) => string | undefined
}

export function itemStreamState(
  newId: (prefix: string) => string,
  namespaceOf: (name: string) => string | undefined = () => undefined,
): ItemStreamState {
  return { frames: [], seq: 0, output: [], open: undefined, search: undefined, newId, namespaceOf }
}

export function send(state: ItemStreamState, type: string, payload: JsonObject): void {
  state.frames.push({
    event: type,
    data: JSON.stringify({ type, sequence_number: state.seq++, ...payload }),
    oneLine: true,
  })
}

/**
 * A frame whose members after `type` and `sequence_number` are already JSON text (`rest`, from its leading
 * comma): the same bytes as `send` with those members, for frames that carry text escaped once for several.
 */
export function sendText(state: ItemStreamState, type: string, rest: string): void {
  state.frames.push({
    event: type,
    data: `{"type":"${type}","sequence_number":${state.seq++}${rest}}`,
    oneLine: true,
  })
}

const scope = (item: OpenItem): JsonObject => ({
  item_id: item.id,
  output_index: item.outputIndex,
})

/** The delta frame of a block: its type and the members between the scope and the delta, and after it. */
function deltaFrame(block: BlockStart): [type: string, middle: string, tail: string] | undefined {
  switch (block.kind) {
    case 'text':
      return ['response.output_text.delta', ',"content_index":0', ',"logprobs":[]']
    case 'refusal':
      return ['response.refusal.delta', ',"content_index":0', '']
    case 'reasoning':
      return ['response.reasoning_summary_text.delta', ',"summary_index":0', '']
    case 'tool_call':
      return [
        block.toolKind === 'custom'
          ? 'response.custom_tool_call_input.delta'
          : 'response.function_call_arguments.delta',
        '',
        '',
      ]
    case 'redacted_reasoning':
    case 'compaction':
    case 'web_search_call':
    case 'web_search_result':
    case 'tool_search':
      return undefined
  }
}

/** Completes the pending search item with what it found (nothing known when no result block followed). */
export function finishSearch(state: ItemStreamState, outcome: WebSearchOutcome | undefined): void {
  const s = state.search
  if (!s) return
  state.search = undefined
  const done = webSearchItem(s.id, s.query, outcome, 'done')
  if (done['status'] === 'completed')
    send(state, 'response.web_search_call.completed', {
      item_id: s.id,
      output_index: s.outputIndex,
    })
  itemDone(state, s.outputIndex, JSON.stringify(done))
}

/** An item's last frame; its text is also what the final envelope's `output` lists. */
export function itemDone(state: ItemStreamState, outputIndex: number, item: string): void {
  sendText(state, 'response.output_item.done', `,"output_index":${outputIndex},"item":${item}`)
  state.output.push(item)
}

const EMPTY_TEXT_PART = JSON.stringify(outputTextPart(''))
const EMPTY_REFUSAL_PART = JSON.stringify(refusalPart(''))

export function openItem(state: ItemStreamState, block: BlockStart): void {
  if (block.kind === 'web_search_result') {
    if (state.search?.callId === block.callId) finishSearch(state, block.outcome)
  } else finishSearch(state, undefined)
  const item: OpenItem = {
    block,
    // A result completes its call's item and has no id of its own (as in the non-stream answer).
    id:
      block.kind === 'web_search_result'
        ? ''
        : ((block.kind === 'web_search_call' ? responsesSearchId(block.callId) : undefined) ??
          (block.kind === 'tool_search' ? ownId(block.item) : undefined) ??
          state.newId(blockIdPrefix(block))),
    outputIndex: state.output.length,
    text: '',
    partOpen: false,
    citations: [],
    scopeText: '',
    deltaEvent: undefined,
    deltaHead: '',
    deltaMiddle: '',
    deltaTail: '',
  }
  item.scopeText = `,"item_id":${JSON.stringify(item.id)},"output_index":${item.outputIndex}`
  const delta = deltaFrame(block)
  if (delta) {
    const [type, middle, tail] = delta
    item.deltaEvent = type
    item.deltaHead = `{"type":"${type}","sequence_number":`
    item.deltaMiddle = `${item.scopeText}${middle},"delta":`
    item.deltaTail = `${tail}}`
  }
  state.open = item
  const at = { output_index: item.outputIndex }
  switch (block.kind) {
    case 'web_search_call':
    case 'web_search_result':
      // The call item is announced once its query is known (at block_stop); a result opens no item.
      return
    case 'text':
    case 'refusal':
      // As text: the same bytes as `messageItem(id, [], 'in_progress')` and the empty part, stringified.
      sendText(
        state,
        'response.output_item.added',
        `,"output_index":${item.outputIndex},"item":{"id":${JSON.stringify(item.id)},"type":"message","role":"assistant","status":"in_progress","content":[]}`,
      )
      sendText(
        state,
        'response.content_part.added',
        `${item.scopeText},"content_index":0,"part":${block.kind === 'text' ? EMPTY_TEXT_PART : EMPTY_REFUSAL_PART}`,
      )
      return
    case 'reasoning':
    case 'redacted_reasoning':
      send(state, 'response.output_item.added', {
        ...at,
        item: { id: item.id, type: 'reasoning', summary: [] },
      })
      return
    case 'tool_call':
      send(state, 'response.output_item.added', {
        ...at,
        item: toolCallItem(
          item.id,
          { ...block, arguments: '' },
          'in_progress',
          block.namespace ?? state.namespaceOf(block.name),
        ),
      })
      return
    case 'compaction':
    case 'tool_search':
      // Announced on close, when its content is known: the item has no partial form.
      return
  }
}

/** The upstream's own id of an item carried whole. */
function ownId(item: JsonObject): string | undefined {
  const id = item['id']
  return typeof id === 'string' && id !== '' ? id : undefined
}

export function itemDelta(state: ItemStreamState, text: string): void {
  const item = state.open
  if (!item || text === '') return
  const kind = item.block.kind
  if (
    kind === 'redacted_reasoning' ||
    kind === 'compaction' ||
    kind === 'web_search_result' ||
    kind === 'tool_search'
  )
    return
  if (kind === 'reasoning' && !item.partOpen) {
    item.partOpen = true
    send(state, 'response.reasoning_summary_part.added', {
      ...scope(item),
      summary_index: 0,
      part: { type: 'summary_text', text: '' },
    })
  }
  // The same bytes as `send` with the scope, the members between and the delta: only the number and the
  // delta's text are new per frame.
  if (item.deltaEvent !== undefined)
    state.frames.push({
      event: item.deltaEvent,
      data: item.deltaHead + state.seq++ + item.deltaMiddle + JSON.stringify(text) + item.deltaTail,
      oneLine: true,
    })
  item.text += text
}

/** Citations annotate the open text item when it closes. */
export function addCitation(state: ItemStreamState, citation: Citation): void {
  if (state.open?.block.kind === 'text') state.open.citations.push(citation)
}
