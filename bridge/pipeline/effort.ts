// A route's reasoning effort, applied to the canonical request or, on passthrough, to the raw body.
import type { Route } from '../routing/route-model.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import { budgetForEffort } from '../protocol/canonical/reasoning.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { Dialect } from '../protocol/dialects.js'

export function applyRouteEffort(req: CanonicalRequest, effort: Route['effort']): void {
  if (!effort) return
  req.reasoning =
    effort === 'none' ? { enabled: false, effort } : { ...req.reasoning, enabled: true, effort }
  if (req.reasoning.budgetTokens !== undefined) delete req.reasoning.budgetTokens
}

export function applyRawEffort(body: JsonObject, dialect: Dialect, effort: Route['effort']): void {
  if (!effort) return
  switch (dialect) {
    case 'openai-chat':
      body['reasoning_effort'] = effort
      return
    case 'openai-responses': {
      const reasoning = isJsonObject(body['reasoning']) ? body['reasoning'] : {}
      body['reasoning'] = { ...reasoning, effort }
      return
    }
    case 'anthropic-messages': {
      if (effort === 'none') {
        body['thinking'] = { type: 'disabled' }
        return
      }
      const budget = Math.max(1024, budgetForEffort(effort))
      const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : 32000
      body['thinking'] = { type: 'enabled', budget_tokens: Math.min(budget, maxTokens - 1) }
      return
    }
  }
}
