// Closing the open item of a Responses stream: its `.done` frames and final item, the item's text escaped once
// for all of them and for the final envelope's output (they repeat the whole text several times).
import type { Opaque } from '../canonical/opaque.js'
import { webSearchQuery } from '../canonical/web-search.js'
import {
  compactionItem,
  encryptedSlot,
  finalArguments,
  toolCallItem,
  toolSearchItem,
} from './output-items.js'
import type { ItemStreamState, OpenItem } from './stream-items.js'
import { itemDelta, itemDone, send, sendText } from './stream-items.js'
import { annotationFor, webSearchItem } from './web-search.js'

export function closeItem(state: ItemStreamState, opaque?: Opaque): void {
  const item = state.open
  if (!item) return
  switch (item.block.kind) {
    case 'web_search_call':
      openSearch(state, item as OpenItem & { block: { kind: 'web_search_call' } })
      break
    case 'web_search_result':
      break
    case 'text':
    case 'refusal':
      closeMessage(state, item)
      break
    case 'reasoning':
    case 'redacted_reasoning':
      closeReasoning(state, item, opaque)
      break
    case 'tool_call':
      closeToolCall(state, item as OpenItem & { block: { kind: 'tool_call' } })
      break
    case 'compaction':
      // Announced on close, when its content is known: the item has no partial form.
      addedAndDone(state, item, JSON.stringify(compactionItem(item.id, opaque)))
      break
    case 'tool_search':
      // The upstream's item as it came (its own id included): it is announced already final.
      addedAndDone(state, item, JSON.stringify(toolSearchItem(item.block.item, () => item.id)))
      break
  }
  state.open = undefined
}

function addedAndDone(state: ItemStreamState, item: OpenItem, done: string): void {
  sendText(
    state,
    'response.output_item.added',
    `,"output_index":${item.outputIndex},"item":${done}`,
  )
  itemDone(state, item.outputIndex, done)
}

/** A search call's item is announced once its query is known; its result block completes it. */
function openSearch(
  state: ItemStreamState,
  item: OpenItem & { block: { kind: 'web_search_call' } },
): void {
  const query = webSearchQuery(item.text)
  state.search = { id: item.id, callId: item.block.callId, outputIndex: item.outputIndex, query }
  send(state, 'response.output_item.added', {
    output_index: item.outputIndex,
    item: webSearchItem(item.id, query, undefined, 'in_progress'),
  })
  const scope = { item_id: item.id, output_index: item.outputIndex }
  send(state, 'response.web_search_call.in_progress', scope)
  send(state, 'response.web_search_call.searching', scope)
}

/**
 * A message item with one text or refusal part: the same bytes as `messageItem` with `outputTextPart` or
 * `refusalPart` (output-items.ts) stringified, with the text escaped once.
 */
function closeMessage(state: ItemStreamState, item: OpenItem): void {
  const text = JSON.stringify(item.text)
  const at = `${item.scopeText},"content_index":0`
  let part: string
  if (item.block.kind === 'text') {
    const annotations = item.citations.map((c) => annotationFor(c, item.text.length))
    annotations.forEach((annotation, i) =>
      send(state, 'response.output_text.annotation.added', {
        item_id: item.id,
        output_index: item.outputIndex,
        content_index: 0,
        annotation_index: i,
        annotation,
      }),
    )
    part = `{"type":"output_text","text":${text},"annotations":${JSON.stringify(annotations)},"logprobs":[]}`
    sendText(state, 'response.output_text.done', `${at},"text":${text},"logprobs":[]`)
  } else {
    part = `{"type":"refusal","refusal":${text}}`
    sendText(state, 'response.refusal.done', `${at},"refusal":${text}`)
  }
  sendText(state, 'response.content_part.done', `${at},"part":${part}`)
  itemDone(
    state,
    item.outputIndex,
    `{"id":${JSON.stringify(item.id)},"type":"message","role":"assistant","status":"completed","content":[${part}]}`,
  )
}

/** The same bytes as `reasoningItem` (output-items.ts) stringified, with the summary text escaped once. */
function closeReasoning(state: ItemStreamState, item: OpenItem, opaque: Opaque | undefined): void {
  const text = JSON.stringify(item.text)
  const summary = `{"type":"summary_text","text":${text}}`
  if (item.partOpen) {
    const at = `${item.scopeText},"summary_index":0`
    sendText(state, 'response.reasoning_summary_text.done', `${at},"text":${text}`)
    sendText(state, 'response.reasoning_summary_part.done', `${at},"part":${summary}`)
  }
  const sealed = opaque
    ? `,"encrypted_content":${JSON.stringify(encryptedSlot(opaque, item.id))}`
    : ''
  itemDone(
    state,
    item.outputIndex,
    `{"id":${JSON.stringify(item.id)},"type":"reasoning","summary":[${item.text === '' ? '' : summary}]${sealed}}`,
  )
}

function closeToolCall(
  state: ItemStreamState,
  item: OpenItem & { block: { kind: 'tool_call' } },
): void {
  const block = item.block
  const args = finalArguments({ arguments: item.text, toolKind: block.toolKind })
  if (args !== item.text) itemDelta(state, args.slice(item.text.length))
  const text = JSON.stringify(args)
  if (block.toolKind === 'custom')
    sendText(state, 'response.custom_tool_call_input.done', `${item.scopeText},"input":${text}`)
  else
    sendText(
      state,
      'response.function_call_arguments.done',
      `${item.scopeText},"arguments":${text},"name":${JSON.stringify(block.name)}`,
    )
  const done = toolCallItem(
    item.id,
    { ...block, arguments: args },
    'completed',
    block.namespace ?? state.namespaceOf(block.name),
  )
  itemDone(state, item.outputIndex, JSON.stringify(done))
}
