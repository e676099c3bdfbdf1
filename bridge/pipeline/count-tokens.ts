// count_tokens: a real estimate from the o200k tokenizer over everything the model would read — system,
// messages and tool definitions (a count without tools was off by 15x in another proxy, CPA#679).
import type { CanonicalRequest, ContentPart } from '../protocol/canonical/request.js'

/** Per-message framing overhead, as in OpenAI's chat token accounting. */
const PER_MESSAGE = 3
/** A typical vision tile cost; images cannot be tokenized as text. */
const PER_IMAGE = 765

function partText(part: ContentPart): { text: string; extra: number } {
  switch (part.type) {
    case 'text':
    case 'refusal':
      return { text: part.text, extra: 0 }
    case 'image':
      return { text: '', extra: PER_IMAGE }
    case 'file':
      return {
        text: part.text ?? part.filename ?? '',
        extra: part.data ? Math.ceil(part.data.length / 4) : 0,
      }
    case 'tool_call':
      return { text: `${part.name} ${part.arguments}`, extra: 0 }
    case 'tool_result':
      return part.content.reduce(
        (acc, c) => {
          const t = partText(c)
          return { text: `${acc.text}\n${t.text}`, extra: acc.extra + t.extra }
        },
        { text: '', extra: 0 },
      )
    case 'reasoning':
      return { text: part.text, extra: 0 }
    case 'compaction':
      // Opaque to us; its size is the best guess of what it stands for.
      return { text: '', extra: Math.ceil(part.opaque.value.length / 4) }
    case 'web_search_call':
      return { text: part.arguments, extra: 0 }
    case 'tool_search':
      // The query of a call, the definitions an output loaded: both are read by the model as JSON.
      return { text: JSON.stringify(part.item), extra: 0 }
    case 'web_search_result':
      return {
        text:
          'results' in part.outcome
            ? part.outcome.results.map((r) => `${r.title ?? ''} ${r.url}`).join('\n')
            : '',
        extra: 0,
      }
  }
}

// The o200k table costs ~70 MB of memory, so it is loaded on the first count, not at start-up.
let tokenizer: Promise<(text: string) => number> | undefined
function countTokens(): Promise<(text: string) => number> {
  tokenizer ??= import('gpt-tokenizer').then((m) => m.countTokens)
  return tokenizer
}

/** Text tokenized per turn of the event loop: a few milliseconds of work, so other requests are not held up. */
const SLICE_CHARS = 64 * 1024

/**
 * Counts a long text slice by slice, yielding to the event loop between slices (a 40 MB request held every
 * other request for seconds when counted in one go). Slices end before a space, where o200k starts a token
 * anyway, so the sum equals the whole count but for a token or two at odd boundaries.
 */
async function countSliced(count: (text: string) => number, text: string): Promise<number> {
  let total = 0
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + SLICE_CHARS)
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end)
      if (space > start + SLICE_CHARS / 2) end = space
    }
    total += count(text.slice(start, end))
    start = end
    if (start < text.length) await new Promise((resolve) => setImmediate(resolve))
  }
  return total
}

/**
 * What the tokenizer would count, guessed from the text's length (about 4 characters a token) in well under a
 * millisecond: for deciding per request whether it comes near the model's window.
 */
export function roughInputTokens(req: CanonicalRequest): number {
  let chars = req.system.reduce((n, p) => n + p.text.length, 0)
  let extra = 0
  for (const m of req.messages) {
    extra += PER_MESSAGE
    for (const p of m.content) {
      const t = partText(p)
      chars += t.text.length + 1
      extra += t.extra
    }
  }
  if (req.tools.length > 0) chars += JSON.stringify(req.tools).length
  return Math.ceil(chars / 4) + extra
}

export async function estimateInputTokens(req: CanonicalRequest): Promise<number> {
  let text = req.system.map((p) => p.text).join('\n')
  let extra = 0
  for (const m of req.messages) {
    extra += PER_MESSAGE
    for (const p of m.content) {
      const t = partText(p)
      text += `\n${t.text}`
      extra += t.extra
    }
  }
  if (req.tools.length > 0) text += `\n${JSON.stringify(req.tools)}`
  return (await countSliced(await countTokens(), text)) + extra
}
