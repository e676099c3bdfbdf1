// Context-window overflow: recognising every upstream's wording and the one form each client dialect
// recovers from (Claude Code compacts on "prompt is too long: N tokens > M maximum", Codex and the
// OpenAI SDKs switch on `context_length_exceeded`; long-sessions.md §3.4, §4.4).
import type { CanonicalError } from './errors.js'

export const CONTEXT_LENGTH_EXCEEDED = 'context_length_exceeded'

/** The token counts an overflow error named, when it named them. */
export interface OverflowCounts {
  tokens?: number
  limit?: number
}

/** Wordings that carry both numbers; `order` says which capture is the prompt size. */
const COUNTED: { re: RegExp; order: 'tokens-limit' | 'limit-tokens' }[] = [
  // Anthropic: "prompt is too long: 208310 tokens > 200000 maximum" (Claude Code's own parser).
  { re: /prompt is too long[^0-9]*(\d+)\s*tokens?\s*>\s*(\d+)/i, order: 'tokens-limit' },
  // OpenAI Chat, DeepSeek, vLLM, OpenRouter: "maximum context length is 128000 tokens. However, your
  // messages resulted in 130532 tokens" / "you requested (about) 130532 tokens".
  {
    re: /maximum context length is (\d+) tokens?\b.*?(?:resulted in|requested(?: about)?|your request has) (\d+)(?: input)? tokens?/is,
    order: 'limit-tokens',
  },
  // Anthropic, output included: "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000".
  { re: /exceed context limit:\s*(\d+)\s*\+\s*\d+\s*>\s*(\d+)/i, order: 'tokens-limit' },
  // vLLM: "The decoder prompt (length 5000) is longer than the maximum model length of 4096."
  {
    re: /prompt \(length (\d+)\) is longer than the maximum model length of (\d+)/i,
    order: 'tokens-limit',
  },
  // Gemini's OpenAI face: "The input token count (N) exceeds the maximum number of tokens allowed (M)."
  {
    re: /input token count \((\d+)\) exceeds the maximum number of tokens allowed \((\d+)\)/i,
    order: 'tokens-limit',
  },
  // llama.cpp server: "request (4476 tokens) exceeds the available context size (4096 tokens)".
  {
    re: /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/i,
    order: 'tokens-limit',
  },
  // Mistral: "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length".
  {
    re: /prompt contains (\d+) tokens.*?model with (\d+) maximum context length/is,
    order: 'tokens-limit',
  },
]

/** Wordings without usable numbers: OpenAI Responses/ChatGPT, llama.cpp, Ollama, LM Studio, Groq… */
const UNCOUNTED =
  /context[_ ]length[_ ]exceeded|context window full|input is too long|exceeds the context window|maximum context length|exceeds? the available context size|exceed_context_size|prompt is too long|prompt too long|exceed context limit|input length exceeds the context length|context length of only|maximum model length|too large for model with \d+ maximum context length|exceeds the maximum number of tokens allowed/i

/** Token counts for an overflow message, or undefined when the message is not about the context window. */
export function overflowInMessage(message: string): OverflowCounts | undefined {
  for (const { re, order } of COUNTED) {
    const m = re.exec(message)
    if (!m) continue
    const a = Number(m[1])
    const b = Number(m[2])
    return order === 'tokens-limit' ? { tokens: a, limit: b } : { tokens: b, limit: a }
  }
  return UNCOUNTED.test(message) ? {} : undefined
}

/** The overflow an error reports (by code, type or wording), or undefined for every other failure. */
export function contextOverflow(error: CanonicalError): OverflowCounts | undefined {
  const fromMessage = overflowInMessage(error.message)
  if (error.overflow) return { ...fromMessage, ...error.overflow }
  if (error.code === CONTEXT_LENGTH_EXCEEDED || error.code === 'exceed_context_size_error')
    return fromMessage ?? {}
  // A 5xx whose text mentions a context window is a server fault, not something compaction can fix.
  if (error.kind !== 'invalid_request' && error.kind !== 'request_too_large') return undefined
  return fromMessage
}

/** Anthropic's exact wording, with the numbers when they are known (Claude Code reads them). */
export function promptTooLongMessage(counts: OverflowCounts, original: string): string {
  if (counts.tokens !== undefined && counts.limit !== undefined) {
    return `prompt is too long: ${counts.tokens} tokens > ${counts.limit} maximum`
  }
  if (/^prompt is too long/i.test(original)) return original
  return `prompt is too long: ${original}`
}

/**
 * The error every encoder renders: an overflow becomes a 400 `invalid_request` with code
 * `context_length_exceeded` and its counts, whatever status and code the upstream used; others pass as they are.
 */
export function normalizeOverflow(error: CanonicalError): CanonicalError {
  const counts = contextOverflow(error)
  if (!counts) return error
  const out: CanonicalError = {
    ...error,
    kind: 'invalid_request',
    status: 400,
    code: CONTEXT_LENGTH_EXCEEDED,
  }
  if (counts.tokens !== undefined || counts.limit !== undefined) out.overflow = counts
  return out
}
