// Canonical conversation → Anthropic `messages`, enforcing the API's ordering rules (§1.3, §4.4).
import type { JsonObject } from '../canonical/json.js'
import type { CanonicalMessage } from '../canonical/request.js'
import {
  encodeAssistantPart,
  encodeText,
  encodeUserPart,
  replayableSearches,
} from './encode-content.js'
import type { ContentContext } from './encode-content.js'

export interface AnthropicMessage {
  role: 'user' | 'assistant' | 'system'
  content: JsonObject[]
}

export interface MessagesContext extends ContentContext {
  /** Emit mid-conversation system messages as role `system` (only Anthropic clients use that beta). */
  systemRole: boolean
}

function blockType(block: JsonObject): string {
  return typeof block['type'] === 'string' ? block['type'] : ''
}

function isThinking(block: JsonObject): boolean {
  const t = blockType(block)
  return t === 'thinking' || t === 'redacted_thinking'
}

/** User: tool results first. Assistant: thinking, then text, then tool_use. Stable within each rank. */
function rank(role: AnthropicMessage['role'], block: JsonObject): number {
  const t = blockType(block)
  if (role === 'user') return t === 'tool_result' ? 0 : 1
  if (role === 'assistant') return isThinking(block) ? 0 : t === 'tool_use' ? 2 : 1
  return 0
}

function convert(message: CanonicalMessage, ctx: MessagesContext): AnthropicMessage {
  const content: JsonObject[] = []
  switch (message.role) {
    case 'system':
      if (ctx.systemRole) {
        for (const p of message.content) {
          const b = encodeText(p)
          if (b) content.push(b)
        }
        return { role: 'system', content }
      } else {
        const text = message.content
          .map((p) => p.text)
          .join('\n')
          .trim()
        if (text !== '') {
          ctx.note(
            'system_message_folded',
            'a mid-conversation system message was sent as <system> user text',
          )
          content.push({ type: 'text', text: `<system>\n${text}\n</system>` })
        }
        return { role: 'user', content }
      }
    case 'user':
      for (const p of message.content) {
        const b = encodeUserPart(p, ctx)
        if (b) content.push(b)
      }
      return { role: 'user', content }
    case 'assistant': {
      const searches = replayableSearches(message.content, ctx)
      for (const p of message.content) {
        const b = encodeAssistantPart(p, ctx, searches)
        if (b) content.push(b)
      }
      return { role: 'assistant', content }
    }
  }
}

export function encodeMessages(
  messages: CanonicalMessage[],
  ctx: MessagesContext,
): AnthropicMessage[] {
  const merged: AnthropicMessage[] = []
  for (const m of messages) {
    const next = convert(m, ctx)
    if (next.content.length === 0) continue
    const prev = merged.at(-1)
    if (prev && prev.role === next.role) prev.content.push(...next.content)
    else merged.push(next)
  }
  for (const m of merged) {
    const ranked = m.content.map((block, i) => ({ block, i, r: rank(m.role, block) }))
    ranked.sort((a, b) => a.r - b.r || a.i - b.i)
    m.content = ranked.map((x) => x.block)
    // "The final block in an assistant message cannot be thinking."
    if (m.role === 'assistant' && m.content.every(isThinking)) {
      ctx.note('thinking_only_turn_dropped', 'an assistant turn holding only thinking was emptied')
      m.content = []
    }
  }
  return merged.filter((m) => m.content.length > 0)
}

/** The tool loop Anthropic checks when thinking is on: the last assistant turn before trailing tool results. */
export function lastToolTurnLacksThinking(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1)
  if (last?.role !== 'user' || !last.content.some((b) => blockType(b) === 'tool_result'))
    return false
  for (let i = messages.length - 2; i >= 0; i--) {
    const m = messages[i]
    if (m?.role === 'assistant') {
      const first = m.content[0]
      return first === undefined || !isThinking(first)
    }
  }
  return false
}

/** "When thinking is disabled, an assistant message in the final position cannot contain thinking." */
export function stripFinalThinking(messages: AnthropicMessage[]): void {
  const last = messages.at(-1)
  if (last?.role === 'assistant') last.content = last.content.filter((b) => !isThinking(b))
  if (last?.content.length === 0) messages.pop()
}

export function toWire(messages: AnthropicMessage[]): JsonObject[] {
  return messages.map((m) => {
    const only = m.content[0]
    if (
      m.role === 'system' &&
      m.content.length === 1 &&
      only?.['cache_control'] === undefined &&
      typeof only?.['text'] === 'string'
    ) {
      return { role: m.role, content: only['text'] }
    }
    return { role: m.role, content: m.content }
  })
}
