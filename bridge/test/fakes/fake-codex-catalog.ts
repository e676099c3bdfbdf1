// What the fake Codex backend knows: model catalog, x-codex-* usage headers, error bodies (codex-backend.md §2.4, §3).
import type { OutgoingHttpHeaders } from 'node:http'
import type { Obj } from './json-guards.js'

export interface FakeCodexModel {
  slug: string
  efforts: string[]
  defaultEffort: string
  verbosity: boolean
  /** Listed only for client_version ≥ this (gpt-6-astra: 0.153.0). */
  minClientVersion?: string
  hidden?: boolean
}

const ALL = ['none', 'low', 'medium', 'high', 'xhigh', 'max']

/** `ultra` is in the catalog for the 5.6 models but the API rejects it (TC commit 4153842): listed, not accepted. */
export const FAKE_CODEX_MODELS: FakeCodexModel[] = [
  { slug: 'gpt-5.6-sol', efforts: [...ALL, 'ultra'], defaultEffort: 'medium', verbosity: true },
  { slug: 'gpt-5.6-terra', efforts: [...ALL, 'ultra'], defaultEffort: 'medium', verbosity: true },
  { slug: 'gpt-5.6-luna', efforts: ALL, defaultEffort: 'medium', verbosity: true },
  {
    slug: 'gpt-5.5',
    efforts: ['none', 'low', 'medium', 'high', 'xhigh'],
    defaultEffort: 'medium',
    verbosity: true,
  },
  {
    slug: 'gpt-5.4-mini',
    efforts: ['none', 'low', 'medium', 'high', 'xhigh'],
    defaultEffort: 'medium',
    verbosity: true,
  },
  {
    slug: 'gpt-5.3-codex-spark',
    efforts: ['low', 'medium', 'high', 'xhigh'],
    defaultEffort: 'high',
    verbosity: false,
  },
  {
    slug: 'gpt-6-astra',
    efforts: ALL,
    defaultEffort: 'medium',
    verbosity: true,
    minClientVersion: '0.153.0',
  },
  {
    slug: 'gpt-6-sol',
    efforts: ALL,
    defaultEffort: 'medium',
    verbosity: true,
    minClientVersion: '0.153.0',
  },
  {
    slug: 'codex-auto-review',
    efforts: ['low', 'medium'],
    defaultEffort: 'low',
    verbosity: false,
    hidden: true,
  },
]

/** Efforts the responses endpoint accepts (the catalog's minus `ultra`). */
export function acceptedEfforts(model: FakeCodexModel): string[] {
  return model.efforts.filter((e) => e !== 'ultra')
}

function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number)
  const b = min.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x > y
  }
  return true
}

export function modelsFor(
  models: FakeCodexModel[],
  clientVersion: string | undefined,
): FakeCodexModel[] {
  return models.filter(
    (m) =>
      !m.minClientVersion ||
      (clientVersion !== undefined && versionAtLeast(clientVersion, m.minClientVersion)),
  )
}

export function modelsBody(models: FakeCodexModel[]): Obj {
  return {
    models: models.map((m, i) => ({
      slug: m.slug,
      display_name: m.slug.toUpperCase().replace(/-/g, ' '),
      description: `fake ${m.slug}`,
      default_reasoning_level: m.defaultEffort,
      supported_reasoning_levels: m.efforts.map((effort) => ({
        effort,
        description: `${effort} effort`,
      })),
      visibility: m.hidden ? 'hide' : 'list',
      supported_in_api: true,
      priority: i,
      context_window: 272000,
      support_verbosity: m.verbosity,
      default_verbosity: m.verbosity ? 'low' : null,
      supports_reasoning_summaries: true,
      default_reasoning_summary: 'auto',
      supports_parallel_tool_calls: true,
      input_modalities: ['text', 'image'],
      base_instructions: 'You are Codex, a coding agent.',
      available_in_plans: ['plus', 'pro'],
    })),
  }
}

export interface FakeWindow {
  usedPercent: number
  windowMinutes: number
  resetAfterSeconds: number
}

export interface FakeUsage {
  primary?: FakeWindow
  secondary?: FakeWindow
  planType: string
}

export const DEFAULT_FAKE_USAGE: FakeUsage = {
  primary: { usedPercent: 12, windowMinutes: 300, resetAfterSeconds: 3600 },
  secondary: { usedPercent: 34, windowMinutes: 10080, resetAfterSeconds: 400_000 },
  planType: 'plus',
}

/** The full header set of a real response (earendil-works/pi #4172), Python-style booleans included. */
export function usageHeaders(usage: FakeUsage, nowSeconds: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'x-codex-active-limit': 'premium',
    'x-codex-plan-type': usage.planType,
    'x-codex-primary-over-secondary-limit-percent': '0',
    'x-codex-credits-has-credits': 'False',
    'x-codex-credits-balance': '0',
    'x-codex-credits-unlimited': 'False',
  }
  for (const name of ['primary', 'secondary'] as const) {
    const w = usage[name]
    if (!w) continue
    headers[`x-codex-${name}-used-percent`] = String(w.usedPercent)
    headers[`x-codex-${name}-window-minutes`] = String(w.windowMinutes)
    headers[`x-codex-${name}-reset-after-seconds`] = String(w.resetAfterSeconds)
    headers[`x-codex-${name}-reset-at`] = String(nowSeconds + w.resetAfterSeconds)
  }
  return headers
}

/** The 429 body (earendil-works/pi #4172): resets with the exhausted window. */
export function usageLimitBody(usage: FakeUsage, nowSeconds: number): Obj {
  const full = [usage.primary, usage.secondary].find((x) => x !== undefined && x.usedPercent >= 100)
  const w = full ?? usage.primary ?? usage.secondary
  const inSeconds = w?.resetAfterSeconds ?? 3600
  return {
    error: {
      type: 'usage_limit_reached',
      message: 'The usage limit has been reached',
      plan_type: usage.planType,
      resets_at: nowSeconds + inSeconds,
      eligible_promo: null,
      resets_in_seconds: inSeconds,
    },
  }
}

export function detail(text: string): Obj {
  return { detail: text }
}

export function invalidRequest(
  message: string,
  param: string | null,
  code: string | null = null,
): Obj {
  return { error: { message, type: 'invalid_request_error', param, code } }
}

export function quoteList(values: string[]): string {
  const q = values.map((v) => `'${v}'`)
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')}, and ${String(q.at(-1))}`
}
