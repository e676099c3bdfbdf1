// "Test connection": one authenticated models request to a provider, with status and latency in words.
import type { ProviderSettings, Settings } from '../config/schema.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { resolveTarget } from '../upstream/target.js'
import { sendUpstream, readBody } from '../upstream/http.js'
import { defaultSettings } from '../config/defaults.js'
import type { ProviderTestResult } from './contract.js'

function modelsUrl(target: { url: string; dialect: string }): string {
  if (target.dialect === 'anthropic-messages') return target.url.replace(/\/messages$/, '/models')
  return target.url.replace(/\/(chat\/completions|responses)$/, '/models')
}

export async function testProviderConnection(provider: ProviderSettings, env: NodeJS.ProcessEnv, secrets: SecretStore, settings: Settings = defaultSettings()): Promise<ProviderTestResult> {
  const started = Date.now()
  try {
    const target = await resolveTarget(settings, provider, {}, env, secrets)
    const res = await sendUpstream({ url: modelsUrl(target), method: 'GET', headers: { ...target.headers, accept: 'application/json' }, signal: AbortSignal.timeout(10_000), connectTimeoutMs: 10_000 })
    const text = await readBody(res.body, 64 * 1024)
    const latencyMs = Date.now() - started
    if (res.status < 400) return { ok: true, status: res.status, latencyMs, message: `Connected: ${provider.baseUrl} answered ${res.status} in ${latencyMs} ms.` }
    const detail = text.slice(0, 200).replace(/\s+/g, ' ')
    const hint = res.status === 401 || res.status === 403 ? ' Check the API key.' : res.status === 404 ? ' Check the base URL (OpenAI-style URLs usually end in /v1).' : ''
    return { ok: false, status: res.status, latencyMs, message: `${provider.baseUrl} answered ${res.status}.${hint} ${detail}`.trim() }
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, message: err instanceof Error ? err.message : String(err) }
  }
}
