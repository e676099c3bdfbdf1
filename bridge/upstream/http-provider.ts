// The plain HTTP kinds (OpenAI Chat Completions, OpenAI Responses, Anthropic Messages): the body goes to the
// endpoint with the provider's key and headers, and a same-dialect request passes through as bytes.
import type { ProviderSettings, Settings } from '../config/schema.js'
import type { Dialect } from '../protocol/dialects.js'
import { Redactor } from '../log/redact.js'
import { readBody, sendUpstream } from './http.js'
import type { ConnectionTest, Provider, ProviderEnv } from './provider.js'
import { resolveTarget } from './target.js'

function modelsUrl(url: string, dialect: Dialect): string {
  if (dialect === 'anthropic-messages') return url.replace(/\/messages$/, '/models')
  return url.replace(/\/(chat\/completions|responses)$/, '/models')
}

/** "Test connection": one authenticated models request, with status and latency in words. */
async function testConnection(
  dialect: Dialect,
  provider: ProviderSettings,
  settings: Settings,
  { env, secrets }: ProviderEnv,
): Promise<ConnectionTest> {
  const started = Date.now()
  // The upstream's answer is shown in the UI; a hostile one echoes the credentials it was sent.
  const redactor = new Redactor()
  try {
    const target = await resolveTarget(settings, provider, dialect, {}, env, secrets)
    for (const s of target.secrets) redactor.add(s)
    const res = await sendUpstream({
      url: modelsUrl(target.url, dialect),
      method: 'GET',
      headers: { ...target.headers, accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
      connectTimeoutMs: 10_000,
    })
    const text = await readBody(res.body, 64 * 1024)
    const latencyMs = Date.now() - started
    if (res.status < 400)
      return {
        ok: true,
        status: res.status,
        latencyMs,
        message: `Connected: ${provider.baseUrl} answered ${res.status} in ${latencyMs} ms.`,
      }
    const detail = redactor.text(text).slice(0, 200).replace(/\s+/g, ' ')
    const hint =
      res.status === 401 || res.status === 403
        ? ' Check the API key.'
        : res.status === 404
          ? ' Check the base URL (OpenAI-style URLs usually end in /v1).'
          : ''
    return {
      ok: false,
      status: res.status,
      latencyMs,
      message: `${provider.baseUrl} answered ${res.status}.${hint} ${detail}`.trim(),
    }
  } catch (err) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      message: redactor.text(err instanceof Error ? err.message : String(err)),
    }
  }
}

export function httpProvider(dialect: Dialect): Provider {
  return {
    dialect,
    passthrough: true,
    idleTimeout: true,
    async open(call) {
      const target = await resolveTarget(
        call.settings,
        call.provider,
        dialect,
        call.incoming,
        call.env,
        call.secrets,
      )
      for (const s of target.secrets) call.redact(s)
      call.exchange.update({ upstreamUrl: target.url })
      const text = JSON.stringify(call.body)
      call.exchange.body('upstreamRequest', text)
      const response = await sendUpstream({
        url: target.url,
        headers: target.headers,
        body: text,
        signal: call.signal,
        trace: call.exchange.upstreamTrace(),
      })
      return { kind: 'http', response }
    },
    // Only the configured `models` are listed (by the models route, for every kind).
    listModels: async () => [],
    testConnection: (provider, settings, env) => testConnection(dialect, provider, settings, env),
  }
}
