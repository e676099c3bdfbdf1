// Decides what a fake "model" answers, from a dialect-neutral view of the conversation.
import { isObj, str, strings } from './json-guards.js'
import type { Obj } from './json-guards.js'

export type FakeDialect = 'anthropic' | 'responses' | 'chat'

export interface ToolSpec {
  name: string
  /** JSON schema of the arguments; undefined when the tool has none. */
  schema: unknown
  /** The Responses namespace the tool was offered in; a call to it names it. */
  namespace?: string
}

/** What each fake extracts from its own wire format before asking for a reply. */
export interface ConversationView {
  dialect: FakeDialect
  model: string
  /** Client function tools the model may call, in request order. */
  tools: ToolSpec[]
  /** tool_choice "none" forbids calls even when tools are present. */
  toolsForbidden: boolean
  /** Text of the first tool result in the last user turn; undefined when that turn has none. */
  toolResult: string | undefined
  parallel: boolean
  /** The tool the model calls when it is offered (scenario `call-<tool>`). */
  call?: string
  /** The shell command a tool call runs instead of `echo hi` (a long-output command fills the context). */
  command?: string
  /** Benchmark load: exactly this many text deltas. */
  events?: number
  /** The query of a hosted web search the request makes the model run (see `searchQueryFor`). */
  search?: string
  /** The last user text: "search the web for X" makes the model call a client search tool (Claude Code's WebSearch). */
  prompt?: string
}

export interface ScriptedToolCall {
  name: string
  /** The namespace of the tool called (Responses). */
  namespace?: string
  /** Complete JSON arguments. */
  arguments: string
  /** `arguments` cut into the fragments the stream sends; concatenated they equal `arguments`. */
  chunks: string[]
}

export interface SearchHit {
  title: string
  url: string
}

/**
 * A hosted web search and the answer that cites it: each delta cites the hit of the same index, as the
 * real APIs attach one citation to each sentence drawn from a source.
 */
export interface ScriptedSearch {
  query: string
  hits: SearchHit[]
  text: string
  deltas: string[]
}

export type ScriptedReply =
  | { kind: 'text'; text: string; deltas: string[] }
  | { kind: 'tool_calls'; calls: ScriptedToolCall[] }
  | { kind: 'web_search'; search: ScriptedSearch }

/** Tool names a coding client typically exposes for "run something"; the fake prefers them. */
export const PREFERRED_TOOLS = ['bash', 'Bash', 'exec_command', 'shell', 'get_weather']

/** Reasoning the fakes stream when thinking/reasoning is requested. */
export const REASONING_DELTAS = ['Thinking about ', 'the request.']
export const REASONING_TEXT = REASONING_DELTAS.join('')

function helloDeltas(dialect: FakeDialect, model: string): string[] {
  return ['Hello ', `from fake-${dialect} `, `(model ${model})`, ': héllo ', '🌍']
}

/** The exact greeting a fake answers with when there is nothing else to do. */
export function helloText(dialect: FakeDialect, model: string): string {
  return helloDeltas(dialect, model).join('')
}

/** The exact text a fake answers with after a tool result. */
export function doneText(toolResult: string): string {
  return `done: ${Array.from(toolResult).slice(0, 40).join('')}`
}

/**
 * A compaction prompt (Claude Code's /compact and reactive compaction, Codex's checkpoint, Switchboard's own):
 * a real model answers it in text even with tools offered, so the fakes do too.
 */
export function asksForSummary(lastUserText: string): boolean {
  return /Respond with TEXT ONLY|CONTEXT CHECKPOINT COMPACTION|handoff summary/i.test(lastUserText)
}

/** Client tools that search (Claude Code's main loop offers WebSearch as an ordinary tool). */
const CLIENT_SEARCH_TOOLS = ['WebSearch', 'web_search']

/** The phrases that make a fake search: Claude Code's nested request, or a user asking for it. */
const SEARCH_PROMPTS = [
  /Perform a web search for the query: ([^\n]+)/,
  /search the web for ([^\n]+)/i,
]

/**
 * The query to search for when the request offers a hosted search tool: the prompt's own query, or the
 * whole prompt when the request forces the search; undefined when the fake would not search.
 */
export function searchQueryFor(
  offered: boolean,
  forced: boolean,
  prompt: string | undefined,
): string | undefined {
  if (!offered || prompt === undefined) return undefined
  for (const re of SEARCH_PROMPTS) {
    const match = re.exec(prompt)
    if (match?.[1] !== undefined) return match[1].trim()
  }
  return forced ? prompt.trim() : undefined
}

/** The fake search engine: two hits named after the query. */
export function searchFor(query: string): ScriptedSearch {
  const slug = encodeURIComponent(query.toLowerCase().replace(/\s+/g, '-'))
  const hits = [
    { title: `${query} — overview`, url: `https://example.com/${slug}` },
    { title: `${query} — documentation`, url: `https://docs.example.org/${slug}/guide` },
  ]
  const deltas = [
    `According to the overview, ${query} is covered in depth. `,
    'The documentation has a guide.',
  ]
  return { query, hits, text: deltas.join(''), deltas }
}

export function decideReply(view: ConversationView): ScriptedReply {
  if (view.search !== undefined && view.toolResult === undefined) {
    return { kind: 'web_search', search: searchFor(view.search) }
  }
  if (view.events !== undefined) {
    const deltas = Array.from({ length: view.events }, (_, i) => `tok${i} `)
    return { kind: 'text', text: deltas.join(''), deltas }
  }
  if (view.toolResult !== undefined) {
    const text = doneText(view.toolResult)
    const deltas = ['done: ', text.slice('done: '.length)].filter((d) => d !== '')
    return { kind: 'text', text, deltas }
  }
  const searchTool = view.tools.find((t) => CLIENT_SEARCH_TOOLS.includes(t.name))
  const asked = searchQueryFor(true, false, view.prompt)
  if (searchTool && asked !== undefined && !view.toolsForbidden) {
    const args = JSON.stringify({ query: asked })
    return {
      kind: 'tool_calls',
      calls: [{ name: searchTool.name, arguments: args, chunks: splitInThree(args) }],
    }
  }
  if (view.tools.length > 0 && !view.toolsForbidden) {
    return {
      kind: 'tool_calls',
      calls: pickCalls(view.tools, view.parallel, view.command, view.call),
    }
  }
  const deltas = helloDeltas(view.dialect, view.model)
  return { kind: 'text', text: deltas.join(''), deltas }
}

/** Number of content deltas the reply streams; the fakes report it as output tokens. */
export function replyDeltaCount(reply: ScriptedReply): number {
  switch (reply.kind) {
    case 'text':
      return reply.deltas.length
    case 'tool_calls':
      return reply.calls.reduce((sum, call) => sum + call.chunks.length, 0)
    case 'web_search':
      return reply.search.deltas.length + 1
    default:
      return assertNever(reply)
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`)
}

function pickCalls(
  tools: ToolSpec[],
  parallel: boolean,
  command?: string,
  call?: string,
): ScriptedToolCall[] {
  const preferred = call === undefined ? PREFERRED_TOOLS : [call, ...PREFERRED_TOOLS]
  const rank = (tool: ToolSpec): number => {
    const at = preferred.indexOf(tool.name)
    return at === -1 ? preferred.length : at
  }
  const first = tools.reduce((best, tool) => (rank(tool) < rank(best) ? tool : best))
  if (!parallel) return [toolCall(first, 0, command)]
  const second = tools.find((tool) => tool !== first) ?? first
  return [toolCall(first, 0), toolCall(second, 1)]
}

function toolCall(tool: ToolSpec, variant: number, command?: string): ScriptedToolCall {
  const args = JSON.stringify(argumentsFor(tool.schema, variant, command))
  return {
    name: tool.name,
    arguments: args,
    chunks: splitInThree(args),
    ...(tool.namespace === undefined ? {} : { namespace: tool.namespace }),
  }
}

/** Fills the schema's required properties; strings get values a shell or weather tool accepts. */
export function argumentsFor(schema: unknown, variant: number, command?: string): Obj {
  if (!isObj(schema)) return {}
  const properties = isObj(schema.properties) ? schema.properties : {}
  const args: Obj = {}
  for (const name of strings(schema.required)) {
    const property = properties[name]
    const type = isObj(property) ? str(property.type) : undefined
    const lower = name.toLowerCase()
    args[name] =
      command !== undefined && type === 'string' && (lower === 'command' || lower === 'cmd')
        ? command
        : valueFor(name, type ?? 'string', variant)
  }
  return args
}

function valueFor(name: string, type: string, variant: number): unknown {
  const lower = name.toLowerCase()
  switch (type) {
    case 'string':
      if (lower === 'command' || lower === 'cmd') return variant === 0 ? 'echo hi' : 'echo bye'
      if (lower === 'city' || lower === 'location') return variant === 0 ? 'Paris' : 'London'
      return `fake-${name}`
    case 'number':
    case 'integer':
      return 1
    case 'boolean':
      return true
    case 'array':
      return lower === 'command' ? ['echo', variant === 0 ? 'hi' : 'bye'] : []
    case 'object':
      return {}
    default:
      return null
  }
}

function splitInThree(text: string): string[] {
  const points = Array.from(text)
  const size = Math.max(1, Math.ceil(points.length / 3))
  const chunks: string[] = []
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''))
  return chunks.length > 0 ? chunks : ['{}']
}
