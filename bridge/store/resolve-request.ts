// previous_response_id and item_reference → the full input from the store, so every upstream (the ChatGPT
// backend too, which stores nothing) gets a stateless request; and the context a new stored response records.
import { invalidRequest } from '../protocol/canonical/errors.js'
import type { JsonObject, JsonValue } from '../protocol/canonical/json.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import type { NewItem, ResponseStore } from './response-store.js'
import { itemNotFound, previousResponseNotFound } from './store-errors.js'

export interface ResolvedRequest {
  /** The body to send on; the client's own object when it referred to nothing stored. */
  body: JsonObject
  /** Everything the model sees as input, for the record: stored items reused, new ones with their ids. */
  context: NewItem[]
  previousResponseId?: string
  /** item_reference entries replaced by stored items. */
  references: number
}

export interface ResolveOptions {
  store: ResponseStore
  owner: string
  newId(prefix: string): string
}

function idPrefix(type: JsonValue | undefined): string {
  switch (type) {
    case 'message':
      return 'msg_'
    case 'reasoning':
      return 'rs_'
    case 'function_call':
      return 'fc_'
    case 'custom_tool_call':
      return 'ctc_'
    default:
      return 'item_'
  }
}

/** OpenAI's item_reference may leave out `type`: an object with only an id is one too. */
function referenceId(item: JsonObject, at: string): string | undefined {
  const isReference =
    item['type'] === 'item_reference' ||
    (item['type'] === undefined && item['role'] === undefined && item['id'] !== undefined)
  if (!isReference) return undefined
  const id = item['id']
  if (typeof id !== 'string' || id === '')
    throw invalidRequest(`${at}.id must be the id of a stored item.`, `${at}.id`)
  return id
}

/** The item as input_items lists it: typed, with content as parts. */
export function normalizeItem(item: JsonObject): JsonObject {
  if (item['type'] !== undefined && item['type'] !== 'message') return item
  const { type: _type, role, content, ...rest } = item
  const parts: JsonValue =
    typeof content === 'string'
      ? [{ type: role === 'assistant' ? 'output_text' : 'input_text', text: content }]
      : (content ?? [])
  return { type: 'message', role: role ?? 'user', content: parts, ...rest }
}

export function resolveRequest(body: JsonObject, opts: ResolveOptions): ResolvedRequest {
  const { store, owner } = opts
  const context: NewItem[] = []
  const upstream: JsonValue[] = []
  let rewrite = false
  let references = 0

  const previous = body['previous_response_id']
  let previousResponseId: string | undefined
  if (previous !== undefined && previous !== null) {
    if (typeof previous !== 'string' || previous === '')
      throw invalidRequest('previous_response_id must be a response id.', 'previous_response_id')
    const stored = store.getResponse(previous, owner)
    if (!stored) throw previousResponseNotFound(previous)
    previousResponseId = previous
    rewrite = true
    for (const item of [...stored.input, ...stored.output]) {
      context.push({ stored: item })
      upstream.push(structuredClone(item.item))
    }
  }

  const input = body['input']
  const items: JsonValue[] =
    typeof input === 'string'
      ? [{ type: 'message', role: 'user', content: input }]
      : Array.isArray(input)
        ? input
        : []
  items.forEach((value, i) => {
    if (!isJsonObject(value)) {
      upstream.push(value)
      return
    }
    const at = `input[${i}]`
    const ref = referenceId(value, at)
    if (ref !== undefined) {
      const stored = store.getItem(ref, owner)
      if (!stored) throw itemNotFound(ref)
      context.push({ stored })
      upstream.push(structuredClone(stored.item))
      references++
      rewrite = true
      return
    }
    upstream.push(value)
    const normalized = normalizeItem(value)
    const wanted = typeof value['id'] === 'string' && value['id'] !== '' ? value['id'] : undefined
    const slot = store.itemIdFor(wanted, owner, () => opts.newId(idPrefix(normalized['type'])))
    context.push(slot.existing ? { stored: slot.existing } : { id: slot.id, item: normalized })
  })

  if (!rewrite) return { body, context, references }
  const { previous_response_id: _previous, ...rest } = body
  return {
    body: { ...rest, input: upstream },
    context,
    references,
    ...(previousResponseId !== undefined ? { previousResponseId } : {}),
  }
}
