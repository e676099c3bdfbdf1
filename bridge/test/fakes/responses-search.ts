// The hosted web search as the Responses API and the ChatGPT backend stream it (wire-protocols §2.2, §2.5;
// openai-node 7.57 ResponseFunctionWebSearch, ResponseOutputTextAnnotationAddedEvent): a `web_search_call`
// item, then the answer whose text carries one `url_citation` per cited delta.
import type { Frame } from './fault-driver.js'
import type { Obj } from './json-guards.js'
import type { ScriptedSearch } from './scripted-reply.js'

export interface SearchIds {
  searchId: string
  messageId: string
  /** `action.sources` are sent only when the request includes `web_search_call.action.sources`. */
  sources: boolean
}

type Emit = (type: string, data: Obj, flags?: Omit<Frame, 'text'>) => void

function annotations(search: ScriptedSearch): Obj[] {
  let at = 0
  return search.deltas.map((delta, i) => {
    const hit = search.hits[i] ?? search.hits[0]
    const start = at
    at += delta.length
    return {
      type: 'url_citation',
      start_index: start,
      end_index: at,
      url: hit?.url ?? '',
      title: hit?.title ?? '',
    }
  })
}

export function searchItem(search: ScriptedSearch, ids: SearchIds, done: boolean): Obj {
  if (!done)
    return {
      id: ids.searchId,
      type: 'web_search_call',
      status: 'in_progress',
      action: { type: 'search' },
    }
  const action: Obj = { type: 'search', query: search.query, queries: [search.query] }
  if (ids.sources) action.sources = search.hits.map((h) => ({ type: 'url', url: h.url }))
  return { id: ids.searchId, type: 'web_search_call', status: 'completed', action }
}

export function searchAnswerItem(search: ScriptedSearch, ids: SearchIds, done: boolean): Obj {
  const content = done
    ? [{ type: 'output_text', annotations: annotations(search), logprobs: [], text: search.text }]
    : []
  return {
    id: ids.messageId,
    type: 'message',
    status: done ? 'completed' : 'in_progress',
    content,
    role: 'assistant',
  }
}

/** Streams both items from `outputIndex`; `at` builds the item scope (the backend may omit output_index). */
export function emitSearch(
  emit: Emit,
  search: ScriptedSearch,
  ids: SearchIds,
  outputIndex: number,
  at: (itemId: string, index: number) => Obj = (itemId, index) => ({
    item_id: itemId,
    output_index: index,
  }),
): Obj[] {
  const call = at(ids.searchId, outputIndex)
  emit('response.output_item.added', {
    output_index: outputIndex,
    item: searchItem(search, ids, false),
  })
  emit('response.web_search_call.in_progress', call)
  emit('response.web_search_call.searching', call)
  emit('response.web_search_call.completed', call)
  const searchDone = searchItem(search, ids, true)
  emit('response.output_item.done', { output_index: outputIndex, item: searchDone })
  const index = outputIndex + 1
  const where = { ...at(ids.messageId, index), content_index: 0 }
  emit('response.output_item.added', {
    output_index: index,
    item: searchAnswerItem(search, ids, false),
  })
  emit('response.content_part.added', {
    ...where,
    part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
  })
  const notes = annotations(search)
  search.deltas.forEach((delta, i) => {
    emit('response.output_text.delta', { ...where, delta, logprobs: [] }, { delta: true })
    emit('response.output_text.annotation.added', {
      ...where,
      annotation_index: i,
      annotation: notes[i] ?? {},
    })
  })
  emit('response.output_text.done', { ...where, text: search.text, logprobs: [] })
  emit('response.content_part.done', {
    ...where,
    part: { type: 'output_text', annotations: notes, logprobs: [], text: search.text },
  })
  const answer = searchAnswerItem(search, ids, true)
  emit('response.output_item.done', { output_index: index, item: answer })
  return [searchDone, answer]
}
