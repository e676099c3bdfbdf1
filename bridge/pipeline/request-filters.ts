// Request filters from the settings: tool types the upstream cannot take and parameters to drop, each
// removal reported as a named downgrade for the log.
import type { Settings } from '../config/schema.js'
import type { Downgrade } from '../protocol/codec.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { Dialect } from '../protocol/dialects.js'

type Filters = Settings['filters']

type DroppableField =
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'stopSequences'
  | 'maxOutputTokens'
  | 'parallelToolCalls'
  | 'reasoning'
  | 'responseFormat'
  | 'user'
  | 'metadata'
  | 'promptCacheKey'

/** Client parameter names and the canonical field each one lands in. */
const PARAM_FIELDS: Record<string, DroppableField> = {
  temperature: 'temperature',
  top_p: 'topP',
  top_k: 'topK',
  stop: 'stopSequences',
  stop_sequences: 'stopSequences',
  max_tokens: 'maxOutputTokens',
  max_output_tokens: 'maxOutputTokens',
  max_completion_tokens: 'maxOutputTokens',
  parallel_tool_calls: 'parallelToolCalls',
  reasoning: 'reasoning',
  thinking: 'reasoning',
  reasoning_effort: 'reasoning',
  response_format: 'responseFormat',
  user: 'user',
  metadata: 'metadata',
  prompt_cache_key: 'promptCacheKey',
}

function toolType(t: CanonicalRequest['tools'][number]): string {
  return t.kind === 'builtin' ? t.type : t.kind
}

/**
 * `upstream` decides what `convertCustomTools: false` means: only the Responses dialect has freeform tools,
 * so for the others the custom tools (apply_patch) are dropped instead of wrapped as functions.
 */
export function filterCanonical(
  req: CanonicalRequest,
  filters: Filters,
  upstream?: Dialect,
): Downgrade[] {
  const notes: Downgrade[] = []
  if (!filters.convertCustomTools && upstream !== undefined && upstream !== 'openai-responses') {
    const custom = new Set(req.tools.filter((t) => t.kind === 'custom').map((t) => t.name))
    if (custom.size > 0) {
      req.tools = req.tools.filter((t) => t.kind !== 'custom')
      for (const name of custom)
        notes.push({
          code: 'filter_custom_tool_dropped',
          message: `Dropped freeform tool ${name}: the upstream has no freeform tools and filters.convertCustomTools is off.`,
        })
      if (req.toolChoice && typeof req.toolChoice === 'object' && custom.has(req.toolChoice.name))
        req.toolChoice = 'auto'
    }
  }
  if (filters.dropToolTypes.length > 0) {
    const drop = new Set(filters.dropToolTypes)
    const kept = req.tools.filter((t) => {
      const type = toolType(t)
      const hit =
        drop.has(type) || (t.kind === 'builtin' && [...drop].some((d) => type.startsWith(`${d}_`)))
      if (hit)
        notes.push({
          code: 'filter_tool_dropped',
          message: `Dropped tool ${t.name ?? type} (type ${type}) by filter.`,
        })
      return !hit
    })
    req.tools = kept
  }
  // A note only for what was really there: a filter on a parameter the client did not send removes nothing.
  for (const param of filters.dropParams) {
    const field = PARAM_FIELDS[param]
    const fields = req.extras.fields
    if (field !== undefined ? req[field] === undefined : !(param in fields)) continue
    if (field !== undefined) delete req[field]
    else delete fields[param]
    notes.push({ code: 'filter_param_dropped', message: `Dropped parameter ${param} by filter.` })
  }
  return notes
}

/** The same filters on a raw same-dialect body (passthrough): top-level keys and `tools[].type`. */
export function filterRaw(body: JsonObject, filters: Filters): Downgrade[] {
  const notes: Downgrade[] = []
  for (const param of filters.dropParams) {
    if (param in body) {
      delete body[param]
      notes.push({ code: 'filter_param_dropped', message: `Dropped parameter ${param} by filter.` })
    }
  }
  const tools = body['tools']
  if (filters.dropToolTypes.length > 0 && Array.isArray(tools)) {
    const drop = filters.dropToolTypes
    body['tools'] = tools.filter((t) => {
      const type =
        typeof t === 'object' && t !== null && !Array.isArray(t) && typeof t['type'] === 'string'
          ? t['type']
          : 'function'
      const hit = drop.some((d) => type === d || type.startsWith(`${d}_`))
      if (hit)
        notes.push({ code: 'filter_tool_dropped', message: `Dropped tool type ${type} by filter.` })
      return !hit
    })
  }
  return notes
}
