// The usage of a non-streaming Chat Completions answer, read without its content (the passthrough's tap).
import { mergeUsage, usageFromChat, ZERO_USAGE, type Usage } from '../canonical/usage.js'
import { asObj } from './read.js'

/** What `decodeResponse` reports as the usage; undefined where it refuses the body as no answer. */
export function responseUsage(body: unknown): Usage | undefined {
  const root = asObj(body)
  if (!root || (root['error'] !== undefined && root['error'] !== null)) return undefined
  if (!Array.isArray(root['choices'])) return undefined
  return mergeUsage(ZERO_USAGE, usageFromChat(root['usage']))
}
