// Responses-only readings of wire data; the narrowing helpers are the shared reader's (canonical/read-json.ts).
export {
  asArr,
  asBool,
  asNum,
  asObj,
  asStr,
  toJsonObject,
  toJsonValue,
  type Obj,
} from '../canonical/read-json.js'

/** Codex and OpenAI put the retry delay only in prose: "Please try again in 11.054s" / "in 250ms". */
export function retryAfterFromMessage(message: string): number | undefined {
  const m = /try again in\s+([\d.]+)\s*(ms|s)\b/i.exec(message)
  if (!m || m[1] === undefined) return undefined
  const n = Number(m[1])
  if (!Number.isFinite(n)) return undefined
  return m[2]?.toLowerCase() === 'ms' ? n / 1000 : n
}
