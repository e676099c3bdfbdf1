// The `chatgpt` provider: a ChatGPT subscription through the Codex backend, behind the provider interface.
import type { ProviderSettings, Settings } from '../../config/schema.js'
import { headerSecrets, Redactor } from '../../log/redact.js'
import { readBody, sendUpstream } from '../http.js'
import type { ConnectionTest, Provider } from '../provider.js'
import { DEFAULT_CLIENT_VERSION, chatgptHeaders } from './headers.js'
import type { ChatgptRuntime } from './runtime.js'
import { notSetUp, sendChatgpt } from './send.js'
import { chatgptFrameReader } from './stream-frames.js'
import { knownContextWindow } from '../../snippets/context-window.js'

/** One signed-in request to the models endpoint of the base URL really in use (CODEX_BASE_URL included). */
async function testConnection(
  runtime: ChatgptRuntime | undefined,
  provider: ProviderSettings,
): Promise<ConnectionTest> {
  const started = Date.now()
  if (!runtime) return { ok: false, latencyMs: 0, message: notSetUp().message }
  const base = runtime.baseUrl(provider).replace(/\/+$/, '')
  // The answer is shown in the UI; a hostile backend echoes the token and account id it was sent.
  const redactor = new Redactor()
  try {
    const creds = await runtime.credentials.getCredentials()
    const headers = {
      ...chatgptHeaders({
        accessToken: creds.accessToken,
        accountId: creds.accountId ?? '',
        sessionId: 'models',
      }),
      accept: 'application/json',
    }
    for (const s of headerSecrets(headers)) redactor.add(s)
    const url = `${base}/models?client_version=${DEFAULT_CLIENT_VERSION}`
    const res = await sendUpstream({
      url,
      method: 'GET',
      headers,
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
        message: `Connected: ${base} answered ${res.status} in ${latencyMs} ms, signed in.`,
      }
    const hint =
      res.status === 401 || res.status === 403 ? ' Sign in again on the Account page.' : ''
    return {
      ok: false,
      status: res.status,
      latencyMs,
      message:
        `${base} answered ${res.status}.${hint} ${redactor.text(text).slice(0, 200).replace(/\s+/g, ' ')}`.trim(),
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return {
      ok: false,
      latencyMs: Date.now() - started,
      message: `${base}: ${redactor.text(message)}`,
    }
  }
}

export function chatgptProvider(runtime: ChatgptRuntime | undefined): Provider {
  return {
    dialect: 'openai-responses',
    // The backend needs its own body and headers per request, so requests are always rebuilt.
    passthrough: false,
    idleTimeout: true,
    // HTTP 200, `response.created`, then `response.failed` with `context_length_exceeded` (codex-backend.md §3.2).
    overflowInStream: true,
    contextWindow(provider, model) {
      return runtime?.modelsFor(provider).info(model)?.contextWindow ?? knownContextWindow(model)
    },
    mapModel(provider: ProviderSettings, model: string, settings: Settings): string {
      return runtime
        ? runtime.modelsFor(provider).mapModel(model, settings.routing.families)
        : model
    },
    async open(call) {
      if (!runtime) throw notSetUp()
      const { response, accountId } = await sendChatgpt(runtime, call)
      // The usage windows (x-codex-primary-used-percent …) reach the client too.
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(response.headers))
        if (k.startsWith('x-codex-') && typeof v === 'string') headers[k] = v
      return {
        kind: 'http',
        response,
        headers,
        readFrame: chatgptFrameReader(runtime.usage, accountId),
      }
    },
    async listModels(provider, settings) {
      if (!runtime) return []
      const models = await runtime.modelsFor(provider).list()
      return models.map((m) => ({
        id: provider.id === settings.defaultProvider ? m.slug : `${provider.id}/${m.slug}`,
        ownedBy: 'chatgpt',
      }))
    },
    testConnection: (provider) => testConnection(runtime, provider),
  }
}
