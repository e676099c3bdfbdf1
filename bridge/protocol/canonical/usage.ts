// Token usage with one meaning, and every conversion to and from the three dialects (wire-protocols §4.7).
import type { JsonObject } from './json.js'

/** `inputTokens` includes cache reads and writes; the other fields are breakdowns or separate counts. */
export interface Usage {
  inputTokens: number
  cachedInputTokens: number
  cacheWriteTokens: number
  outputTokens: number
  reasoningTokens: number
  /** Hosted web searches the upstream ran (Anthropic `server_tool_use.web_search_requests`). */
  webSearchRequests: number
}

export const ZERO_USAGE: Usage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  webSearchRequests: 0,
}

/** Later reports overwrite earlier ones field by field, as the Anthropic SDK does with `message_delta`. */
export function mergeUsage(base: Usage, update: Partial<Usage>): Usage {
  const out = { ...base }
  for (const key of Object.keys(update) as (keyof Usage)[]) {
    const value = update[key]
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value
  }
  return out
}

function num(obj: unknown, key: string): number | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined
  const value = (obj as Record<string, unknown>)[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function defined(u: { [K in keyof Usage]?: number | undefined }): Partial<Usage> {
  const out: Partial<Usage> = {}
  for (const [k, v] of Object.entries(u)) if (v !== undefined) out[k as keyof Usage] = v
  return out
}

// Anthropic: `input_tokens` excludes cache reads and cache writes.
export function usageFromAnthropic(u: unknown): Partial<Usage> {
  const uncached = num(u, 'input_tokens')
  const read = num(u, 'cache_read_input_tokens')
  const write = num(u, 'cache_creation_input_tokens')
  const details =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['output_tokens_details']
      : undefined
  const server =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['server_tool_use']
      : undefined
  const anyInput = uncached !== undefined || read !== undefined || write !== undefined
  return defined({
    inputTokens: anyInput ? (uncached ?? 0) + (read ?? 0) + (write ?? 0) : undefined,
    cachedInputTokens: read,
    cacheWriteTokens: write,
    outputTokens: num(u, 'output_tokens'),
    reasoningTokens: num(details, 'thinking_tokens'),
    webSearchRequests: num(server, 'web_search_requests'),
  })
}

/** `server_tool_use` only when a search ran, as Anthropic reports it (Claude Code's `webSearchRequests`). */
export function usageToAnthropic(u: Usage): JsonObject {
  const out: JsonObject = {
    input_tokens: Math.max(u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens, 0),
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cachedInputTokens,
    output_tokens: u.outputTokens,
  }
  if (u.webSearchRequests > 0) out['server_tool_use'] = { web_search_requests: u.webSearchRequests }
  return out
}

/**
 * Responses: `input_tokens` includes cached tokens. Responses usage has no search count: the decoder
 * passes the number of `web_search_call` items it saw.
 */
export function usageFromResponses(u: unknown, webSearchCalls = 0): Partial<Usage> {
  const inDetails =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['input_tokens_details']
      : undefined
  const outDetails =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['output_tokens_details']
      : undefined
  return defined({
    inputTokens: num(u, 'input_tokens'),
    cachedInputTokens: num(inDetails, 'cached_tokens'),
    cacheWriteTokens: num(inDetails, 'cache_write_tokens'),
    outputTokens: num(u, 'output_tokens'),
    reasoningTokens: num(outDetails, 'reasoning_tokens'),
    webSearchRequests: webSearchCalls > 0 ? webSearchCalls : undefined,
  })
}

export function usageToResponses(u: Usage): JsonObject {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  }
}

// Chat Completions: `prompt_tokens` includes cached tokens.
export function usageFromChat(u: unknown): Partial<Usage> {
  const inDetails =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['prompt_tokens_details']
      : undefined
  const outDetails =
    typeof u === 'object' && u !== null
      ? (u as Record<string, unknown>)['completion_tokens_details']
      : undefined
  return defined({
    inputTokens: num(u, 'prompt_tokens'),
    cachedInputTokens: num(inDetails, 'cached_tokens'),
    cacheWriteTokens: num(inDetails, 'cache_write_tokens'),
    outputTokens: num(u, 'completion_tokens'),
    reasoningTokens: num(outDetails, 'reasoning_tokens'),
  })
}

export function usageToChat(u: Usage): JsonObject {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  }
}
