// ChatGPT frames the Responses decoder cannot read well: `codex.rate_limits` updates the usage windows, and
// in-stream `error` / `response.failed` become ChatGPT's own errors (usage limit with its reset time).
import { isJsonObject, type JsonObject } from '../../protocol/canonical/json.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import type { FrameReader } from '../provider.js'
import { chatgptStreamError } from './errors.js'
import { parseRateLimitsEvent } from './usage-limits.js'
import type { UsageTracker } from './usage-tracker.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

const TYPES = /"type"\s*:\s*"(codex\.rate_limits|error|response\.failed)"/

function parse(frame: SseFrame): JsonObject | undefined {
  // Most frames are deltas: a cheap text test spares them a second JSON parse.
  if (!TYPES.test(frame.data)) return undefined
  try {
    const value: unknown = parseJson(frame.data)
    return isJsonObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** Usage reported in the stream belongs to the account that serves it. */
export function chatgptFrameReader(usage: UsageTracker, accountId = ''): FrameReader {
  return (frame, next) => {
    const data = parse(frame)
    if (!data) return next(frame)
    if (data['type'] === 'codex.rate_limits') {
      const windows = parseRateLimitsEvent(data)
      if (windows) usage.record(windows, accountId)
      return next(frame)
    }
    const error = chatgptStreamError(data, usage.latest(accountId))
    const events = next(frame)
    if (!error) return events
    // The decoder still sees the frame, so open blocks are closed and the stream ends as it would.
    return events.map((e): CanonicalEvent => (e.type === 'error' ? { ...e, error } : e))
  }
}
