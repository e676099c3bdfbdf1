// What one logged frame is (its event type; whether it calls a tool), read cheaply from its text without parsing the JSON.

/** A key naming a frame, as keyAt looks for it: its first letter, and the rest up to its value's opening quote. */
interface Key {
  first: number
  rest: string
  length: number
}
const key = (bare: string): Key => ({
  first: bare.charCodeAt(0),
  rest: bare.slice(1),
  length: bare.length,
})
const TYPE_KEY = key('type":"')
const OBJECT_KEY = key('object":"')
/** The top-level "type" sits at the start of every Anthropic and Responses event. */
const LOOK = 160
/** Distinct event names kept once each; a hostile upstream inventing names only stops the sharing. */
const MAX_NAMES = 512
const names = new Map<string, string>()
let lastName = ''

/**
 * One string per event name for every frame the log keeps: a hundred-event stream then retains no strings
 * of its own, and a name is never a slice that would keep a whole socket chunk alive in the log.
 */
export function eventName(name: string): string {
  // Frames come in runs of one name: a comparison instead of hashing the name for the map.
  if (name === lastName) return lastName
  const known = names.get(name)
  if (known !== undefined) return (lastName = known)
  const copy = (' ' + name).slice(1)
  if (names.size < MAX_NAMES) names.set(copy, copy)
  return (lastName = copy)
}

const QUOTE = 34

/**
 * Where a quote and the key first occur, like data.indexOf('"type":"'), searched from the key's second letter: V8 looks for
 * a pattern's first character and checks the rest there, and a JSON frame has a `"` every few characters and a
 * `t` or an `o` in most words, while the `y` of `type` and the `b` of `object` are rare (a Chat chunk's 290
 * characters are searched in a seventh of the time). Stops past LOOK, where the caller would not take it anyway.
 */
function keyAt(data: string, bare: Key): number {
  const { first, rest } = bare
  // `rest` at `at + 1`, after the key's first letter at `at` and a quote before that.
  let at = data.indexOf(rest, 2) - 1
  while (
    at > 0 &&
    at <= LOOK + 1 &&
    (data.charCodeAt(at) !== first || data.charCodeAt(at - 1) !== QUOTE)
  )
    at = data.indexOf(rest, at + 2) - 1
  return at > 0 && at <= LOOK + 1 ? at - 1 : -1
}

function valueAfter(data: string, bare: Key): string | undefined {
  const at = keyAt(data, bare)
  if (at < 0) return undefined
  const start = at + 1 + bare.length
  const end = data.indexOf('"', start)
  return end > start && end - start < 80 ? eventName(data.slice(start, end)) : undefined
}

export function frameEvent(data: string): string | undefined {
  if (data.startsWith('event:')) {
    const end = data.indexOf('\n')
    const name = data.slice(6, end < 0 ? undefined : end).trim()
    return name === '' ? undefined : eventName(name)
  }
  if (data === '[DONE]' || data.startsWith('data: [DONE]')) return '[DONE]'
  return valueAfter(data, TYPE_KEY) ?? valueAfter(data, OBJECT_KEY)
}

/**
 * A tool call in any dialect: Anthropic tool_use blocks, Responses function_call items, Chat tool_calls. Each
 * search starts with the rare `_`; the quoted key is looked for only where that finds something.
 */
export function callsTool(data: string): boolean {
  return (
    (data.includes('_call') &&
      (data.includes('"tool_calls"') || data.includes('"function_call'))) ||
    (data.includes('_use"') && data.includes('"tool_use"'))
  )
}
