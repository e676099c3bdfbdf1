// CanonicalRequest → streaming Chat Completions body for an upstream, with every downgrade named (wire-protocols §4.1–§4.5).
import { offeredTools } from '../canonical/request.js'
import type { EncodeRequestOptions, EncodedRequest } from '../codec.js'
import type { JsonObject, JsonValue } from '../canonical/json.js'
import { DEFAULT_ADAPTIVE_EFFORT, effortForBudget } from '../canonical/reasoning.js'
import type {
  CanonicalRequest,
  CanonicalTool,
  ReasoningConfig,
  ReasoningEffort,
  ResponseFormat,
} from '../canonical/request.js'
import { encodeMessages, Notes } from './request-encode-messages.js'
import {
  CHAT_WEB_SEARCH,
  isWebSearchTool,
  WEB_SEARCH_UNAVAILABLE,
  webSearchForced,
} from '../canonical/web-search.js'

const MAX_STOP = 4

/** The wrapper schema that lets a function-only upstream carry a free-form custom tool input. */
export const CUSTOM_TOOL_SCHEMA: JsonObject = {
  type: 'object',
  properties: { input: { type: 'string' } },
  required: ['input'],
}

function encodeTool(tool: CanonicalTool, notes: Notes): JsonObject | undefined {
  switch (tool.kind) {
    case 'function': {
      const fn: JsonObject = { name: tool.name }
      if (tool.description !== undefined) fn['description'] = tool.description
      fn['parameters'] = tool.parameters
      if (tool.strict !== undefined) fn['strict'] = tool.strict
      return { type: 'function', function: fn }
    }
    case 'custom': {
      notes.add(
        'custom_tool_as_function',
        `custom tool ${tool.name} was sent as a function tool taking {"input": string}`,
      )
      const fn: JsonObject = { name: tool.name, parameters: CUSTOM_TOOL_SCHEMA }
      if (tool.description !== undefined) fn['description'] = tool.description
      return { type: 'function', function: fn }
    }
    case 'builtin':
      // A Chat client's own non-function tool goes back to a Chat upstream unchanged.
      if (tool.dialect === 'openai-chat') return tool.raw
      if (isWebSearchTool(tool)) {
        notes.add(
          WEB_SEARCH_UNAVAILABLE,
          `hosted web search (${tool.type}) is not available on a Chat Completions upstream; the model answers without searching`,
        )
        return undefined
      }
      notes.add(
        'builtin_tool_dropped',
        `tool ${tool.name ?? tool.type} (${tool.type}) has no Chat Completions form; it was dropped`,
      )
      return undefined
  }
}

function encodeEffort(reasoning: ReasoningConfig | undefined): ReasoningEffort | undefined {
  if (!reasoning) return undefined
  if (reasoning.effort) return reasoning.effort
  if (!reasoning.enabled) return undefined
  if (reasoning.budgetTokens !== undefined) return effortForBudget(reasoning.budgetTokens)
  if (reasoning.adaptive) return DEFAULT_ADAPTIVE_EFFORT
  return undefined
}

function encodeResponseFormat(format: ResponseFormat): JsonObject {
  switch (format.type) {
    case 'text':
    case 'json_object':
      return { type: format.type }
    case 'json_schema': {
      // `name` is required in Chat; LiteLLM's default keeps schemas from unnamed sources valid.
      const schema: JsonObject = { name: format.name ?? 'structured_output', schema: format.schema }
      if (format.strict !== undefined) schema['strict'] = format.strict
      if (format.description !== undefined) schema['description'] = format.description
      return { type: 'json_schema', json_schema: schema }
    }
  }
}

function encodeToolChoice(
  req: CanonicalRequest,
  functionNames: Set<string>,
  notes: Notes,
): JsonValue | undefined {
  const choice = req.toolChoice
  if (choice === undefined) return undefined
  if (typeof choice === 'string') return choice
  if (functionNames.has(choice.name)) return { type: 'function', function: { name: choice.name } }
  notes.add(
    'tool_choice_downgraded',
    `tool_choice named ${choice.name}, which was not sent upstream; using auto`,
  )
  return 'auto'
}

export function encodeRequest(
  req: CanonicalRequest,
  options: EncodeRequestOptions = {},
): EncodedRequest {
  const notes = new Notes()
  const body: JsonObject = {
    model: req.model,
    messages: encodeMessages(req, options, notes),
    stream: true,
  }
  if (options.chatStreamOptions !== false) body['stream_options'] = { include_usage: true }

  const tools: JsonObject[] = []
  const functionNames = new Set<string>()
  for (const tool of offeredTools(req)) {
    // A Chat client's own search options go back as they came (a search model takes them).
    if (
      tool.kind === 'builtin' &&
      tool.dialect === 'openai-chat' &&
      tool.type === CHAT_WEB_SEARCH
    ) {
      body['web_search_options'] = tool.raw
      continue
    }
    const encoded = encodeTool(tool, notes)
    if (!encoded) continue
    tools.push(encoded)
    if (tool.kind !== 'builtin') functionNames.add(tool.name)
  }
  if (webSearchForced(req))
    notes.add(
      WEB_SEARCH_UNAVAILABLE,
      'the request forces a web search, which a Chat Completions upstream cannot run: the client receives a failed search (error_code "unavailable") before the answer',
    )
  // OpenAI rejects tool_choice and parallel_tool_calls when no tools are sent.
  if (tools.length > 0) {
    body['tools'] = tools
    const choice = encodeToolChoice(req, functionNames, notes)
    if (choice !== undefined) body['tool_choice'] = choice
    if (req.parallelToolCalls !== undefined) body['parallel_tool_calls'] = req.parallelToolCalls
  }

  if (req.maxOutputTokens !== undefined)
    body[options.chatMaxTokensField ?? 'max_completion_tokens'] = req.maxOutputTokens
  const effort = encodeEffort(req.reasoning)
  if (effort !== undefined) body['reasoning_effort'] = effort
  if (req.temperature !== undefined) body['temperature'] = req.temperature
  if (req.topP !== undefined) body['top_p'] = req.topP
  if (req.topK !== undefined)
    notes.add('top_k_dropped', 'top_k has no Chat Completions equivalent; it was dropped')
  if (req.stopSequences && req.stopSequences.length > 0) {
    if (req.stopSequences.length > MAX_STOP) {
      notes.add(
        'stop_truncated',
        `Chat accepts at most ${MAX_STOP} stop sequences; ${req.stopSequences.length - MAX_STOP} were dropped`,
      )
    }
    body['stop'] = req.stopSequences.slice(0, MAX_STOP)
  }
  if (req.responseFormat) body['response_format'] = encodeResponseFormat(req.responseFormat)
  if (req.verbosity !== undefined) body['verbosity'] = req.verbosity
  if (req.user !== undefined) body['user'] = req.user
  if (req.promptCacheKey !== undefined) body['prompt_cache_key'] = req.promptCacheKey
  if (req.metadata && Object.keys(req.metadata).length > 0) body['metadata'] = req.metadata

  // Chat-only fields (seed, logprobs, penalties…) return only to a Chat upstream, never overriding mapped ones.
  if (req.extras.dialect === 'openai-chat') {
    for (const [key, value] of Object.entries(req.extras.fields)) {
      if (key === 'tool_choice' && body['tool_choice'] === undefined) continue
      if (key === 'tool_choice' || !(key in body)) body[key] = value
    }
  }
  return { body, notes: notes.list }
}
