// Resolves a configured provider into an upstream call: wire dialect, endpoint URL, auth and headers.
import type { ProviderSettings, Settings } from '../config/schema.js'
import { bridgeError } from '../errors.js'
import type { EncodeRequestOptions } from '../protocol/codec.js'
import type { Dialect } from '../protocol/dialects.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { chatgptResponsesUrl } from './chatgpt/index.js'
import { CODEX_BASE_URL_ENV } from './chatgpt-runtime.js'
import { chatgptBackendBase } from '../config/upstream-url.js'

export interface UpstreamTarget {
  provider: ProviderSettings
  dialect: Dialect
  url: string
  headers: Record<string, string>
  encodeOptions: EncodeRequestOptions
  /** Secrets used for this call, so the log can redact them. */
  secrets: string[]
}

export function dialectForProvider(provider: ProviderSettings): Dialect {
  switch (provider.kind) {
    case 'openai-chat':
      return 'openai-chat'
    case 'openai-responses':
    case 'chatgpt':
    case 'codex-cli':
      return 'openai-responses'
    case 'anthropic':
      return 'anthropic-messages'
  }
}

/** The endpoint for a base URL as the SDKs take it; a full endpoint URL is used as it is. */
export function endpointUrl(baseUrl: string, dialect: Dialect): string {
  const base = baseUrl.replace(/\/+$/, '')
  switch (dialect) {
    case 'openai-chat':
      return base.endsWith('/chat/completions') ? base : `${base}/chat/completions`
    case 'openai-responses':
      return base.endsWith('/responses') ? base : `${base}/responses`
    case 'anthropic-messages':
      if (base.endsWith('/messages')) return base
      return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`
  }
}

async function apiKeyFor(provider: ProviderSettings, env: NodeJS.ProcessEnv, secrets: SecretStore): Promise<string | undefined> {
  if (provider.apiKeyEnv) {
    const value = env[provider.apiKeyEnv]
    if (value) return value
    if (!provider.apiKeySecret) {
      throw bridgeError(
        'BRIDGE_UPSTREAM_AUTH',
        'authentication',
        `Provider "${provider.id}" reads its API key from the environment variable ${provider.apiKeyEnv}, which is not set.`,
      )
    }
  }
  if (provider.apiKeySecret) {
    const value = await secrets.get(provider.apiKeySecret)
    if (value) return value
    throw bridgeError('BRIDGE_UPSTREAM_AUTH', 'authentication', `Provider "${provider.id}" has no API key stored under "${provider.apiKeySecret}".`)
  }
  return undefined
}

export async function resolveTarget(
  settings: Settings,
  provider: ProviderSettings,
  incoming: Record<string, string | string[] | undefined>,
  env: NodeJS.ProcessEnv,
  secrets: SecretStore,
): Promise<UpstreamTarget> {
  if (provider.kind === 'chatgpt') {
    // Credentials and headers depend on the conversation; pipeline/chatgpt-call.ts builds them per request.
    return { provider, dialect: 'openai-responses', url: chatgptResponsesUrl(chatgptBackendBase(env[CODEX_BASE_URL_ENV] || provider.baseUrl)), headers: {}, encodeOptions: {}, secrets: [] }
  }
  if (provider.kind === 'codex-cli') {
    // A local agent, not an HTTP upstream: pipeline/codex-source.ts drives it.
    return { provider, dialect: 'openai-responses', url: 'codex-cli:local', headers: {}, encodeOptions: {}, secrets: [] }
  }
  const dialect = dialectForProvider(provider)
  const key = await apiKeyFor(provider, env, secrets)
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json' }
  for (const name of provider.forwardHeaders ?? settings.forwardHeaders) {
    const value = incoming[name.toLowerCase()]
    if (typeof value === 'string') headers[name.toLowerCase()] = value
  }
  if (dialect === 'anthropic-messages') {
    headers['anthropic-version'] = typeof incoming['anthropic-version'] === 'string' ? incoming['anthropic-version'] : '2023-06-01'
    if (typeof incoming['anthropic-beta'] === 'string') headers['anthropic-beta'] = incoming['anthropic-beta']
  }
  if (key) {
    if (dialect === 'anthropic-messages' && provider.authStyle !== 'bearer') headers['x-api-key'] = key
    else headers['authorization'] = `Bearer ${key}`
  }
  for (const [name, value] of Object.entries(provider.headers ?? {})) headers[name.toLowerCase()] = value
  const encodeOptions: EncodeRequestOptions = {}
  if (provider.chatReasoningField) encodeOptions.chatReasoningField = provider.chatReasoningField
  if (provider.chatMaxTokensField) encodeOptions.chatMaxTokensField = provider.chatMaxTokensField
  if (provider.chatStreamOptions !== undefined) encodeOptions.chatStreamOptions = provider.chatStreamOptions
  return { provider, dialect, url: endpointUrl(provider.baseUrl, dialect), headers, encodeOptions, secrets: key ? [key] : [] }
}
