// Where each Claude family goes today, asked of the gateway's own routing (the route tester's), so the
// families card shows the model a request really gets, provider mappings included.
import { useEffect, useState } from 'react'
import type { Settings } from '../../../bridge/config/schema.js'
import type { RouteExplanationView } from '../../../bridge/control/contract/settings-views.js'
import { useClient } from '../api/client-context.js'
import { useAppState } from '../state/app-state.js'

export type Family = 'haiku' | 'sonnet' | 'opus'

/** A name only the family matches, as Claude Code's model names do (claude-opus-4-1 → opus). */
export const familyProbe = (family: Family): string => `claude-${family}`

export function useFamilyRoutes(
  families: readonly Family[],
): Partial<Record<Family, RouteExplanationView>> {
  const client = useClient()
  // Saved settings, not the draft: the gateway routes by what is saved.
  const { settings } = useAppState()
  const [routes, setRoutes] = useState<Partial<Record<Family, RouteExplanationView>>>({})
  useEffect(() => {
    let live = true
    const ask = async (s: Settings | undefined): Promise<void> => {
      if (!s) return
      const entries = await Promise.all(
        families.map(
          async (f) => [f, await client.explainRoute({ model: familyProbe(f) })] as const,
        ),
      )
      if (live) setRoutes(Object.fromEntries(entries))
    }
    ask(settings).catch(() => undefined)
    return () => {
      live = false
    }
  }, [client, settings, families])
  return routes
}

export function describeRoute(r: RouteExplanationView | undefined): string | undefined {
  if (!r) return undefined
  if (!r.ok) return `Now: no route (${r.message ?? 'unknown'})`
  return `Now: ${r.providerId ?? '?'} / ${r.upstreamModel ?? '?'}${r.matched ? ` — by ${r.matched}` : ''}`
}
