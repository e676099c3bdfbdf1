// What a request says, reduced to comparable facts: texts, tool calls, tool results, tool names, images.
import { parseArguments } from '../../protocol/canonical/json.js'
import type { CanonicalRequest, ContentPart } from '../../protocol/canonical/request.js'
import { offeredTools } from '../../protocol/canonical/request.js'

export interface Facts {
  texts: string[]
  toolCalls: { name: string; args: unknown }[]
  toolResults: { text: string; isError: boolean }[]
  toolNames: string[]
  images: number
  reasoning: string[]
}

function partFacts(part: ContentPart, f: Facts): void {
  switch (part.type) {
    case 'text':
    case 'refusal':
      if (part.text.trim()) f.texts.push(part.text)
      return
    case 'image':
      f.images++
      return
    case 'file':
      if (part.text) f.texts.push(part.text)
      return
    case 'tool_call':
      f.toolCalls.push({
        name: part.name,
        args: part.toolKind === 'custom' ? part.arguments : parseArguments(part.arguments),
      })
      return
    case 'tool_result': {
      const text = part.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')
      f.toolResults.push({ text, isError: part.isError === true })
      for (const c of part.content) if (c.type === 'image') f.images++
      return
    }
    case 'reasoning':
      if (part.text) f.reasoning.push(part.text)
      return
    case 'web_search_call':
    case 'web_search_result':
    case 'compaction':
    case 'tool_search':
      // Searches, compactions and tool-search steps return only to the dialect that made them; the captures hold none.
      return
  }
}

export function factsOf(req: CanonicalRequest): Facts {
  const f: Facts = {
    texts: [],
    toolCalls: [],
    toolResults: [],
    toolNames: [],
    images: 0,
    reasoning: [],
  }
  for (const s of req.system) if (s.text.trim()) f.texts.push(s.text)
  for (const m of req.messages) for (const p of m.content) partFacts(p, f)
  // `additional_tools` items extend the tool list: the model is offered both.
  for (const t of offeredTools(req)) if (t.kind !== 'builtin') f.toolNames.push(t.name)
  return f
}

/** Every text of `before` must survive somewhere in `after` (joins and wrappers are allowed). */
export function missingTexts(before: Facts, after: Facts): string[] {
  const haystack = [...after.texts, ...after.toolResults.map((r) => r.text)].join('\u0000')
  return before.texts.filter((t) => !haystack.includes(t.trim()))
}
