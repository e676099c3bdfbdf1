// Canonical tools, tool_choice and reasoning → Anthropic `tools`, `tool_choice`, `thinking`, effort (§1.4, §1.5, §4.5).
import type { JsonObject } from '../canonical/json.js'
import { isWebSearchTool, webSearchSettings } from '../canonical/web-search.js'
import { budgetForEffort } from '../canonical/reasoning.js'
import type {
  CanonicalTool,
  CanonicalToolChoice,
  ReasoningConfig,
  ReasoningEffort,
} from '../canonical/request.js'

export type Note = (code: string, message: string) => void

/** The schema that carries a freeform (custom) tool's raw input as one string (wire-protocols §4.2). */
export const CUSTOM_TOOL_SCHEMA: JsonObject = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw tool input.' } },
  required: ['input'],
}

/** Anthropic requires `input_schema.type: "object"`. */
function objectSchema(parameters: JsonObject): JsonObject {
  if (parameters['type'] === 'object') return parameters
  return { ...parameters, type: 'object', properties: parameters['properties'] ?? {} }
}

function customDescription(tool: Extract<CanonicalTool, { kind: 'custom' }>): string {
  const base = tool.description ?? ''
  if (tool.format?.type !== 'grammar') return base
  // The grammar is the only contract for the raw input; without it the model guesses the format.
  const grammar = `The "input" string must follow this ${tool.format.syntax} grammar:\n${tool.format.definition}`
  return base === '' ? grammar : `${base}\n\n${grammar}`
}

/**
 * The Responses hosted search or a Chat client's `web_search_options` → Anthropic's server tool, keeping the
 * domain filter and the location (Anthropic has no `search_context_size`; noted, not sent).
 */
function webSearchTool(tool: CanonicalTool, note: Note): JsonObject {
  const settings = webSearchSettings(tool)
  const out: JsonObject = { type: 'web_search_20250305', name: 'web_search' }
  if (settings.allowedDomains) out['allowed_domains'] = settings.allowedDomains
  if (settings.location) out['user_location'] = { type: 'approximate', ...settings.location }
  if (settings.contextSize)
    note(
      'search_context_size_dropped',
      `web search search_context_size "${settings.contextSize}" has no Anthropic equivalent; it was dropped`,
    )
  return out
}

export function encodeTools(
  tools: CanonicalTool[],
  note: Note,
): { tools: JsonObject[]; names: Set<string> } {
  const out: JsonObject[] = []
  const names = new Set<string>()
  for (const tool of tools) {
    switch (tool.kind) {
      case 'function': {
        const t: JsonObject = { name: tool.name }
        if (tool.description !== undefined) t['description'] = tool.description
        t['input_schema'] = objectSchema(tool.parameters)
        if (tool.strict === true) t['strict'] = true
        out.push(t)
        names.add(tool.name)
        break
      }
      case 'custom': {
        const description = customDescription(tool)
        const t: JsonObject =
          description === '' ? { name: tool.name } : { name: tool.name, description }
        t['input_schema'] = CUSTOM_TOOL_SCHEMA
        out.push(t)
        names.add(tool.name)
        note(
          'custom_tool_wrapped',
          `custom tool '${tool.name}' sent as a function taking {"input": string}`,
        )
        break
      }
      case 'builtin':
        if (tool.dialect === 'anthropic-messages') {
          out.push(tool.raw)
          if (tool.name !== undefined) names.add(tool.name)
        } else if (isWebSearchTool(tool)) {
          out.push(webSearchTool(tool, note))
          names.add('web_search')
        } else {
          note(
            'builtin_tool_dropped',
            `${tool.dialect} tool '${tool.name ?? tool.type}' has no Anthropic equivalent`,
          )
        }
        break
    }
  }
  return { tools: out, names }
}

export function encodeToolChoice(
  choice: CanonicalToolChoice | undefined,
  parallel: boolean | undefined,
  names: Set<string>,
  thinking: boolean,
  note: Note,
): JsonObject | undefined {
  if (names.size === 0) return undefined
  let out: JsonObject | undefined
  if (choice === undefined) out = undefined
  else if (choice === 'auto') out = { type: 'auto' }
  else if (choice === 'none') out = { type: 'none' }
  else if (choice === 'required') out = { type: 'any' }
  else if (names.has(choice.name)) out = { type: 'tool', name: choice.name }
  else {
    note(
      'tool_choice_unknown_tool',
      `tool_choice names '${choice.name}', which is not among the tools sent; using auto`,
    )
    out = { type: 'auto' }
  }
  if (thinking && out !== undefined && (out['type'] === 'any' || out['type'] === 'tool')) {
    note(
      'tool_choice_downgraded',
      'Anthropic rejects a forced tool_choice with thinking enabled; using auto',
    )
    out = { type: 'auto' }
  }
  if (parallel === false && out?.['type'] !== 'none')
    out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true }
  return out
}

export interface ThinkingPlan {
  thinking?: JsonObject
  effort?: string
  /** True when the request asks for thinking (enabled or adaptive). */
  on: boolean
}

const MIN_BUDGET = 1024

/** Anthropic's effort scale has no `minimal` or `none`; the nearest valid values. */
export function anthropicEffort(effort: ReasoningEffort): string | undefined {
  switch (effort) {
    case 'none':
      return undefined
    case 'minimal':
      return 'low'
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
    case 'max':
      return effort
  }
}

/** Budgets are clamped to [1024, max_tokens - 1]; a max_tokens too small for 1024 turns thinking off. */
export function planThinking(
  reasoning: ReasoningConfig | undefined,
  maxTokens: number,
  note: Note,
): ThinkingPlan {
  if (reasoning === undefined) return { on: false }
  if (!reasoning.enabled || reasoning.effort === 'none')
    return { thinking: { type: 'disabled' }, on: false }
  if (reasoning.adaptive === true) {
    const effort = reasoning.effort === undefined ? undefined : anthropicEffort(reasoning.effort)
    return effort === undefined
      ? { thinking: { type: 'adaptive' }, on: true }
      : { thinking: { type: 'adaptive' }, effort, on: true }
  }
  let budget = reasoning.budgetTokens ?? budgetForEffort(reasoning.effort ?? 'medium')
  if (budget < MIN_BUDGET) {
    note(
      'thinking_budget_raised',
      `thinking budget ${budget} raised to Anthropic's minimum of ${MIN_BUDGET}`,
    )
    budget = MIN_BUDGET
  }
  if (budget >= maxTokens) {
    if (maxTokens - 1 < MIN_BUDGET) {
      note(
        'thinking_disabled',
        `max_tokens ${maxTokens} leaves no room for a thinking budget of at least ${MIN_BUDGET}`,
      )
      return { on: false }
    }
    note(
      'thinking_budget_clamped',
      `thinking budget ${budget} lowered to ${maxTokens - 1} to stay below max_tokens`,
    )
    budget = maxTokens - 1
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, on: true }
}
