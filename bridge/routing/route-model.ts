// Requested model name → provider and upstream model: prefix, rules, family defaults, then the default provider.
import type { ProviderSettings, RouteRule, Settings } from '../config/schema.js'
import { matchGlob } from './glob.js'

export type Effort = NonNullable<RouteRule['effort']>
export type Family = 'haiku' | 'sonnet' | 'opus'
export const FAMILIES: readonly Family[] = ['haiku', 'sonnet', 'opus']

export interface Route {
  ok: true
  providerId: string
  provider: ProviderSettings
  upstreamModel: string
  effort?: Effort
  /** Why: 'provider prefix', 'rule 2 claude-*haiku*', 'family haiku', 'passthrough' or 'default provider'. */
  matched: string
}

export interface RouteError {
  ok: false
  message: string
  /** Zero-based index of the rule at fault, when a rule is. */
  ruleIndex?: number
}

export type RuleStatus = 'matched' | 'no-match' | 'not-reached'

export interface ConsideredRule {
  index: number
  match: string
  provider: string
  model?: string
  status: RuleStatus
}

export interface RouteExplanation {
  model: string
  route: Route | RouteError
  rules: ConsideredRule[]
}

export function isRouteError(result: Route | RouteError): result is RouteError {
  return !result.ok
}

/** The provider's own last word on a routed name (ChatGPT maps Claude names to its models). */
export type ModelMapper = (provider: ProviderSettings, model: string, settings: Settings) => string

function mapped(
  settings: Settings,
  result: Route | RouteError,
  map: ModelMapper | undefined,
): Route | RouteError {
  // PASSTHROUGH_MODE promises the name goes upstream unchanged, so the provider's mapping is skipped too.
  if (!result.ok || !map || result.matched === 'passthrough') return result
  const upstreamModel = map(result.provider, result.upstreamModel, settings)
  return upstreamModel === result.upstreamModel ? result : { ...result, upstreamModel }
}

/** Requests and the route tester both come here, so the tester shows the model a request really gets. */
export function routeModel(
  settings: Settings,
  requested: string,
  map?: ModelMapper,
): Route | RouteError {
  return mapped(
    settings,
    resolve(settings, requested, () => undefined),
    map,
  )
}

/** For the UI's "which rule matches this model?" tester: the route plus every rule and what it did. */
export function explainRoute(
  settings: Settings,
  model: string,
  map?: ModelMapper,
): RouteExplanation {
  const rules: ConsideredRule[] = settings.routing.rules.map((rule, index) => ({
    index,
    match: rule.match,
    provider: rule.provider,
    ...(rule.model !== undefined ? { model: rule.model } : {}),
    status: 'not-reached',
  }))
  const route = resolve(settings, model, (index, matched) => {
    const entry = rules[index]
    if (entry) entry.status = matched ? 'matched' : 'no-match'
  })
  return { model, route: mapped(settings, route, map), rules }
}

type RuleListener = (index: number, matched: boolean) => void

function resolve(settings: Settings, requested: string, onRule: RuleListener): Route | RouteError {
  const name = requested.trim()
  if (name === '') return { ok: false, message: 'the request names no model' }

  const prefixed = providerPrefix(settings, name)
  if (prefixed) {
    if (prefixed.model === '') {
      return {
        ok: false,
        message: `'${name}' names provider '${prefixed.provider.id}' but no model after the slash`,
      }
    }
    return route(prefixed.provider, prefixed.model, 'provider prefix')
  }

  const rules = settings.routing.rules
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]
    if (!rule) continue
    const matched = matchGlob(rule.match, name)
    onRule(index, matched)
    if (!matched) continue
    const label = `rule ${index + 1} ${rule.match}`
    const provider = findProvider(settings, rule.provider)
    if (!provider) {
      return {
        ok: false,
        message: `${label} sends '${name}' to provider '${rule.provider}', which does not exist`,
        ruleIndex: index,
      }
    }
    const upstream = route(provider, rule.model ?? name, label)
    return rule.effort !== undefined ? { ...upstream, effort: rule.effort } : upstream
  }

  // Passthrough keeps the requested name: explicit prefixes and rules still apply, family defaults do not.
  if (!settings.routing.passthrough) {
    const lower = name.toLowerCase()
    for (const family of FAMILIES) {
      const target = settings.routing.families[family]
      if (!target || !lower.includes(family)) continue
      const prefixedTarget = providerPrefix(settings, target)
      if (prefixedTarget && prefixedTarget.model !== '') {
        return route(prefixedTarget.provider, prefixedTarget.model, `family ${family}`)
      }
      return toDefault(settings, target, `family ${family}`)
    }
  }

  return toDefault(
    settings,
    name,
    settings.routing.passthrough ? 'passthrough' : 'default provider',
  )
}

// Only a known provider id counts as a prefix: model ids such as `meta-llama/llama-3` contain slashes too.
function providerPrefix(
  settings: Settings,
  name: string,
): { provider: ProviderSettings; model: string } | undefined {
  const slash = name.indexOf('/')
  if (slash <= 0) return undefined
  const provider = findProvider(settings, name.slice(0, slash).toLowerCase())
  return provider ? { provider, model: name.slice(slash + 1) } : undefined
}

function toDefault(settings: Settings, model: string, matched: string): Route | RouteError {
  const provider = findProvider(settings, settings.defaultProvider)
  if (!provider)
    return {
      ok: false,
      message: `the default provider '${settings.defaultProvider}' does not exist`,
    }
  return route(provider, model, matched)
}

function findProvider(settings: Settings, id: string): ProviderSettings | undefined {
  return settings.providers.find((p) => p.id === id)
}

function route(provider: ProviderSettings, upstreamModel: string, matched: string): Route {
  return { ok: true, providerId: provider.id, provider, upstreamModel, matched }
}
