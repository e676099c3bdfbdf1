// Input items and tools as the ChatGPT backend takes them: no server ids, developer not system (codex-backend.md §2.3).
import type { Downgrade } from '../../protocol/codec.js'
import type { JsonObject, JsonValue } from '../../protocol/canonical/json.js'
import { isJsonObject } from '../../protocol/canonical/json.js'
import { limitId } from '../../protocol/canonical/ids.js'

type Note = (n: Downgrade) => void

const CALL_TYPES = new Set([
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
])

function shapeItem(raw: JsonObject, note: Note): JsonObject | undefined {
  // Codex mints this item's id itself (at_…) and sends it so to the backend: the item goes as sent.
  if (raw['type'] === 'additional_tools') return raw
  // Ids of earlier output items are unknown to a store:false backend (404 "Item with id … not found").
  const { id: _id, ...item } = raw
  const type = item['type'] ?? 'message'
  if (type === 'item_reference') {
    note({
      code: 'item_reference_dropped',
      message: 'item_reference needs stored items; the ChatGPT backend stores none. Dropped.',
    })
    return undefined
  }
  if (type === 'message' && item['role'] === 'system') {
    note({
      code: 'system_role_as_developer',
      message: 'The ChatGPT backend rejects role:"system" input; sent as developer.',
    })
    return { ...item, role: 'developer' }
  }
  if (type === 'reasoning') {
    const blob = item['encrypted_content']
    if (typeof blob !== 'string' || blob === '') {
      note({
        code: 'reasoning_item_dropped',
        message:
          'A reasoning item without encrypted_content cannot be replayed with store:false; dropped.',
      })
      return undefined
    }
    return item
  }
  if (typeof type === 'string' && CALL_TYPES.has(type)) {
    const callId = item['call_id']
    if (typeof callId === 'string' && callId.length > 64) item['call_id'] = limitId(callId, 64)
    const output = item['output']
    if (isJsonObject(output)) item['output'] = JSON.stringify(output)
  }
  return item
}

/** The input as a list ("Input must be a list"), items reshaped. */
export function shapeInput(value: JsonValue | undefined, note: Note): JsonObject[] {
  if (typeof value === 'string')
    return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: value }] }]
  if (!Array.isArray(value)) return []
  const items: JsonObject[] = []
  for (const raw of value) {
    if (!isJsonObject(raw)) continue
    const item = shapeItem(raw, note)
    if (item) items.push(item)
  }
  // A reasoning item must be followed by what it produced; a trailing one would be rejected.
  while (items.length > 0 && items[items.length - 1]?.['type'] === 'reasoning') items.pop()
  return items
}

function objectSchema(schema: JsonValue | undefined): JsonObject {
  if (!isJsonObject(schema)) return { type: 'object', properties: {} }
  const { $schema: _schema, ...rest } = schema
  if (rest['type'] === 'object' && !isJsonObject(rest['properties'])) rest['properties'] = {}
  return rest
}

function shapeTool(raw: JsonObject, note: Note): JsonObject {
  if (raw['type'] !== 'function') return raw
  const nested = raw['function']
  let tool: JsonObject = raw
  if (isJsonObject(nested)) {
    // Chat Completions nesting → "Missing required parameter: 'tools[0].name'".
    note({
      code: 'tool_flattened',
      message: 'A Chat Completions style tool was flattened to the Responses shape.',
    })
    const { function: _f, ...rest } = raw
    tool = { ...rest, ...nested }
  }
  const out: JsonObject = { ...tool, parameters: objectSchema(tool['parameters']) }
  if (typeof out['strict'] !== 'boolean') out['strict'] = false
  return out
}

export function shapeTools(value: JsonValue | undefined, note: Note): JsonObject[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((t) => (isJsonObject(t) ? [shapeTool(t, note)] : []))
}
