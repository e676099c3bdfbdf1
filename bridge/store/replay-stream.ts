// A stored response replayed as the Responses event stream (`GET /v1/responses/{id}?stream=true`): the
// lifecycle events, every output item added, filled in one delta per part and done, then the terminal event,
// numbered from 0 so that `starting_after` resumes where a client left off (wire-protocols §2.5).
import type { JsonObject, JsonValue } from '../protocol/canonical/json.js'
import { isJsonObject } from '../protocol/canonical/json.js'

type Event = JsonObject & { type: string }

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : []
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : ''
}

/** A message's content parts: each opened empty, filled in one delta, its annotations, then closed. */
function messageEvents(item: JsonObject, at: JsonObject): Event[] {
  const out: Event[] = []
  objects(item['content']).forEach((part, k) => {
    const ids = { ...at, content_index: k }
    if (part['type'] === 'refusal') {
      const refusal = text(part['refusal'])
      out.push({ type: 'response.content_part.added', ...ids, part: { ...part, refusal: '' } })
      out.push({ type: 'response.refusal.delta', ...ids, delta: refusal })
      out.push({ type: 'response.refusal.done', ...ids, refusal })
    } else if (part['type'] === 'output_text') {
      const body = text(part['text'])
      const logprobs = Array.isArray(part['logprobs']) ? part['logprobs'] : []
      out.push({
        type: 'response.content_part.added',
        ...ids,
        part: {
          ...part,
          text: '',
          annotations: [],
          ...('logprobs' in part ? { logprobs: [] } : {}),
        },
      })
      out.push({ type: 'response.output_text.delta', ...ids, delta: body, logprobs })
      objects(part['annotations']).forEach((annotation, j) =>
        out.push({
          type: 'response.output_text.annotation.added',
          ...ids,
          annotation_index: j,
          annotation,
        }),
      )
      out.push({ type: 'response.output_text.done', ...ids, text: body, logprobs })
    } else {
      out.push({ type: 'response.content_part.added', ...ids, part })
    }
    out.push({ type: 'response.content_part.done', ...ids, part })
  })
  return out
}

function reasoningEvents(item: JsonObject, at: JsonObject): Event[] {
  const out: Event[] = []
  objects(item['summary']).forEach((part, k) => {
    const ids = { ...at, summary_index: k }
    const body = text(part['text'])
    out.push({
      type: 'response.reasoning_summary_part.added',
      ...ids,
      part: { ...part, text: '' },
    })
    out.push({ type: 'response.reasoning_summary_text.delta', ...ids, delta: body })
    out.push({ type: 'response.reasoning_summary_text.done', ...ids, text: body })
    out.push({ type: 'response.reasoning_summary_part.done', ...ids, part })
  })
  return out
}

/** The item as `output_item.added` shows it: in progress, with nothing filled in yet. */
function added(item: JsonObject): JsonObject {
  switch (item['type']) {
    case 'message':
      return { ...item, status: 'in_progress', content: [] }
    case 'reasoning':
      return { ...item, summary: [] }
    case 'function_call':
      return { ...item, status: 'in_progress', arguments: '' }
    case 'custom_tool_call':
      return { ...item, status: 'in_progress', input: '' }
    case 'web_search_call':
      return { ...item, status: 'in_progress' }
    default:
      return item
  }
}

function itemEvents(item: JsonObject, outputIndex: number): Event[] {
  const id = text(item['id'])
  const at: JsonObject = { item_id: id, output_index: outputIndex }
  const middle: Event[] = []
  switch (text(item['type'])) {
    case 'message':
      middle.push(...messageEvents(item, at))
      break
    case 'reasoning':
      middle.push(...reasoningEvents(item, at))
      break
    case 'function_call': {
      const args = text(item['arguments'])
      middle.push({ type: 'response.function_call_arguments.delta', ...at, delta: args })
      middle.push({
        type: 'response.function_call_arguments.done',
        ...at,
        name: text(item['name']),
        arguments: args,
      })
      break
    }
    case 'custom_tool_call': {
      const input = text(item['input'])
      middle.push({ type: 'response.custom_tool_call_input.delta', ...at, delta: input })
      middle.push({ type: 'response.custom_tool_call_input.done', ...at, input })
      break
    }
    case 'web_search_call':
      for (const phase of ['in_progress', 'searching', 'completed'])
        middle.push({ type: `response.web_search_call.${phase}`, ...at })
      break
    default:
      // Items without events of their own (compaction, other hosted calls): added, then done.
      break
  }
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item: added(item) },
    ...middle,
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ]
}

/**
 * The stored response (`output` included) as numbered stream events; only those after `startingAfter`
 * when it is given, as OpenAI resumes a stream.
 */
export function replayEvents(response: JsonObject, startingAfter?: number): JsonObject[] {
  const output = objects(response['output'])
  const status = response['status'] === 'incomplete' ? 'incomplete' : 'completed'
  const opening: JsonObject = { ...response, status: 'in_progress', output: [], usage: null }
  if ('incomplete_details' in response) opening['incomplete_details'] = null
  const events: Event[] = [
    { type: 'response.created', response: opening },
    { type: 'response.in_progress', response: opening },
    ...output.flatMap((item, i) => itemEvents(item, i)),
    { type: `response.${status}`, response },
  ]
  const numbered = events.map(({ type, ...rest }, n) => ({ type, sequence_number: n, ...rest }))
  return startingAfter === undefined
    ? numbered
    : numbered.filter((e) => e.sequence_number > startingAfter)
}
