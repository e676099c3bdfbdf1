// ChatGPT model facts: models-endpoint parsing, built-in fallback list, effort clamping, Claude defaults (§2.4, §4.6).
import type { JsonObject, JsonValue } from '../../protocol/canonical/json.js'
import { isJsonObject } from '../../protocol/canonical/json.js'
import type { ReasoningEffort } from '../../protocol/canonical/request.js'
import { REASONING_EFFORTS } from '../../protocol/canonical/request.js'

export type Verbosity = 'low' | 'medium' | 'high'

export interface ChatgptModelInfo {
  slug: string
  displayName: string
  /** Efforts the backend accepts, weakest first. */
  efforts: ReasoningEffort[]
  defaultEffort?: ReasoningEffort
  /** `visibility: "list"`; hidden models (e.g. codex-auto-review) still work but are not offered. */
  visible: boolean
  contextWindow?: number
  supportsVerbosity: boolean
  defaultVerbosity?: Verbosity
  supportsReasoningSummaries: boolean
  supportsParallelToolCalls: boolean
  inputModalities: string[]
  plans?: string[]
}

const FULL: ReasoningEffort[] = ['none', 'low', 'medium', 'high', 'xhigh']

function builtin(
  slug: string,
  displayName: string,
  efforts: ReasoningEffort[],
  extra: Partial<ChatgptModelInfo> = {},
): ChatgptModelInfo {
  return {
    slug,
    displayName,
    efforts,
    defaultEffort: 'medium',
    visible: true,
    supportsVerbosity: true,
    supportsReasoningSummaries: true,
    supportsParallelToolCalls: true,
    inputModalities: ['text', 'image'],
    ...extra,
  }
}

/**
 * Used when the models endpoint cannot be reached (2026-08/09 state). Only the gpt-5.6 efforts were
 * probed against the live backend (TC 2026-08); the others are the documented family rules
 * (no `minimal` on gpt-5.1+, no `none` on -codex models) and may be stricter than needed.
 */
export const BUILTIN_MODELS: readonly ChatgptModelInfo[] = [
  builtin('gpt-5.6-sol', 'GPT-5.6 Sol', [...FULL, 'max'], {
    plans: ['plus', 'pro', 'team', 'business', 'enterprise', 'edu'],
  }),
  builtin('gpt-5.6-terra', 'GPT-5.6 Terra', [...FULL, 'max']),
  builtin('gpt-5.6-luna', 'GPT-5.6 Luna', [...FULL, 'max']),
  builtin('gpt-5.5', 'GPT-5.5', FULL, { defaultVerbosity: 'low' }),
  builtin('gpt-5.4', 'GPT-5.4', FULL, {
    plans: ['plus', 'pro', 'team', 'business', 'enterprise', 'edu'],
  }),
  builtin('gpt-5.4-mini', 'GPT-5.4 mini', FULL),
  builtin('gpt-5.3-codex-spark', 'GPT-5.3 Codex Spark', ['low', 'medium', 'high', 'xhigh'], {
    supportsVerbosity: false,
    inputModalities: ['text'],
    plans: ['pro'],
  }),
]

/**
 * Claude families → GPT models, after TC's modelMap (live-verified 2026-08): the three gpt-5.6 tiers
 * line up with opus/sonnet/haiku by size. Every entry is a setting (routing.families) in the end.
 */
export const CLAUDE_FAMILY_DEFAULTS = {
  opus: 'gpt-5.6-sol',
  sonnet: 'gpt-5.6-terra',
  haiku: 'gpt-5.6-luna',
} as const
export type ClaudeFamily = keyof typeof CLAUDE_FAMILY_DEFAULTS

/** When a plan lacks the preferred model (free has no gpt-5.6-sol), the next one that exists. */
const FAMILY_FALLBACKS: Record<ClaudeFamily, string[]> = {
  opus: ['gpt-5.6-sol', 'gpt-5.6-terra', 'gpt-5.5', 'gpt-5.4'],
  sonnet: ['gpt-5.6-terra', 'gpt-5.5', 'gpt-5.4', 'gpt-5.6-sol'],
  haiku: ['gpt-5.6-luna', 'gpt-5.4-mini', 'gpt-5.6-terra', 'gpt-5.5'],
}

export function claudeFamily(model: string): ClaudeFamily | undefined {
  const name = model.toLowerCase()
  if (!name.startsWith('claude')) return undefined
  if (name.includes('opus')) return 'opus'
  if (name.includes('sonnet')) return 'sonnet'
  if (name.includes('haiku')) return 'haiku'
  return undefined
}

/**
 * The backend slug for a requested name: `[1m]` and `openai/` stripped, GPT slugs passed through,
 * Claude names mapped by family (overrides first, then the defaults, limited to `available` when given).
 */
export function mapModelName(
  model: string,
  options: { families?: Partial<Record<ClaudeFamily, string>>; available?: string[] } = {},
): string {
  const name = model.replace(/\[[^\]]*\]$/, '').replace(/^openai\//, '')
  const family = claudeFamily(name)
  if (!family) return name
  const override = options.families?.[family]
  if (override) return override
  const available = options.available
  if (available && available.length > 0) {
    const found = FAMILY_FALLBACKS[family].find((slug) => available.includes(slug))
    if (found) return found
  }
  return CLAUDE_FAMILY_DEFAULTS[family]
}

function rank(effort: ReasoningEffort): number {
  return REASONING_EFFORTS.indexOf(effort)
}

/** The supported effort nearest to `wanted`; on a tie the stronger one (minimal → low, max → xhigh). */
export function nearestEffort(
  efforts: readonly ReasoningEffort[],
  wanted: ReasoningEffort,
): ReasoningEffort | undefined {
  let best: ReasoningEffort | undefined
  for (const e of efforts) {
    if (best === undefined) {
      best = e
      continue
    }
    const d = Math.abs(rank(e) - rank(wanted))
    const bestD = Math.abs(rank(best) - rank(wanted))
    if (d < bestD || (d === bestD && rank(e) > rank(best))) best = e
  }
  return best
}

export function isEffort(value: unknown): value is ReasoningEffort {
  return typeof value === 'string' && (REASONING_EFFORTS as readonly string[]).includes(value)
}

function isVerbosity(value: unknown): value is Verbosity {
  return value === 'low' || value === 'medium' || value === 'high'
}

const str = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined
const bool = (v: JsonValue | undefined, fallback: boolean): boolean =>
  typeof v === 'boolean' ? v : fallback

/** One entry of `GET /codex/models`; undefined when it has no slug. Unknown efforts (`ultra`) are dropped: the API rejects them. */
export function parseModel(raw: JsonObject): ChatgptModelInfo | undefined {
  const slug = str(raw['slug'])
  if (!slug) return undefined
  const levels = Array.isArray(raw['supported_reasoning_levels'])
    ? raw['supported_reasoning_levels']
    : []
  const efforts = levels
    .map((l) => (isJsonObject(l) ? l['effort'] : l))
    .filter(isEffort)
    .sort((a, b) => rank(a) - rank(b))
  const info: ChatgptModelInfo = {
    slug,
    displayName: str(raw['display_name']) ?? slug,
    efforts,
    visible: str(raw['visibility']) !== 'hide',
    supportsVerbosity: bool(raw['support_verbosity'], false),
    supportsReasoningSummaries: bool(raw['supports_reasoning_summaries'], true),
    supportsParallelToolCalls: bool(raw['supports_parallel_tool_calls'], true),
    inputModalities: Array.isArray(raw['input_modalities'])
      ? raw['input_modalities'].filter((m): m is string => typeof m === 'string')
      : ['text'],
  }
  const defaultEffort = raw['default_reasoning_level']
  if (isEffort(defaultEffort)) info.defaultEffort = defaultEffort
  if (typeof raw['context_window'] === 'number') info.contextWindow = raw['context_window']
  if (isVerbosity(raw['default_verbosity'])) info.defaultVerbosity = raw['default_verbosity']
  if (Array.isArray(raw['available_in_plans']))
    info.plans = raw['available_in_plans'].filter((p): p is string => typeof p === 'string')
  return info
}

/** The `{"models":[…]}` body; throws when it has no models array. */
export function parseModelsResponse(body: unknown): ChatgptModelInfo[] {
  if (!isJsonObject(body) || !Array.isArray(body['models']))
    throw new Error('the models endpoint answered without a "models" array')
  return body['models'].flatMap((m) => {
    const info = isJsonObject(m) ? parseModel(m) : undefined
    return info ? [info] : []
  })
}

export type EffortPolicy = 'clamp' | 'reject'

export type EffortCheck =
  | { ok: true; effort: ReasoningEffort; clamped: boolean }
  | { ok: false; message: string; supported: ReasoningEffort[] }

function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`)
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')}, and ${String(q.at(-1))}`
}

/**
 * An effort against a model's list. Unknown models pass unchanged (the backend decides); a clamp
 * beats a 400 because an unsupported effort can also stall into a 502 (ICP PR #739).
 */
export function checkEffort(
  info: ChatgptModelInfo | undefined,
  effort: ReasoningEffort,
  policy: EffortPolicy = 'clamp',
): EffortCheck {
  if (!info || info.efforts.length === 0 || info.efforts.includes(effort))
    return { ok: true, effort, clamped: false }
  const nearest = nearestEffort(info.efforts, effort)
  if (policy === 'reject' || nearest === undefined) {
    return {
      ok: false,
      supported: [...info.efforts],
      message: `Unsupported value: '${effort}' is not supported with the '${info.slug}' model. Supported values are: ${quoteList(info.efforts)}.`,
    }
  }
  return { ok: true, effort: nearest, clamped: true }
}
