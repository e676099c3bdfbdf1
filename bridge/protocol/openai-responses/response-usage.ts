// The usage of a non-streaming Responses answer, read without its content (the passthrough's tap).
import { mergeUsage, usageFromResponses, ZERO_USAGE, type Usage } from '../canonical/usage.js'
import { asArr, asObj, asStr } from './read.js'

/** What `decodeResponse` reports as the usage (searches counted from the output); undefined where it refuses. */
export function responseUsage(body: unknown): Usage | undefined {
  const r = asObj(body)
  const output = asArr(r?.['output'])
  if (!r || !output) return undefined
  const status = asStr(r['status'])
  if (status === 'failed' || status === 'cancelled') return undefined
  let searches = 0
  for (const item of output) if (asObj(item)?.['type'] === 'web_search_call') searches++
  return mergeUsage(ZERO_USAGE, usageFromResponses(r['usage'], searches))
}
