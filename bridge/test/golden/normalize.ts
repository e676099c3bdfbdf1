// Reduces an SDK-accumulated answer and our non-stream JSON to the fields both must agree on.
import type { Dialect } from '../../protocol/dialects.js'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {}
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k] = o[k]
  return out
}

export function normalizeFinal(dialect: Dialect, value: unknown): unknown {
  const v = obj(value)
  switch (dialect) {
    case 'anthropic-messages':
      return {
        content: arr(v['content']).map((b) => pick(obj(b), ['type', 'text', 'thinking', 'signature', 'data', 'id', 'name', 'input', 'tool_use_id', 'content', 'citations'])),
        stop_reason: v['stop_reason'],
        usage: pick(obj(v['usage']), ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'server_tool_use']),
      }
    case 'openai-responses':
      return {
        status: v['status'],
        incomplete: obj(v['incomplete_details'])['reason'],
        output: arr(v['output']).map((item) => {
          const i = obj(item)
          return {
            ...pick(i, ['type', 'id', 'call_id', 'name', 'arguments', 'input', 'encrypted_content', 'role', 'status', 'action']),
            content: arr(i['content']).map((c) => pick(obj(c), ['type', 'text', 'refusal', 'annotations'])),
            summary: arr(i['summary']).map((s) => pick(obj(s), ['type', 'text'])),
          }
        }),
        usage: pick(obj(v['usage']), ['input_tokens', 'output_tokens', 'total_tokens']),
      }
    case 'openai-chat': {
      const choice = obj(arr(v['choices'])[0])
      const message = obj(choice['message'])
      return {
        finish_reason: choice['finish_reason'],
        content: message['content'] || null,
        refusal: message['refusal'] ?? null,
        annotations: arr(message['annotations']),
        tool_calls: arr(message['tool_calls']).map((t) => {
          const c = obj(t)
          return { id: c['id'], type: c['type'], name: obj(c['function'])['name'], arguments: obj(c['function'])['arguments'] }
        }),
        usage: pick(obj(v['usage']), ['prompt_tokens', 'completion_tokens', 'total_tokens']),
      }
    }
  }
}
