// Context-window overflow as each real API words it (long-sessions.md §3.4, codex-backend.md §3.2, wire-protocols §2.6),
// sent by the fakes once a prompt is larger than the `context-N` scenario allows.
import { roughTokens } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { openaiError } from './openai-errors.js'
import type { ChatOverflowWording, Scenario } from './scenario.js'

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

/**
 * The same overflow as an OpenAI-compatible local server words it, HTTP 400, none with OpenAI's code: vLLM
 * (`BadRequestError`, numeric code, at the top level), Ollama (no numbers, `code: null`) and llama.cpp's
 * server (`exceed_context_size_error` with the counts as fields).
 */
export function chatOverflowAs(wording: ChatOverflowWording, tokens: number, limit: number): Obj {
  switch (wording) {
    case 'openai':
      return chatOverflow(tokens, limit)
    case 'vllm':
      return {
        object: 'error',
        message: `This model's maximum context length is ${limit} tokens. However, you requested ${tokens} tokens (${tokens} in the messages, 0 in the completion). Please reduce the length of the messages or completion.`,
        type: 'BadRequestError',
        param: null,
        code: 400,
      }
    case 'ollama':
      return {
        error: {
          message: 'the input length exceeds the context length',
          type: 'api_error',
          param: null,
          code: null,
        },
      }
    case 'llama-cpp':
      return {
        error: {
          code: 400,
          message: 'the request exceeds the available context size, try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: tokens,
          n_ctx: limit,
        },
      }
  }
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
