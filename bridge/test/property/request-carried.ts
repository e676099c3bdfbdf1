// A request reduced to what every dialect carries, in order, ids set aside (a result must still find its call).
import type { JsonValue } from '../../protocol/canonical/json.js'
import {
  TOOL_ERROR_PREFIX as TOOL_ERROR,
  type CanonicalRequest,
  type ToolResultPart,
} from '../../protocol/canonical/request.js'

export type Item =
  | { k: 'text'; role: 'user' | 'assistant' | 'system'; text: string }
  | { k: 'image'; mediaType: string; data: string }
  | { k: 'call'; name: string; args: JsonValue }
  | { k: 'result'; text: string }

export interface RequestView {
  model: string
  maxOutputTokens: number | undefined
  system: string
  tools: unknown[]
  items: Item[]
}

function parsed(args: string): JsonValue {
  try {
    return JSON.parse(args === '' ? '{}' : args) as JsonValue
  } catch {
    return `<invalid JSON> ${args}`
  }
}

/**
 * A result's text, with the error flag folded in as Chat writes it. Text parts may be joined by the
 * carrying dialect (Chat with a blank line, Responses with a newline), so the separator is a parameter.
 */
export function resultText(part: ToolResultPart, sep: string): string {
  const text = part.content.map((c) => (c.type === 'text' ? c.text : '')).join(sep)
  return part.isError === true && !text.startsWith(TOOL_ERROR) ? TOOL_ERROR + text : text
}

/**
 * Consecutive texts of one role merge with a blank line (Chat joins an assistant turn's texts, every
 * dialect joins the system prompt that way); message boundaries are not part of the view.
 */
export function view(req: CanonicalRequest, resultSep = '\n\n'): RequestView {
  const items: Item[] = []
  const pushText = (role: 'user' | 'assistant' | 'system', text: string): void => {
    const last = items.at(-1)
    if (last?.k === 'text' && last.role === role) last.text += `\n\n${text}`
    else items.push({ k: 'text', role, text })
  }
  for (const m of req.messages) {
    for (const p of m.content) {
      switch (p.type) {
        case 'text':
        case 'refusal':
          pushText(m.role, p.text)
          break
        case 'image':
          if (p.source.kind === 'base64')
            items.push({ k: 'image', mediaType: p.source.mediaType, data: p.source.data })
          else
            items.push({
              k: 'image',
              mediaType: p.source.kind,
              data: p.source.kind === 'url' ? p.source.url : p.source.fileId,
            })
          break
        case 'tool_call':
          items.push({
            k: 'call',
            name: p.name,
            args: p.toolKind === 'function' ? parsed(p.arguments) : p.arguments,
          })
          break
        case 'tool_result':
          items.push({ k: 'result', text: resultText(p, resultSep) })
          break
        case 'file':
        case 'reasoning':
        case 'web_search_call':
        case 'web_search_result':
        case 'compaction':
        case 'tool_search':
          items.push({ k: 'text', role: m.role, text: `<unexpected ${p.type}>` })
          break
      }
    }
  }
  return {
    model: req.model,
    maxOutputTokens: req.maxOutputTokens,
    system: req.system.map((p) => p.text).join('\n\n'),
    tools: req.tools.map((t) =>
      t.kind === 'function'
        ? { name: t.name, description: t.description ?? null, parameters: t.parameters }
        : { name: t.name ?? t.kind, kind: t.kind },
    ),
    items,
  }
}

/** Every result answers a call made earlier in the conversation; returns the violations. */
export function pairingProblems(req: CanonicalRequest): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  for (const m of req.messages) {
    for (const p of m.content) {
      if (p.type === 'tool_call') seen.add(p.callId)
      if (p.type === 'tool_result' && !seen.has(p.callId))
        problems.push(`result ${p.callId} answers no earlier call`)
    }
  }
  return problems
}

/** Every call id in conversation order. */
export function callIds(req: CanonicalRequest): string[] {
  const ids: string[] = []
  for (const m of req.messages)
    for (const p of m.content) if (p.type === 'tool_call') ids.push(p.callId)
  return ids
}

/** Ids valid in every dialect (≤40 characters of [A-Za-z0-9_-]) must come back verbatim. */
export function isPortableId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,40}$/.test(id)
}
