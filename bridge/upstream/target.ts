// Resolves a plain HTTP provider into an upstream call: endpoint URL, auth and headers.
import type { ProviderSettings, Settings } from '../config/schema.js'
import { bridgeError } from '../errors.js'
import type { Dialect } from '../protocol/dialects.js'
import type { SecretStore } from '../secrets/secret-store.js'
import { headerSecrets } from '../log/redact.js'

export interface UpstreamTarget {
  url: string
  headers: Record<string, string>
  /** Secrets used for this call, so the log can redact them. */
  secrets: string[]
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

/**
 * The key from the provider's environment variable, or undefined when it comes from the secret store (or it
 * has none): most requests find their key here, without waiting on the store.
 */
function envKey(provider: ProviderSettings, env: NodeJS.ProcessEnv): string | undefined {
  if (!provider.apiKeyEnv) return undefined
  const value = env[provider.apiKeyEnv]
  if (value) return value
  if (!provider.apiKeySecret) {
    throw bridgeError(
      'BRIDGE_UPSTREAM_AUTH',
      'authentication',
      `Provider "${provider.id}" reads its API key from the environment variable ${provider.apiKeyEnv}, which is not set.`,
    )
  }
  return undefined
}

async function storedKey(providerId: string, name: string, secrets: SecretStore): Promise<string> {
  const value = await secrets.get(name)
  if (value) return value
  throw bridgeError(
    'BRIDGE_UPSTREAM_AUTH',
    'authentication',
    `Provider "${providerId}" has no API key stored under "${name}".`,
  )
}

export async function resolveTarget(
  settings: Settings,
  provider: ProviderSettings,
  dialect: Dialect,
  incoming: Record<string, string | string[] | undefined>,
  env: NodeJS.ProcessEnv,
  secrets: SecretStore,
): Promise<UpstreamTarget> {
  const fromEnv = envKey(provider, env)
  const key =
    fromEnv === undefined && provider.apiKeySecret
      ? await storedKey(provider.id, provider.apiKeySecret, secrets)
      : fromEnv
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream, application/json',
  }
  for (const name of provider.forwardHeaders ?? settings.forwardHeaders) {
    const value = incoming[name.toLowerCase()]
    if (typeof value === 'string') headers[name.toLowerCase()] = value
  }
  if (dialect === 'anthropic-messages') {
    headers['anthropic-version'] =
      typeof incoming['anthropic-version'] === 'string'
        ? incoming['anthropic-version']
        : '2023-06-01'
    if (typeof incoming['anthropic-beta'] === 'string')
      headers['anthropic-beta'] = incoming['anthropic-beta']
  }
  if (key) {
    if (dialect === 'anthropic-messages' && provider.authStyle !== 'bearer')
      headers['x-api-key'] = key
    else headers['authorization'] = `Bearer ${key}`
  }
  const fixed = provider.headers
  if (fixed) for (const name in fixed) headers[name.toLowerCase()] = fixed[name] ?? ''
  // Fixed headers (settings, --upstream-http-header) may carry credentials too: every credential-like value is a secret.
  return {
    url: endpointUrl(provider.baseUrl, dialect),
    headers,
    secrets: [...(key ? [key] : []), ...headerSecrets(headers)],
  }
}
