// The request fields a relayed answer repeats as null because a hook took them out of the body sent upstream
// (the response store resolves previous_response_id): written back, so the client sees what it asked for.
import type { JsonObject } from '../protocol/canonical/json.js'

/**
 * Rewrites `"key": null` for each echoed key in relayed JSON text. A key inside a JSON string is escaped
 * (`\"key\"`), so model text that mentions it is never touched.
 */
export function echoRewriter(echo: JsonObject): ((text: string) => string) | undefined {
  const keys = Object.entries(echo)
  if (keys.length === 0) return undefined
  const rules = keys.map(([key, value]) => ({
    pattern: new RegExp(`"${key.replace(/[^A-Za-z0-9_]/g, '\\$&')}"\\s*:\\s*null`, 'g'),
    replacement: `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  }))
  return (text) =>
    rules.reduce((out, rule) => out.replace(rule.pattern, () => rule.replacement), text)
}
