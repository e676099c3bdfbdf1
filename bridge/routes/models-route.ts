// GET /v1/models: OpenAI's list shape, or Anthropic's when the client sends anthropic-version.
import type { FastifyInstance } from 'fastify'
import type { Settings } from '../config/schema.js'
import type { ModelInfo } from '../upstream/provider.js'
import type { ProviderRegistry } from '../upstream/registry.js'

export type { ModelInfo } from '../upstream/provider.js'

export function listModels(settings: Settings): ModelInfo[] {
  const seen = new Set<string>()
  const out: ModelInfo[] = []
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id)) return
    seen.add(id)
    out.push({ id, ownedBy })
  }
  for (const rule of settings.routing.rules)
    if (!/[*?]/.test(rule.match)) add(rule.match, rule.provider)
  for (const p of settings.providers) for (const m of p.models ?? []) add(`${p.id}/${m}`, p.id)
  return out
}

export function registerModelsRoute(
  app: FastifyInstance,
  settings: () => Settings,
  extra: () => Promise<ModelInfo[]> = async () => [],
): void {
  const handler = async (req: { headers: Record<string, unknown> }) => {
    const models = [...listModels(settings()), ...(await extra())]
    const created = 1_700_000_000
    if (req.headers['anthropic-version'] !== undefined) {
      const data = models.map((m) => ({
        type: 'model',
        id: m.id,
        display_name: m.id,
        created_at: new Date(created * 1000).toISOString(),
      }))
      return {
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      }
    }
    return {
      object: 'list',
      data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: m.ownedBy })),
    }
  }
  app.get('/v1/models', handler)
  app.get('/models', handler)
}

/** What each configured provider lists itself (a live list, a local CLI's models); a failing one lists nothing. */
export async function providerModels(
  settings: Settings,
  providers: ProviderRegistry,
): Promise<ModelInfo[]> {
  const lists = await Promise.all(
    settings.providers.map((p) =>
      providers
        .for(p.kind)
        .listModels(p, settings)
        .catch(() => []),
    ),
  )
  return lists.flat()
}
