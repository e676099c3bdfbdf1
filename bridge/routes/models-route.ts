// GET /v1/models: OpenAI's list shape, or Anthropic's when the client sends anthropic-version.
import type { FastifyInstance } from 'fastify'
import type { Settings } from '../config/schema.js'
import type { ChatgptRuntime } from '../upstream/chatgpt-runtime.js'
import type { CodexCliRuntime } from '../upstream/codex-cli/index.js'

export interface ModelInfo {
  id: string
  ownedBy: string
}

export function listModels(settings: Settings): ModelInfo[] {
  const seen = new Set<string>()
  const out: ModelInfo[] = []
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id)) return
    seen.add(id)
    out.push({ id, ownedBy })
  }
  for (const rule of settings.routing.rules) if (!/[*?]/.test(rule.match)) add(rule.match, rule.provider)
  for (const p of settings.providers) for (const m of p.models ?? []) add(`${p.id}/${m}`, p.id)
  return out
}

export function registerModelsRoute(app: FastifyInstance, settings: () => Settings, extra: () => Promise<ModelInfo[]> = async () => []): void {
  const handler = async (req: { headers: Record<string, unknown> }) => {
    const models = [...listModels(settings()), ...(await extra())]
    const created = 1_700_000_000
    if (req.headers['anthropic-version'] !== undefined) {
      const data = models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: new Date(created * 1000).toISOString() }))
      return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }
    }
    return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: m.ownedBy })) }
  }
  app.get('/v1/models', handler)
  app.get('/models', handler)
}

/** The live ChatGPT model list (cached; the built-in list when the backend cannot be reached). */
export async function chatgptModels(settings: Settings, runtime: ChatgptRuntime | undefined): Promise<ModelInfo[]> {
  if (!runtime) return []
  const out: ModelInfo[] = []
  for (const p of settings.providers) {
    if (p.kind !== 'chatgpt') continue
    const models = await runtime.modelsFor(p).list()
    for (const m of models) out.push({ id: p.id === settings.defaultProvider ? m.slug : `${p.id}/${m.slug}`, ownedBy: 'chatgpt' })
  }
  return out
}

/** Models the local Codex CLI reports, as `<provider>/<model>` (`codex-cli/gpt-5.5`). */
export async function codexModels(settings: Settings, runtime: CodexCliRuntime | undefined): Promise<ModelInfo[]> {
  if (!runtime) return []
  const out: ModelInfo[] = []
  for (const p of settings.providers) {
    if (p.kind !== 'codex-cli') continue
    const models = await runtime.models(p).catch(() => [] as string[])
    for (const m of models) out.push({ id: `${p.id}/${m}`, ownedBy: 'codex-cli' })
  }
  return out
}
