// Responses output items → canonical assistant parts: what the request decoder reads from replayed items, the stream
// decoder from final items and the non-stream codec from an answer's output (writing them: output-items.ts).
import { unpackOpaque } from '../canonical/opaque.js'
import type { Opaque } from '../canonical/opaque.js'
import type {
  AssistantPart,
  CompactionPart,
  ReasoningPart,
  ToolCallPart,
} from '../canonical/request.js'
import type { Citation } from '../canonical/web-search.js'
import { isToolSearchItem } from './output-items.js'
import type { Obj } from './read.js'
import { asArr, asObj, asStr, toJsonObject } from './read.js'
import {
  citationsFromAnnotations,
  searchCallPart,
  searchOutcome,
  searchSourcesOf,
} from './web-search.js'

export function compactionFromItem(item: Obj): CompactionPart {
  return {
    type: 'compaction',
    opaque: opaqueFromItem(asStr(item['encrypted_content']) ?? '', asStr(item['id'])),
  }
}

export function reasoningFromItem(item: Obj): ReasoningPart {
  const summary = (asArr(item['summary']) ?? []).flatMap((s) => {
    const text = asStr(asObj(s)?.['text'])
    return text === undefined ? [] : [text]
  })
  const raw = (asArr(item['content']) ?? []).flatMap((c) => {
    const o = asObj(c)
    const text = asStr(o?.['text'])
    return o?.['type'] === 'reasoning_text' && text !== undefined ? [text] : []
  })
  const part: ReasoningPart =
    summary.length === 0 && raw.length > 0
      ? { type: 'reasoning', text: raw.join('\n\n'), channel: 'raw' }
      : { type: 'reasoning', text: summary.join('\n\n'), channel: 'summary' }
  const encrypted = asStr(item['encrypted_content'])
  if (encrypted) part.opaque = opaqueFromItem(encrypted, asStr(item['id']))
  return part
}

export function opaqueFromItem(encrypted: string, id: string | undefined): Opaque {
  const opaque = unpackOpaque(encrypted, 'openai-responses')
  // An envelope made by our own encoder already names the upstream item id; keep that one.
  if (opaque.dialect === 'openai-responses' && opaque.itemId === undefined && id) opaque.itemId = id
  return opaque
}

/** One output item → the canonical parts it carries (hosted-tool items carry none). */
export function outputItemToParts(item: Obj): AssistantPart[] {
  const id = asStr(item['id'])
  switch (item['type']) {
    case 'message':
      return (asArr(item['content']) ?? []).flatMap((c): AssistantPart[] => {
        const o = asObj(c)
        if (o?.['type'] === 'output_text') {
          const text = asStr(o['text']) ?? ''
          const citations = citationsFromAnnotations(o['annotations'], text)
          return [citations.length > 0 ? { type: 'text', text, citations } : { type: 'text', text }]
        }
        if (o?.['type'] === 'refusal') return [{ type: 'refusal', text: asStr(o['refusal']) ?? '' }]
        return []
      })
    case 'function_call':
    case 'custom_tool_call': {
      const custom = item['type'] === 'custom_tool_call'
      const part: ToolCallPart = {
        type: 'tool_call',
        callId: asStr(item['call_id']) || id || '',
        name: asStr(item['name']) ?? '',
        arguments: asStr(custom ? item['input'] : item['arguments']) ?? '',
        toolKind: custom ? 'custom' : 'function',
      }
      if (id) part.itemId = id
      const namespace = asStr(item['namespace'])
      if (namespace) part.namespace = namespace
      return [part]
    }
    case 'local_shell_call':
      return [
        {
          type: 'tool_call',
          callId: asStr(item['call_id']) || id || '',
          name: 'local_shell',
          arguments: JSON.stringify(item['action'] ?? {}),
          toolKind: 'function',
        },
      ]
    case 'reasoning': {
      const part = reasoningFromItem(item)
      return part.text === '' && !part.opaque ? [] : [part]
    }
    case 'compaction':
      return [compactionFromItem(item)]
    case 'web_search_call':
      return [searchCallPart(item)]
    case 'tool_search_call':
    case 'tool_search_output':
      return [{ type: 'tool_search', item: toJsonObject(item) }]
    default:
      return []
  }
}

/**
 * Output items → parts. Each search gets its result part: its sources, or the citations of the message
 * that answers it (the sources come only when the request included `web_search_call.action.sources`).
 */
export function outputItemsToParts(items: readonly Obj[]): AssistantPart[] {
  const parts: AssistantPart[] = []
  let pending: { callId: string; sources: string[]; failed: boolean; at: number }[] = []
  const settle = (citations: readonly Citation[]): void => {
    let unclaimed = [...citations]
    const results = pending.map((s) => {
      const outcome = searchOutcome(
        s.sources,
        s.sources.length > 0 ? citations : unclaimed,
        s.failed,
      )
      if (s.sources.length === 0 && !s.failed) unclaimed = []
      return { at: s.at, part: { type: 'web_search_result', callId: s.callId, outcome } as const }
    })
    // Each result goes right after its call; later positions first so earlier ones stay valid.
    for (const r of results.reverse()) parts.splice(r.at, 0, r.part)
    pending = []
  }
  for (const item of items) {
    const own = outputItemToParts(item)
    if (item['type'] === 'web_search_call') {
      parts.push(...own)
      pending.push({
        callId: asStr(item['id']) ?? '',
        sources: searchSourcesOf(item),
        failed: item['status'] === 'failed',
        at: parts.length,
      })
      continue
    }
    if (item['type'] !== 'reasoning' && !isToolSearchItem(item['type']))
      settle(own.flatMap((p) => (p.type === 'text' ? (p.citations ?? []) : [])))
    parts.push(...own)
  }
  settle([])
  return parts
}
