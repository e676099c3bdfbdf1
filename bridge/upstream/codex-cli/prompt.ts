// What Codex is asked: in a continued thread the last user message; in a new thread the whole conversation the
// client sent (system prompt and history folded into one turn, as the Codex completions API did).
import type { CanonicalMessage, CanonicalRequest } from '../../protocol/canonical/request.js'

/** The text of the last user message (earlier turns are already in the Codex thread). */
export function lastUserText(req: CanonicalRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i]
    if (m?.role !== 'user') continue
    const parts: string[] = []
    for (const p of m.content) {
      if (p.type === 'text') parts.push(p.text)
      else if (p.type === 'file' && p.text !== undefined) parts.push(p.text)
    }
    return parts.join('\n').trim()
  }
  return ''
}

function messageText(m: CanonicalMessage): string {
  const parts: string[] = []
  for (const p of m.content) {
    switch (p.type) {
      case 'text':
      case 'refusal':
        parts.push(p.text)
        break
      case 'file':
        parts.push(p.text ?? `[file${p.filename ? ` ${p.filename}` : ''}]`)
        break
      case 'image':
        parts.push('[image]')
        break
      case 'tool_call':
        parts.push(`[called tool ${p.name} with ${p.arguments}]`)
        break
      case 'tool_result':
        parts.push(
          `[tool result${p.isError ? ' (error)' : ''}: ${p.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join(' ')}]`,
        )
        break
      case 'web_search_call':
        parts.push(`[searched the web: ${p.arguments}]`)
        break
      case 'reasoning':
      case 'web_search_result':
      case 'compaction':
      case 'tool_search':
        // Opaque to Codex: reasoning, compacted context and tool-search steps belong to the upstream that
        // made them, and a search's hits are already quoted in the answer that follows them.
        break
    }
  }
  return parts.join('\n').trim()
}

const LABEL = { user: 'User', assistant: 'Assistant', system: 'System' } as const

/**
 * The prompt for a new thread. One user message and no system prompt goes as it is; otherwise the system
 * prompt and every earlier message are written out, labelled by role, before the last user message.
 */
export function foldedPrompt(req: CanonicalRequest): string {
  const last = lastUserText(req)
  const system = req.system
    .map((p) => p.text)
    .join('\n')
    .trim()
  let lastUser = -1
  for (let i = req.messages.length - 1; i >= 0; i--) {
    if (req.messages[i]?.role === 'user') {
      lastUser = i
      break
    }
  }
  const earlier = req.messages
    .slice(0, Math.max(0, lastUser))
    .map((m) => ({ role: m.role, text: messageText(m) }))
    .filter((m) => m.text !== '')
  if (system === '' && earlier.length === 0) return last
  const out: string[] = []
  if (system !== '') out.push(`Instructions:\n${system}`)
  if (earlier.length > 0)
    out.push(
      `The conversation so far:\n${earlier.map((m) => `${LABEL[m.role]}: ${m.text}`).join('\n\n')}`,
    )
  out.push(`Reply to this last message from the user:\n${last}`)
  return out.join('\n\n')
}
