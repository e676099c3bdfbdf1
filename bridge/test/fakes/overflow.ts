// Context-window overflow as each real API words it (long-sessions.md §3.4, codex-backend.md §3.2, wire-protocols §2.6),
// sent by the fakes once a prompt is larger than the `context-N` scenario allows.
import { roughTokens } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { openaiError } from './openai-errors.js'
import type { Scenario } from './scenario.js'

/** The prompt's size when it exceeds the scenario's window; undefined when it fits (or no window is set). */
export function overflowing(
  scenario: Scenario,
  rawBody: string,
): { tokens: number; limit: number } | undefined {
  const limit = scenario.contextLimit
  if (limit === undefined) return undefined
  const tokens = roughTokens(rawBody)
  return tokens > limit ? { tokens, limit } : undefined
}

/** OpenAI Chat Completions, HTTP 400. */
export function chatOverflow(tokens: number, limit: number): Obj {
  return openaiError(
    `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
    'invalid_request_error',
    'messages',
    'context_length_exceeded',
  )
}

/** The Responses API and the ChatGPT backend say the same, without numbers. */
export const RESPONSES_OVERFLOW_MESSAGE =
  'Your input exceeds the context window of this model. Please adjust your input and try again.'

/** OpenAI Responses, HTTP 400. */
export function responsesOverflow(): Obj {
  return openaiError(
    RESPONSES_OVERFLOW_MESSAGE,
    'invalid_request_error',
    'input',
    'context_length_exceeded',
  )
}

/** Anthropic Messages, HTTP 400 `invalid_request_error`. */
export function anthropicOverflowMessage(tokens: number, limit: number): string {
  return `prompt is too long: ${tokens} tokens > ${limit} maximum`
}
