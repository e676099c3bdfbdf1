// Reasoning items carry `encrypted_content` that only the account which produced it can read; a conversation
// that moves to another account goes on without them rather than failing with invalid_encrypted_content.
import { isJsonObject, type JsonObject } from '../../protocol/canonical/json.js'

/** The body without its replayed reasoning items, and how many were dropped. */
export function withoutReasoning(body: JsonObject): { body: JsonObject; dropped: number } {
  const input = body['input']
  if (!Array.isArray(input)) return { body, dropped: 0 }
  const kept = input.filter((item) => !(isJsonObject(item) && item['type'] === 'reasoning'))
  const dropped = input.length - kept.length
  return dropped === 0 ? { body, dropped } : { body: { ...body, input: kept }, dropped }
}
