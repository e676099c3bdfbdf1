// Anthropic tools, tool_choice, thinking and output_config → canonical tools and settings (§1.4, §1.5, §4.3).
import { invalidRequest } from '../canonical/errors.js'
import { isJsonObject } from '../canonical/json.js'
import type { JsonObject } from '../canonical/json.js'
import { REASONING_EFFORTS } from '../canonical/request.js'
import type {
  CanonicalTool,
  CanonicalToolChoice,
  ReasoningConfig,
  ReasoningEffort,
  ResponseFormat,
} from '../canonical/request.js'
import { asArray, asObject, join, optBoolean, optNumber, optString, reqString } from './fields.js'

/** Tools with a `type` other than `custom` are Anthropic-defined or server tools, carried verbatim. */
export function decodeTools(value: unknown): CanonicalTool[] {
  if (value === undefined || value === null) return []
  return asArray(value, 'tools').map((item, i): CanonicalTool => {
    const at = join('tools', i)
    const tool = asObject(item, at)
    const type = optString(tool, 'type', at)
    if (type !== undefined && type !== 'custom') {
      const name = optString(tool, 'name', at)
      return name === undefined
        ? { kind: 'builtin', type, dialect: 'anthropic-messages', raw: tool }
        : { kind: 'builtin', type, name, dialect: 'anthropic-messages', raw: tool }
    }
    const name = reqString(tool, 'name', at)
    const schema = tool['input_schema']
    if (!isJsonObject(schema))
      throw invalidRequest(`${at}.input_schema: Field required`, `${at}.input_schema`)
    const out: CanonicalTool = { kind: 'function', name, parameters: schema }
    const description = optString(tool, 'description', at)
    if (description !== undefined) out.description = description
    const strict = optBoolean(tool, 'strict', at)
    if (strict !== undefined) out.strict = strict
    return out
  })
}

export interface ToolChoiceSettings {
  toolChoice?: CanonicalToolChoice
  parallelToolCalls?: boolean
}

export function decodeToolChoice(value: unknown): ToolChoiceSettings {
  if (value === undefined || value === null) return {}
  const choice = asObject(value, 'tool_choice')
  const type = reqString(choice, 'type', 'tool_choice')
  const out: ToolChoiceSettings = {}
  switch (type) {
    case 'auto':
      out.toolChoice = 'auto'
      break
    case 'any':
      out.toolChoice = 'required'
      break
    case 'tool':
      out.toolChoice = { name: reqString(choice, 'name', 'tool_choice') }
      break
    case 'none':
      out.toolChoice = 'none'
      break
    default:
      throw invalidRequest(
        `tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'`,
        'tool_choice.type',
      )
  }
  if (optBoolean(choice, 'disable_parallel_tool_use', 'tool_choice') === true)
    out.parallelToolCalls = false
  return out
}

function decodeEffort(config: JsonObject | undefined): ReasoningEffort | undefined {
  if (config === undefined) return undefined
  const effort = optString(config, 'effort', 'output_config')
  if (effort === undefined) return undefined
  const known = REASONING_EFFORTS.find((e) => e === effort)
  if (known === undefined)
    throw invalidRequest(`output_config.effort: unknown effort '${effort}'`, 'output_config.effort')
  return known
}

/** Adaptive thinking keeps the client's effort; without one, consumers apply DEFAULT_ADAPTIVE_EFFORT. */
export function decodeReasoning(
  thinking: unknown,
  outputConfig: JsonObject | undefined,
): ReasoningConfig | undefined {
  const effort = decodeEffort(outputConfig)
  if (thinking === undefined || thinking === null) {
    return effort === undefined ? undefined : { enabled: effort !== 'none', effort }
  }
  const t = asObject(thinking, 'thinking')
  const type = reqString(t, 'type', 'thinking')
  switch (type) {
    case 'enabled': {
      const budget = optNumber(t, 'budget_tokens', 'thinking')
      if (budget === undefined)
        throw invalidRequest(
          'thinking.enabled.budget_tokens: Field required',
          'thinking.budget_tokens',
        )
      const out: ReasoningConfig = { enabled: true, budgetTokens: budget }
      if (effort !== undefined) out.effort = effort
      return out
    }
    case 'adaptive':
      return effort === undefined
        ? { enabled: true, adaptive: true }
        : { enabled: true, adaptive: true, effort }
    case 'disabled':
      return effort === undefined ? { enabled: false } : { enabled: false, effort }
    default:
      throw invalidRequest(
        `thinking.type: Input should be 'enabled', 'adaptive' or 'disabled'`,
        'thinking.type',
      )
  }
}

/** `output_config.format` (current) or the older beta `output_format`. */
export function decodeResponseFormat(
  outputConfig: JsonObject | undefined,
  legacy: unknown,
): ResponseFormat | undefined {
  const format = outputConfig?.['format'] ?? legacy
  if (format === undefined || format === null) return undefined
  const path = outputConfig?.['format'] !== undefined ? 'output_config.format' : 'output_format'
  const f = asObject(format, path)
  const type = reqString(f, 'type', path)
  if (type !== 'json_schema')
    throw invalidRequest(`${path}.type: Input should be 'json_schema'`, `${path}.type`)
  return { type: 'json_schema', schema: asObject(f['schema'], `${path}.schema`) }
}
