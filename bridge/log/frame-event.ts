// What one logged frame is (its event type; whether it calls a tool), read cheaply from its text without parsing the JSON.

const TYPE_KEY = '"type":"'
const OBJECT_KEY = '"object":"'
/** The top-level "type" sits at the start of every Anthropic and Responses event. */
const LOOK = 160

function valueAfter(data: string, key: string): string | undefined {
  const at = data.indexOf(key)
  if (at < 0 || at > LOOK) return undefined
  const start = at + key.length
  const end = data.indexOf('"', start)
  // Copied, not sliced: a slice of a frame cut from a socket chunk would keep the whole chunk alive in the log.
  return end > start && end - start < 80 ? (' ' + data.slice(start, end)).slice(1) : undefined
}

export function frameEvent(data: string): string | undefined {
  if (data.startsWith('event:')) {
    const end = data.indexOf('\n')
    return (' ' + data.slice(6, end < 0 ? undefined : end).trim()).slice(1) || undefined
  }
  if (data === '[DONE]' || data.startsWith('data: [DONE]')) return '[DONE]'
  return valueAfter(data, TYPE_KEY) ?? valueAfter(data, OBJECT_KEY)
}

/** A tool call in any dialect: Anthropic tool_use blocks, Responses function_call items, Chat tool_calls. */
export function callsTool(data: string): boolean {
  return (
    data.includes('"tool_use"') || data.includes('"function_call') || data.includes('"tool_calls"')
  )
}
