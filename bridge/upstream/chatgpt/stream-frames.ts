// ChatGPT frames the Responses decoder cannot read well: in-stream `error` / `response.failed` become ChatGPT's
// own errors (usage limit with its reset time), and the `codex.rate_limits` report it decodes updates the usage
// windows of the account that serves the stream.
import { isJsonObject, type JsonObject } from '../../protocol/canonical/json.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import type { FrameReader } from '../provider.js'
import { chatgptStreamError } from './errors.js'
import { usageFromRateLimits } from './usage-limits.js'
import type { UsageTracker } from './usage-tracker.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

const TYPES = /"type"\s*:\s*"(codex\.rate_limits|error|response\.failed)"/

function parse(frame: SseFrame): JsonObject | undefined {
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
    // Most frames are deltas: a cheap text test spares them a second look.
    const kind = TYPES.exec(frame.data)?.[1]
    if (kind === undefined) return next(frame)
    if (kind === 'codex.rate_limits') {
      const events = next(frame)
      for (const e of events) {
        if (e.type !== 'rate_limits') continue
        const windows = usageFromRateLimits(e.limits)
        if (windows) usage.record(windows, accountId)
      }
      return events
    }
    const data = parse(frame)
    const error = data ? chatgptStreamError(data, usage.latest(accountId)) : undefined
    const events = next(frame)
    if (!error) return events
    // The decoder still sees the frame, so open blocks are closed and the stream ends as it would.
    return events.map((e): CanonicalEvent => (e.type === 'error' ? { ...e, error } : e))
  }
}
