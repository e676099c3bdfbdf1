// Thinking budget ↔ reasoning effort: the one table every codec uses (wire-protocols §4.5, CLIProxyAPI's
// thresholds, which cover the whole effort range including xhigh and max).
import type { ReasoningEffort } from './request.js'

const EFFORT_BUDGET: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 128000,
}

export function budgetForEffort(effort: ReasoningEffort): number {
  return EFFORT_BUDGET[effort]
}

export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none'
  if (budget <= 512) return 'minimal'
  if (budget <= 1024) return 'low'
  if (budget <= 8192) return 'medium'
  if (budget <= 24576) return 'high'
  if (budget <= 32768) return 'xhigh'
  return 'max'
}

/** Anthropic adaptive thinking without an explicit effort: treat it as medium. */
export const DEFAULT_ADAPTIVE_EFFORT: ReasoningEffort = 'medium'
