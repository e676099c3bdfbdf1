// GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items over the response store,
// behind the access key like every model endpoint; ids of another key read as unknown.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidRequest } from '../protocol/canonical/errors.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import {
  ownerOf,
  type ResponseStore,
  type StoredItem,
  type StoredResponse,
} from '../store/response-store.js'
import { replayEvents } from '../store/replay-stream.js'
import { responseNotFound } from '../store/store-errors.js'
import type { SseFrame } from '../protocol/sse/frame.js'
import { serializeFrames } from '../protocol/sse/serialize.js'
import { presentedKey } from './guard.js'

type IdRequest = FastifyRequest<{
  Params: { id: string }
  Querystring: Record<string, string | string[] | undefined>
}>

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.at(-1) : value
}

function listed(item: StoredItem): JsonObject {
  const { id: _id, ...rest } = item.item
  return { id: item.id, ...rest }
}

export function storedResponseBody(response: StoredResponse): JsonObject {
  return { ...response.envelope, output: response.output.map((i) => i.item) }
}

/** OpenAI's list page: newest first unless order=asc, `after` an item id, limit 1–100 (default 20). */
export function inputItemsPage(
  response: StoredResponse,
  query: Record<string, string | string[] | undefined>,
): JsonObject {
  const limitText = single(query['limit'])
  const limit = limitText === undefined ? 20 : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw invalidRequest('limit must be an integer from 1 to 100.', 'limit')
  const order = single(query['order']) ?? 'desc'
  if (order !== 'asc' && order !== 'desc')
    throw invalidRequest("order must be 'asc' or 'desc'.", 'order')
  const all = order === 'asc' ? response.input : [...response.input].reverse()
  const after = single(query['after'])
  let start = 0
  if (after !== undefined) {
    const at = all.findIndex((i) => i.id === after)
    if (at < 0)
      throw invalidRequest(
        `No input item with id '${after}' in response '${response.id}'.`,
        'after',
      )
    start = at + 1
  }
  const data = all.slice(start, start + limit).map(listed)
  const first = data[0]?.['id'] ?? null
  const last = data.at(-1)?.['id'] ?? null
  return {
    object: 'list',
    data,
    first_id: first,
    last_id: last,
    has_more: start + limit < all.length,
  }
}

/** `starting_after`: the sequence number after which the replay starts (OpenAI's resumption parameter). */
function startingAfter(query: Record<string, string | string[] | undefined>): number | undefined {
  const raw = single(query['starting_after'])
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0)
    throw invalidRequest(
      `Invalid 'starting_after': expected a non-negative integer, got '${raw}'.`,
      'starting_after',
    )
  return n
}

export function registerResponseRoutes(app: FastifyInstance, store: ResponseStore): void {
  const find = (req: IdRequest): StoredResponse => {
    const response = store.getResponse(req.params.id, ownerOf(presentedKey(req) ?? ''))
    if (!response) throw responseNotFound(req.params.id)
    return response
  }
  const config = { dialect: 'openai-responses' as const }
  for (const base of ['/v1/responses', '/responses']) {
    app.get(`${base}/:id`, { config }, async (req: IdRequest, reply) => {
      const response = find(req)
      if (single(req.query['stream']) !== 'true') return storedResponseBody(response)
      const after = startingAfter(req.query)
      const frames: SseFrame[] = replayEvents(storedResponseBody(response), after).map((e) => ({
        event: String(e['type']),
        data: JSON.stringify(e),
      }))
      // The same terminator our live Responses streams send (openai-python stops on it).
      frames.push({ data: '[DONE]' })
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(serializeFrames(frames))
    })
    app.delete(`${base}/:id`, { config }, async (req: IdRequest) => {
      const response = find(req)
      store.delete(response.id, response.owner)
      return { id: response.id, object: 'response', deleted: true }
    })
    app.get(`${base}/:id/input_items`, { config }, async (req: IdRequest) =>
      inputItemsPage(find(req), req.query),
    )
  }
}
