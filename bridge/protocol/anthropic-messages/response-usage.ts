// The usage of a non-streaming Anthropic message, read without its content (the passthrough's tap).
import { isJsonObject } from '../canonical/json.js'
import { mergeUsage, usageFromAnthropic, ZERO_USAGE, type Usage } from '../canonical/usage.js'

/** What `decodeAnthropicResponse` reports as the usage; undefined where it refuses the body as no message. */
export function responseUsage(body: unknown): Usage | undefined {
  if (!isJsonObject(body) || body['type'] !== 'message' || !Array.isArray(body['content']))
    return undefined
  return mergeUsage(ZERO_USAGE, usageFromAnthropic(body['usage']))
}
