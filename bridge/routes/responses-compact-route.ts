// `POST /v1/responses/compact`: the compaction endpoint, answered as a Responses request whose input ends with
// `compaction_trigger`, so every route compacts the same way; the reply is reshaped into the compacted list
// (the user messages, then the one compaction item) that the SDK's CompactedResponse describes.
import type { FastifyInstance } from 'fastify'
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/canonical/json.js'
import { codecFor } from '../protocol/registry.js'
import { parseJson } from '../protocol/canonical/read-json.js'

function userMessages(input: JsonValue[]): JsonValue[] {
  return input.filter(
    (item) =>
      isJsonObject(item) && (item['type'] ?? 'message') === 'message' && item['role'] === 'user',
  )
}

export function registerResponsesCompactRoute(app: FastifyInstance): void {
  for (const path of ['/v1/responses/compact', '/responses/compact']) {
    app.post(path, { config: { dialect: 'openai-responses' } }, async (req, reply) => {
      const body = req.body
      if (!isJsonObject(body)) {
        const envelope = codecFor('openai-responses').encodeError({
          kind: 'invalid_request',
          message: 'The request body must be a JSON object.',
        })
        return reply.code(envelope.status).send(envelope.body)
      }
      const raw = body['input']
      const input: JsonValue[] =
        typeof raw === 'string'
          ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: raw }] }]
          : Array.isArray(raw)
            ? raw
            : []
      const { 'content-length': _length, ...headers } = req.headers
      const inner = await app.inject({
        method: 'POST',
        url: path.replace(/\/compact$/, ''),
        headers,
        payload: { ...body, input: [...input, { type: 'compaction_trigger' }], stream: false },
      })
      if (inner.statusCode !== 200) {
        return reply
          .code(inner.statusCode)
          .header('content-type', 'application/json')
          .send(inner.body)
      }
      const answer = parseJson(inner.body) as JsonObject
      const output = Array.isArray(answer['output']) ? answer['output'] : []
      const compacted: JsonObject = {
        id: answer['id'] ?? null,
        object: 'response.compaction',
        created_at: answer['created_at'] ?? Math.floor(Date.now() / 1000),
        output: [
          ...userMessages(input),
          ...output.filter((o) => isJsonObject(o) && o['type'] === 'compaction'),
        ],
        usage: answer['usage'] ?? null,
      }
      return reply.code(200).send(compacted)
    })
  }
}
