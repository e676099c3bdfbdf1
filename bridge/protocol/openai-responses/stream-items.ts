// The Responses stream's output items: opening one per canonical block, its deltas, and closing it, on the
// stream's shared state (frames, sequence numbers, the output list) so the encoder keeps only the envelope.
import type { BlockStart } from '../canonical/events.js'
import type { JsonObject } from '../canonical/json.js'
import type { Opaque } from '../canonical/opaque.js'
import type { Citation, WebSearchOutcome } from '../canonical/web-search.js'
import { webSearchQuery } from '../canonical/web-search.js'
import type { SseFrame } from '../sse/frame.js'
import {
  blockIdPrefix,
  compactionItem,
  finalArguments,
  messageItem,
  outputTextPart,
  reasoningItem,
  refusalPart,
  toolCallItem,
} from './output-items.js'
import { annotationFor, responsesSearchId, webSearchItem } from './web-search.js'

interface OpenItem {
  block: BlockStart
  id: string
  outputIndex: number
  text: string
  /** Reasoning: whether summary part 0 has been announced (only once text arrives). */
  partOpen: boolean
  citations: Citation[]
  /** `,"item_id":…,"output_index":…` as JSON text, for the deltas written as text. */
  scopeText: string
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
  /** The completed items, in order: the final envelope's `output`. */
  readonly output: JsonObject[]
  open: OpenItem | undefined
  search: PendingSearch | undefined
  readonly newId: (prefix: string) => string
  /** The `additional_tools` namespace of a called tool, which its call item names (see `toolNamespaces`). */
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
 * The frequent deltas written as text: the same bytes as `send(type, {...scope(item), ...fields, delta})`,
 * without building three objects per event. `middle` is the JSON text of the fields between the scope and
 * the delta, `tail` of those after it.
 */
function sendDelta(
  state: ItemStreamState,
  type: string,
  item: OpenItem,
  middle: string,
  text: string,
  tail = '',
): void {
  state.frames.push({
    event: type,
    data: `{"type":"${type}","sequence_number":${state.seq++}${item.scopeText}${middle},"delta":${JSON.stringify(text)}${tail}}`,
    oneLine: true,
  })
}

const scope = (item: OpenItem): JsonObject => ({
  item_id: item.id,
  output_index: item.outputIndex,
})

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
  send(state, 'response.output_item.done', { output_index: s.outputIndex, item: done })
  state.output.push(done)
}

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
          state.newId(blockIdPrefix(block))),
    outputIndex: state.output.length,
    text: '',
    partOpen: false,
    citations: [],
    scopeText: '',
  }
  item.scopeText = `,"item_id":${JSON.stringify(item.id)},"output_index":${item.outputIndex}`
  state.open = item
  const at = { output_index: item.outputIndex }
  switch (block.kind) {
    case 'web_search_call':
    case 'web_search_result':
      // The call item is announced once its query is known (at block_stop); a result opens no item.
      return
    case 'text':
    case 'refusal':
      send(state, 'response.output_item.added', {
        ...at,
        item: messageItem(item.id, [], 'in_progress'),
      })
      send(state, 'response.content_part.added', {
        ...scope(item),
        content_index: 0,
        part: block.kind === 'text' ? outputTextPart('') : refusalPart(''),
      })
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
          state.namespaceOf(block.name),
        ),
      })
      return
    case 'compaction':
      // Announced on close, when its content is known: the item has no partial form.
      return
  }
}

export function itemDelta(state: ItemStreamState, text: string): void {
  const item = state.open
  if (!item || text === '') return
  switch (item.block.kind) {
    case 'text':
      sendDelta(
        state,
        'response.output_text.delta',
        item,
        ',"content_index":0',
        text,
        ',"logprobs":[]',
      )
      break
    case 'refusal':
      send(state, 'response.refusal.delta', { ...scope(item), content_index: 0, delta: text })
      break
    case 'reasoning':
      if (!item.partOpen) {
        item.partOpen = true
        send(state, 'response.reasoning_summary_part.added', {
          ...scope(item),
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        })
      }
      sendDelta(state, 'response.reasoning_summary_text.delta', item, ',"summary_index":0', text)
      break
    case 'redacted_reasoning':
    case 'compaction':
    case 'web_search_result':
      return
    case 'web_search_call':
      break
    case 'tool_call':
      sendDelta(
        state,
        item.block.toolKind === 'custom'
          ? 'response.custom_tool_call_input.delta'
          : 'response.function_call_arguments.delta',
        item,
        '',
        text,
      )
      break
  }
  item.text += text
}

/** Citations annotate the open text item when it closes. */
export function addCitation(state: ItemStreamState, citation: Citation): void {
  if (state.open?.block.kind === 'text') state.open.citations.push(citation)
}

export function closeItem(state: ItemStreamState, opaque?: Opaque): void {
  const item = state.open
  if (!item) return
  let done: JsonObject
  switch (item.block.kind) {
    case 'web_search_call': {
      const query = webSearchQuery(item.text)
      state.search = {
        id: item.id,
        callId: item.block.callId,
        outputIndex: item.outputIndex,
        query,
      }
      send(state, 'response.output_item.added', {
        output_index: item.outputIndex,
        item: webSearchItem(item.id, query, undefined, 'in_progress'),
      })
      send(state, 'response.web_search_call.in_progress', scope(item))
      send(state, 'response.web_search_call.searching', scope(item))
      state.open = undefined
      return
    }
    case 'web_search_result':
      state.open = undefined
      return
    case 'text': {
      const annotations = item.citations.map((c) => annotationFor(c, item.text.length))
      annotations.forEach((annotation, i) =>
        send(state, 'response.output_text.annotation.added', {
          ...scope(item),
          content_index: 0,
          annotation_index: i,
          annotation,
        }),
      )
      const part = outputTextPart(item.text, annotations)
      send(state, 'response.output_text.done', {
        ...scope(item),
        content_index: 0,
        text: item.text,
        logprobs: [],
      })
      send(state, 'response.content_part.done', { ...scope(item), content_index: 0, part })
      done = messageItem(item.id, [part], 'completed')
      break
    }
    case 'refusal': {
      const part = refusalPart(item.text)
      send(state, 'response.refusal.done', {
        ...scope(item),
        content_index: 0,
        refusal: item.text,
      })
      send(state, 'response.content_part.done', { ...scope(item), content_index: 0, part })
      done = messageItem(item.id, [part], 'completed')
      break
    }
    case 'reasoning':
    case 'redacted_reasoning':
      if (item.partOpen) {
        const part = { type: 'summary_text', text: item.text }
        send(state, 'response.reasoning_summary_text.done', {
          ...scope(item),
          summary_index: 0,
          text: item.text,
        })
        send(state, 'response.reasoning_summary_part.done', {
          ...scope(item),
          summary_index: 0,
          part,
        })
      }
      done = reasoningItem(item.id, item.text, opaque)
      break
    case 'tool_call': {
      const block = item.block
      const args = finalArguments({ arguments: item.text, toolKind: block.toolKind })
      if (args !== item.text) itemDelta(state, args.slice(item.text.length))
      if (block.toolKind === 'custom')
        send(state, 'response.custom_tool_call_input.done', { ...scope(item), input: args })
      else
        send(state, 'response.function_call_arguments.done', {
          ...scope(item),
          arguments: args,
          name: block.name,
        })
      done = toolCallItem(
        item.id,
        { ...block, arguments: args },
        'completed',
        state.namespaceOf(block.name),
      )
      break
    }
    case 'compaction':
      done = compactionItem(item.id, opaque)
      send(state, 'response.output_item.added', { output_index: item.outputIndex, item: done })
      break
  }
  send(state, 'response.output_item.done', { output_index: item.outputIndex, item: done })
  state.output.push(done)
  state.open = undefined
}
