// Tool names over 64 characters (Claude Code's mcp__server__tool names) are shortened for the upstream
// and restored in the answer, so the client never sees the short form (wire-protocols §4.3).
import { stableHash } from '../protocol/canonical/ids.js'
import type { CanonicalEvent } from '../protocol/canonical/events.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'

const MAX = 64

function shorten(name: string, taken: Set<string>): string {
  const last = name.startsWith('mcp__') ? `mcp__${name.split('__').pop() ?? ''}` : name
  let candidate =
    last.length <= MAX ? last : `${last.slice(0, MAX - 9)}_${stableHash(name).slice(0, 8)}`
  if (taken.has(candidate))
    candidate = `${candidate.slice(0, MAX - 9)}_${stableHash(`${name}#`).slice(0, 8)}`
  return candidate
}

/** Rewrites long names in place; returns short → original, empty when nothing was long. */
export function shortenToolNames(req: CanonicalRequest): Map<string, string> {
  const map = new Map<string, string>()
  const long = new Set<string>()
  for (const t of req.tools) if (t.kind !== 'builtin' && t.name.length > MAX) long.add(t.name)
  for (const m of req.messages) {
    if (m.role !== 'assistant') continue
    for (const p of m.content) if (p.type === 'tool_call' && p.name.length > MAX) long.add(p.name)
  }
  if (long.size === 0) return map
  const taken = new Set<string>()
  for (const t of req.tools) if (t.kind !== 'builtin' && !long.has(t.name)) taken.add(t.name)
  const forward = new Map<string, string>()
  for (const name of long) {
    const short = shorten(name, taken)
    taken.add(short)
    forward.set(name, short)
    map.set(short, name)
  }
  for (const t of req.tools) if (t.kind !== 'builtin') t.name = forward.get(t.name) ?? t.name
  for (const m of req.messages) {
    if (m.role !== 'assistant') continue
    for (const p of m.content) if (p.type === 'tool_call') p.name = forward.get(p.name) ?? p.name
  }
  if (req.toolChoice && typeof req.toolChoice === 'object')
    req.toolChoice = { name: forward.get(req.toolChoice.name) ?? req.toolChoice.name }
  return map
}

export function restoreToolName(event: CanonicalEvent, map: Map<string, string>): CanonicalEvent {
  if (map.size === 0 || event.type !== 'block_start' || event.block.kind !== 'tool_call')
    return event
  const original = map.get(event.block.name)
  return original ? { ...event, block: { ...event.block, name: original } } : event
}
