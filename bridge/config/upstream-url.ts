// Upstream wires of the earlier bridges (`--upstream-wire`), their provider kinds, and base-URL normalisation.
import { ConfigError } from './errors.js'
import type { ProviderKind } from './schema.js'

export type UpstreamWire = 'chat' | 'responses' | 'anthropic' | 'chatgpt' | 'codex-cli'
export const UPSTREAM_WIRES: readonly UpstreamWire[] = [
  'chat',
  'responses',
  'anthropic',
  'chatgpt',
  'codex-cli',
]

export function isUpstreamWire(value: string): value is UpstreamWire {
  return (UPSTREAM_WIRES as readonly string[]).includes(value)
}

/** A wire name as the earlier bridges spelled it (codex-chat-bridge called Anthropic `messages`). */
export function parseWireName(text: string): UpstreamWire | undefined {
  const lower = text.trim().toLowerCase()
  if (lower === 'messages') return 'anthropic'
  return isUpstreamWire(lower) ? lower : undefined
}

/** The base URL of a codex-cli provider: a placeholder, the agent is a local process. */
export const CODEX_CLI_BASE_URL = 'codex://local'

/**
 * The ChatGPT backend base as chatgpt-codex-proxy took it (`…/backend-api`) or as Codex does
 * (`…/backend-api/codex`): both end in `/codex`.
 */
export function chatgptBackendBase(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '')
  return /\/backend-api$/i.test(trimmed) ? `${trimmed}/codex` : trimmed
}

export function wireToKind(wire: UpstreamWire): ProviderKind {
  switch (wire) {
    case 'chat':
      return 'openai-chat'
    case 'responses':
      return 'openai-responses'
    case 'anthropic':
      return 'anthropic'
    case 'chatgpt':
      return 'chatgpt'
    case 'codex-cli':
      return 'codex-cli'
  }
}

// Used when a wire is given without a URL: the public endpoints of each API.
export function defaultBaseUrl(wire: Exclude<UpstreamWire, 'chatgpt'>): string {
  switch (wire) {
    case 'chat':
    case 'responses':
      return 'https://api.openai.com/v1'
    case 'anthropic':
      return 'https://api.anthropic.com'
    case 'codex-cli':
      return CODEX_CLI_BASE_URL
  }
}

export function parseUpstreamUrl(text: string, label = 'upstream URL'): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(`${label} must be an absolute http(s) URL, got '${text}'`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      `${label} must use http or https, got '${url.protocol.replace(/:$/, '')}' in '${text}'`,
    )
  }
  // A key in the URL would end up in the settings file and in logs.
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(
      `${label} must not contain credentials; put the key in an environment variable (--api-key-env)`,
    )
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${label} must not contain a query string or fragment, got '${text}'`)
  }
  return url
}

function trimmedPath(url: URL): string {
  return url.pathname.replace(/\/+$/, '')
}

// Infers the wire from a URL the user copied: an endpoint path or a well-known host.
export function inferWire(url: URL): UpstreamWire {
  const path = trimmedPath(url).toLowerCase()
  const host = url.hostname.toLowerCase()
  if (host === 'chatgpt.com' && path.startsWith('/backend-api')) return 'chatgpt'
  if (path.endsWith('/messages') || host === 'api.anthropic.com') return 'anthropic'
  if (path.endsWith('/responses')) return 'responses'
  return 'chat'
}

const ENDPOINT_SUFFIXES = ['/chat/completions', '/responses', '/messages'] as const

export interface NormalizedUrl {
  baseUrl: string
  /** What was cut off, for a note to the user; undefined when the URL already was a base URL. */
  stripped?: string
}

/**
 * Turns an SDK base URL or a full endpoint URL into the base URL the official SDK for `kind` takes:
 * OpenAI-style bases keep their `/v1`; Anthropic bases do not (the SDK appends `/v1/messages`).
 */
export function normalizeBaseUrl(url: URL, kind: ProviderKind): NormalizedUrl {
  const original = trimmedPath(url)
  let path = original
  for (const suffix of ENDPOINT_SUFFIXES) {
    if (path.toLowerCase().endsWith(suffix)) {
      path = path.slice(0, -suffix.length)
      break
    }
  }
  if (kind === 'anthropic' && path.toLowerCase().endsWith('/v1'))
    path = path.slice(0, -'/v1'.length)
  if (kind === 'chatgpt') {
    const base = chatgptBackendBase(`${url.origin}${path}`)
    return path === original
      ? { baseUrl: base }
      : { baseUrl: base, stripped: original.slice(path.length) }
  }
  const baseUrl = `${url.origin}${path}`
  return path === original ? { baseUrl } : { baseUrl, stripped: original.slice(path.length) }
}
