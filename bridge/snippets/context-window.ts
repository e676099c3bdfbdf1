// The context window Claude Code should assume when its Claude families are routed to other models: it
// compacts before the upstream refuses only if it knows the real window (long-sessions.md §3.4).
import type { Settings } from '../config/schema.js'
import { FAMILIES, routeModel } from '../routing/route-model.js'
import { mapModelName } from '../upstream/chatgpt/model-catalog.js'

/** Claude Code reads the window from this variable; it ignores values below its minimum. */
export const CLAUDE_WINDOW_ENV = 'CLAUDE_CODE_AUTO_COMPACT_WINDOW'
const CLAUDE_WINDOW_MIN = 100_000

/** Input windows by model name (the ChatGPT backend's `context_window` for gpt-5.x; OpenAI's model pages). */
const KNOWN_WINDOWS: { match: RegExp; tokens: number }[] = [
  { match: /^gpt-5/, tokens: 272_000 },
  { match: /^gpt-4\.1/, tokens: 1_047_576 },
  { match: /^gpt-4o/, tokens: 128_000 },
  { match: /^o[134](-|$)/, tokens: 200_000 },
]

export function knownContextWindow(model: string): number | undefined {
  const name = model.toLowerCase().replace(/^openai\//, '')
  return KNOWN_WINDOWS.find((w) => w.match.test(name))?.tokens
}

/** Which model each Claude family really reaches, as the gateway would route `claude-<family>`. */
export function mappedFamilyModels(settings: Settings): string[] {
  const out: string[] = []
  for (const family of FAMILIES) {
    const route = routeModel(settings, `claude-${family}-4-5`)
    if (!route.ok) continue
    const model =
      route.provider.kind === 'chatgpt'
        ? mapModelName(route.upstreamModel, { families: settings.routing.families })
        : route.upstreamModel
    out.push(model)
  }
  return out
}

/**
 * The smallest known window among the non-Claude models the families map to, or undefined when they stay on
 * Claude models (Claude Code knows those) or when no mapped model's window is known.
 */
export function claudeContextWindow(settings: Settings): number | undefined {
  const windows = mappedFamilyModels(settings)
    .filter((m) => !m.toLowerCase().startsWith('claude'))
    .map(knownContextWindow)
    .filter((w): w is number => w !== undefined)
  if (windows.length === 0) return undefined
  return Math.max(CLAUDE_WINDOW_MIN, Math.min(...windows))
}
