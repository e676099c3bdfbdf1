// The settings a `serve` process runs with: flags > environment > settings file > defaults.
import { isIP } from 'node:net'
import { applyCodexEnv } from './codex-env.js'
import { CHATGPT_PROVIDER_ID, defaultChatgptProvider } from './defaults.js'
import { ConfigError } from './errors.js'
import { parsePort, type ServeFlags } from './flags.js'
import type { ProviderSettings, Settings } from './schema.js'
import {
  defaultBaseUrl,
  inferWire,
  normalizeBaseUrl,
  parseUpstreamUrl,
  wireToKind,
  type UpstreamWire,
} from './upstream-url.js'
import { parseSettings } from './validate.js'

/** Provider created by --upstream-url / --upstream-wire. */
export const CLI_PROVIDER_ID = 'cli'
/** Provider created by --upstream-wire codex-cli, so that `codex-cli/<model>` names it. */
export const CLI_CODEX_PROVIDER_ID = 'codex-cli'

type Env = Record<string, string | undefined>

export interface EffectiveSettings {
  settings: Settings
  /** What the flags and environment changed, in words, for the startup log. */
  notes: string[]
}

const FAMILY_ENV = [
  ['haiku', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'],
  ['sonnet', 'ANTHROPIC_DEFAULT_SONNET_MODEL'],
  ['opus', 'ANTHROPIC_DEFAULT_OPUS_MODEL'],
] as const

export function effectiveSettings(file: Settings, flags: ServeFlags, env: Env): EffectiveSettings {
  const settings = structuredClone(file)
  const notes: string[] = []
  applyEnv(settings, env, notes)
  applyServerFlags(settings, flags, notes)
  applyUpstreamFlags(settings, flags, notes)
  applyCodexEnv(settings, env, notes)
  applyFilterFlags(settings, flags, notes)
  const origin =
    flags.host === undefined && env['HOST']?.trim() ? 'the HOST environment variable' : undefined
  assertBindAllowed(settings.server.host, settings.server.allowNonLoopback, origin)
  const checked = parseSettings(settings)
  return { settings: checked.settings, notes: [...notes, ...checked.warnings] }
}

export function parseBooleanEnv(value: string | undefined): boolean | undefined {
  const text = value?.trim().toLowerCase()
  if (text === undefined || text === '') return undefined
  if (['true', '1', 'yes', 'on'].includes(text)) return true
  if (['false', '0', 'no', 'off'].includes(text)) return false
  return undefined
}

function applyEnv(settings: Settings, env: Env, notes: string[]): void {
  // chatgpt-codex-proxy's PORT and HOST: the environment over the file, flags over both.
  const port = env['PORT']?.trim()
  if (port) {
    try {
      settings.server.port = parsePort(port)
    } catch {
      throw new ConfigError(`PORT must be an integer 0-65535, got '${port}'`)
    }
    notes.push(`server.port = ${settings.server.port} from PORT`)
  }
  const host = env['HOST']?.trim()
  if (host) {
    settings.server.host = host
    notes.push(`server.host = '${host}' from HOST`)
  }
  for (const [family, name] of FAMILY_ENV) {
    const model = env[name]?.trim()
    if (!model) continue
    settings.routing.families[family] = model
    notes.push(`routing.families.${family} = '${model}' from ${name}`)
  }
  const raw = env['PASSTHROUGH_MODE']
  const passthrough = parseBooleanEnv(raw)
  if (passthrough !== undefined) {
    settings.routing.passthrough = passthrough
    notes.push(`routing.passthrough = ${String(passthrough)} from PASSTHROUGH_MODE`)
  } else if (raw !== undefined && raw.trim() !== '') {
    notes.push(`ignored PASSTHROUGH_MODE='${raw}' (expected true/false, 1/0, yes/no or on/off)`)
  }
}

function applyServerFlags(settings: Settings, flags: ServeFlags, notes: string[]): void {
  if (flags.host !== undefined) {
    settings.server.host = flags.host
    notes.push(`server.host = '${flags.host}' from --host`)
  }
  if (flags.port !== undefined) {
    settings.server.port = flags.port
    notes.push(
      `server.port = ${flags.port} from --port${flags.port === 0 ? ' (any free port)' : ''}`,
    )
  }
  if (flags.httpShutdown) settings.server.httpShutdown = true
  if (flags.allowNonLoopback) settings.server.allowNonLoopback = true
}

function applyFilterFlags(settings: Settings, flags: ServeFlags, notes: string[]): void {
  const add = (list: string[], more: string[] | undefined, what: string): string[] => {
    if (!more || more.length === 0) return list
    notes.push(`${what}: ${more.join(', ')}`)
    return [...new Set([...list, ...more])]
  }
  settings.forwardHeaders = add(
    settings.forwardHeaders,
    flags.forwardHeaders,
    'incoming headers also copied upstream',
  )
  settings.filters.dropToolTypes = add(
    settings.filters.dropToolTypes,
    flags.dropToolTypes,
    'tool types removed before the upstream',
  )
  settings.filters.dropParams = add(
    settings.filters.dropParams,
    flags.dropParams,
    'request fields removed before the upstream',
  )
}

function applyUpstreamFlags(settings: Settings, flags: ServeFlags, notes: string[]): void {
  let target: ProviderSettings | undefined
  if (flags.upstreamUrl !== undefined || flags.upstreamWire !== undefined) {
    target = upstreamProvider(settings, flags.upstreamUrl, flags.upstreamWire, notes)
    settings.defaultProvider = target.id
  } else if (flags.apiKeyEnv !== undefined && !takesApiKey(settings)) {
    // codex-chat-bridge's meaning: a key with no URL is for the OpenAI chat endpoint. A default provider from
    // the settings file that takes a key (chat, responses, anthropic) keeps receiving it instead.
    target = upstreamProvider(settings, undefined, 'chat', notes)
    settings.defaultProvider = target.id
    notes.push(
      `--api-key-env without --upstream-url: the upstream is the OpenAI chat endpoint ${target.baseUrl}/chat/completions`,
    )
  }
  const headerNames = Object.keys(flags.upstreamHeaders)
  if (flags.apiKeyEnv === undefined && headerNames.length === 0) return

  target ??= settings.providers.find((p) => p.id === settings.defaultProvider)
  if (!target) {
    throw new ConfigError(
      `--api-key-env and --upstream-http-header apply to the default provider '${settings.defaultProvider}', which does not exist`,
    )
  }
  if (flags.apiKeyEnv !== undefined) {
    target.apiKeyEnv = flags.apiKeyEnv
    notes.push(`provider '${target.id}' reads its API key from $${flags.apiKeyEnv} (--api-key-env)`)
  }
  if (headerNames.length > 0) {
    const headers: Record<string, string> = {}
    const replaced = new Set(headerNames.map((n) => n.toLowerCase()))
    for (const [name, value] of Object.entries(target.headers ?? {})) {
      if (!replaced.has(name.toLowerCase())) headers[name] = value
    }
    target.headers = { ...headers, ...flags.upstreamHeaders }
    notes.push(
      `provider '${target.id}' sends extra headers ${headerNames.join(', ')} (--upstream-http-header)`,
    )
  }
}

function takesApiKey(settings: Settings): boolean {
  const kind = settings.providers.find((p) => p.id === settings.defaultProvider)?.kind
  return kind === 'openai-chat' || kind === 'openai-responses' || kind === 'anthropic'
}

function upstreamProvider(
  settings: Settings,
  urlText: string | undefined,
  givenWire: UpstreamWire | undefined,
  notes: string[],
): ProviderSettings {
  const url = urlText === undefined ? undefined : parseUpstreamUrl(urlText, '--upstream-url')
  const wire = givenWire ?? (url ? inferWire(url) : 'chat')
  if (givenWire === undefined && url) notes.push(`--upstream-wire ${wire} inferred from ${urlText}`)

  if (wire === 'chatgpt') {
    let provider = settings.providers.find((p) => p.id === CHATGPT_PROVIDER_ID)
    if (!provider) {
      provider = defaultChatgptProvider()
      settings.providers.push(provider)
    }
    if (url) provider.baseUrl = normalized(url, 'chatgpt', notes)
    notes.push(
      `default provider is '${CHATGPT_PROVIDER_ID}' (${provider.baseUrl}) from the upstream flags`,
    )
    return provider
  }

  if (wire === 'codex-cli' && url) {
    throw new ConfigError(
      `--upstream-wire codex-cli runs the local Codex CLI and takes no --upstream-url (got '${urlText ?? ''}')`,
    )
  }
  const kind = wireToKind(wire)
  const baseUrl = url ? normalized(url, kind, notes) : defaultBaseUrl(wire)
  const id = wire === 'codex-cli' ? CLI_CODEX_PROVIDER_ID : CLI_PROVIDER_ID
  const existing = settings.providers.find((p) => p.id === id)
  // A codex-cli provider already in the settings file keeps its settings; the flag only makes it the default.
  const provider: ProviderSettings =
    wire === 'codex-cli' && existing?.kind === 'codex-cli' ? existing : { id, kind, baseUrl }
  const index = settings.providers.findIndex((p) => p.id === id)
  if (index >= 0) settings.providers[index] = provider
  else settings.providers.push(provider)
  notes.push(
    wire === 'codex-cli'
      ? `default provider is '${id}' (the local Codex CLI) from --upstream-wire codex-cli`
      : `default provider is '${id}' (${kind}, ${baseUrl}) from the upstream flags`,
  )
  return provider
}

function normalized(url: URL, kind: ProviderSettings['kind'], notes: string[]): string {
  const { baseUrl, stripped } = normalizeBaseUrl(url, kind)
  if (stripped !== undefined)
    notes.push(`--upstream-url: using base URL ${baseUrl} (removed '${stripped}')`)
  return baseUrl
}

export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (isIP(name) === 4) return name.startsWith('127.')
  if (isIP(name) === 6) {
    if (name.startsWith('::ffff:')) return isLoopbackHost(name.slice('::ffff:'.length))
    return /^(0{0,4}:){2,7}0{0,3}1$/.test(name) || name === '::1'
  }
  return false
}

export function assertBindAllowed(host: string, allowNonLoopback: boolean, origin?: string): void {
  if (allowNonLoopback || isLoopbackHost(host)) return
  throw new ConfigError(
    `server.host: refusing to listen on ${host}${origin ? ` (from ${origin})` : ''}: it is not a loopback address and would expose the gateway to the network. ` +
      'Pass --allow-non-loopback or set "server": {"allowNonLoopback": true} in settings.json to allow it',
  )
}
