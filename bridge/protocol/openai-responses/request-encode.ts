// Canonical request → Responses upstream body: always streaming, stateless (store:false), lossy parts noted.
import type { Downgrade, EncodedRequest, EncodeRequestOptions } from '../codec.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import { DEFAULT_ADAPTIVE_EFFORT, effortForBudget } from '../canonical/reasoning.js'
import type {
  CanonicalRequest,
  CanonicalTool,
  CanonicalToolChoice,
  ReasoningConfig,
} from '../canonical/request.js'
import { offeredTools } from '../canonical/request.js'
import { isWebSearchTool, webSearchSettings } from '../canonical/web-search.js'
import { encodeInput } from './input-encode.js'
import type { Note } from './input-encode.js'
import { asArr, asStr } from './read.js'

const ENCRYPTED_REASONING = 'reasoning.encrypted_content'

/** Another dialect's hosted search (Anthropic's server tool, a Chat client's `web_search_options`). */
function isWebSearch(tool: CanonicalTool): boolean {
  return tool.kind === 'builtin' && tool.dialect !== 'openai-responses' && isWebSearchTool(tool)
}

/** → the Responses hosted tool, keeping the domain filter, the location and the context size. */
function webSearchTool(tool: CanonicalTool): JsonObject {
  const settings = webSearchSettings(tool)
  const out: JsonObject = { type: 'web_search' }
  if (settings.allowedDomains) out['filters'] = { allowed_domains: settings.allowedDomains }
  if (settings.location) out['user_location'] = { type: 'approximate', ...settings.location }
  if (settings.contextSize) out['search_context_size'] = settings.contextSize
  return out
}

export function encodeTools(tools: CanonicalTool[], note: Note): JsonObject[] {
  const out: JsonObject[] = []
  for (const tool of tools) {
    switch (tool.kind) {
      case 'function': {
        const t: JsonObject = { type: 'function', name: tool.name }
        if (tool.description !== undefined) t['description'] = tool.description
        t['parameters'] = tool.parameters
        // Responses defaults to strict:true, which rewrites optional parameters (ISSUE-strict).
        t['strict'] = tool.strict ?? false
        out.push(t)
        break
      }
      case 'custom': {
        const t: JsonObject = { type: 'custom', name: tool.name }
        if (tool.description !== undefined) t['description'] = tool.description
        if (tool.format) t['format'] = { ...tool.format }
        out.push(t)
        break
      }
      case 'builtin':
        if (tool.dialect === 'openai-responses') out.push(tool.raw)
        else if (isWebSearch(tool)) out.push(webSearchTool(tool))
        else {
          note({
            code: 'tool_dropped',
            message: `The ${tool.dialect} built-in tool '${tool.name ?? tool.type}' has no Responses equivalent; dropped.`,
          })
        }
        break
    }
  }
  return out
}

export function encodeToolChoice(choice: CanonicalToolChoice, tools: CanonicalTool[]): JsonValue {
  if (typeof choice === 'string') return choice
  const tool = tools.find((t) => t.name === choice.name)
  if (tool?.kind === 'custom') return { type: 'custom', name: choice.name }
  if (tool && isWebSearch(tool)) return { type: 'web_search' }
  return { type: 'function', name: choice.name }
}

/** Effort for an enabled config; an explicit `none` survives, Anthropic's `disabled` is simply omitted. */
export function encodeReasoning(config: ReasoningConfig | undefined): JsonObject | undefined {
  if (!config) return undefined
  if (!config.enabled) return config.effort === 'none' ? { effort: 'none' } : undefined
  const effort =
    config.effort ??
    (config.budgetTokens !== undefined
      ? effortForBudget(config.budgetTokens)
      : config.adaptive
        ? DEFAULT_ADAPTIVE_EFFORT
        : undefined)
  const out: JsonObject = {}
  if (effort !== undefined) out['effort'] = effort
  out['summary'] = config.summary ?? 'auto'
  return out
}

export function encodeText(req: CanonicalRequest): JsonObject | undefined {
  const out: JsonObject = {}
  const f = req.responseFormat
  if (f) {
    if (f.type === 'json_schema') {
      const format: JsonObject = {
        type: 'json_schema',
        name: f.name ?? 'structured_output',
        schema: f.schema,
      }
      if (f.strict !== undefined) format['strict'] = f.strict
      if (f.description !== undefined) format['description'] = f.description
      out['format'] = format
    } else {
      out['format'] = { type: f.type }
    }
  }
  if (req.verbosity !== undefined) out['verbosity'] = req.verbosity
  return Object.keys(out).length > 0 ? out : undefined
}

export function joinSystem(req: CanonicalRequest): string {
  return req.system.map((p) => p.text).join('\n\n')
}

export function encodeRequest(
  req: CanonicalRequest,
  _options?: EncodeRequestOptions,
): EncodedRequest {
  const notes: Downgrade[] = []
  const note: Note = (n) => {
    if (!notes.some((m) => m.code === n.code && m.message === n.message)) notes.push(n)
  }
  // Fields the client sent in this very dialect (include, service_tier, client_metadata…) go through first.
  const body: JsonObject = req.extras.dialect === 'openai-responses' ? { ...req.extras.fields } : {}
  delete body['previous_response_id']
  delete body['conversation']

  body['model'] = req.model
  body['instructions'] = joinSystem(req)
  // additional_tools items go back as sent, ahead of the conversation where Codex puts them.
  const input = [
    ...(req.additionalTools ?? []).map((a) => a.raw),
    ...encodeInput(req.messages, note),
  ]
  // "Compacts the current context. Must be the final input item." (openai SDK 6 types)
  if (req.compactionTrigger === true) input.push({ type: 'compaction_trigger' })
  body['input'] = input
  const tools = encodeTools(req.tools, note)
  if (tools.length > 0) body['tools'] = tools
  if (req.toolChoice !== undefined)
    body['tool_choice'] = encodeToolChoice(req.toolChoice, offeredTools(req))
  if (req.parallelToolCalls !== undefined) body['parallel_tool_calls'] = req.parallelToolCalls

  const reasoning = encodeReasoning(req.reasoning)
  if (reasoning) body['reasoning'] = reasoning
  // Reasoning replay with store:false needs the encrypted items back from the upstream.
  if (
    (reasoning && reasoning['effort'] !== 'none') ||
    input.some((i) => i['type'] === 'reasoning')
  ) {
    const include = (asArr(body['include']) ?? []).flatMap((v) =>
      typeof v === 'string' ? [v] : [],
    )
    if (!include.includes(ENCRYPTED_REASONING)) include.push(ENCRYPTED_REASONING)
    body['include'] = include
  }
  const text = encodeText(req)
  if (text) body['text'] = text

  if (req.maxOutputTokens !== undefined) body['max_output_tokens'] = req.maxOutputTokens
  if (req.temperature !== undefined) body['temperature'] = req.temperature
  if (req.topP !== undefined) body['top_p'] = req.topP
  if (req.stopSequences && req.stopSequences.length > 0) {
    note({
      code: 'stop_sequences_dropped',
      message: 'Responses has no stop sequences; stop_sequences were dropped.',
    })
  }
  if (req.topK !== undefined)
    note({ code: 'top_k_dropped', message: 'Responses has no top_k; it was dropped.' })
  // A user id that arrived as safety_identifier is already in the extras under its own name.
  if (req.user !== undefined && req.user !== asStr(body['safety_identifier']))
    body['user'] = req.user
  if (req.promptCacheKey !== undefined) body['prompt_cache_key'] = req.promptCacheKey
  if (req.metadata !== undefined) body['metadata'] = { ...req.metadata }
  body['stream'] = true
  body['store'] = false
  return { body, notes }
}
