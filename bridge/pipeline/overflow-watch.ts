// Which streamed requests hold the client's preamble: those near the model's window on an upstream that
// reports a context overflow inside an HTTP 200 stream. Clients compact only on an HTTP 400 (Claude Code's
// "prompt is too long"), which can still be sent while nothing of the stream has gone out.
import { contextOverflow } from '../protocol/canonical/context-overflow.js'
import type { CanonicalError } from '../protocol/canonical/errors.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { roughInputTokens } from './count-tokens.js'

/** From this share of the window on, a request may overflow (the estimate is rough, the window may be shared with output). */
const NEAR_WINDOW = 0.6

export interface OverflowWatch {
  /** The rough size of the prompt in tokens. */
  promptTokens: number
  /** The model's window in tokens, when known. */
  window?: number
}

/** The watch for a request near its window (or of unknown window); undefined when it is clearly small. */
export function overflowWatch(
  request: CanonicalRequest,
  window: number | undefined,
): OverflowWatch | undefined {
  const promptTokens = roughInputTokens(request)
  if (window === undefined) return { promptTokens }
  return promptTokens >= NEAR_WINDOW * window ? { promptTokens, window } : undefined
}

/**
 * An overflow without numbers gets the prompt's size and the window, for clients that read them (Claude Code
 * compacts by "N tokens > M maximum"). The upstream said the prompt does not fit, so it is at least the window.
 */
export function withOverflowCounts(error: CanonicalError, watch: OverflowWatch): CanonicalError {
  const counts = contextOverflow(error)
  if (!counts || watch.window === undefined) return error
  if (counts.tokens !== undefined && counts.limit !== undefined) return error
  const limit = counts.limit ?? watch.window
  return {
    ...error,
    overflow: { tokens: counts.tokens ?? Math.max(watch.promptTokens, limit + 1), limit },
  }
}
