// Versioned migration chain for the settings document; version 0 is the flat file of the earlier bridges.
import { CHATGPT_PROVIDER_ID, defaultChatgptProvider, defaultSettings } from './defaults.js'
import { ConfigError } from './errors.js'
import { clone, deepMerge, isPlainObject, type JsonObject } from './merge.js'
import { SETTINGS_VERSION } from './schema.js'
import {
  UPSTREAM_WIRES,
  defaultBaseUrl,
  inferWire,
  normalizeBaseUrl,
  parseUpstreamUrl,
  parseWireName,
  wireToKind,
  type UpstreamWire,
} from './upstream-url.js'

/** The flat settings file of the earlier single-purpose bridges (no `version` field). */
export interface LegacySettingsV0 {
  host?: string
  port?: number
  /** SDK base URL or full endpoint URL of the one upstream. */
  upstreamUrl?: string
  upstreamWire?: UpstreamWire
  /** Name of the environment variable that holds the upstream key. */
  apiKeyEnv?: string
  upstreamHeaders?: Record<string, string>
  httpShutdown?: boolean
  /** Exact requested model name → upstream model name. */
  modelMap?: Record<string, string>
  forwardIncomingHeaders?: string[]
  dropToolTypes?: string[]
  dropRequestFields?: string[]
}

// codex-chat-bridge wrote the same flat file with snake_case keys (`http_headers` is its alias).
const SNAKE_KEYS: Record<string, keyof LegacySettingsV0> = {
  upstream_url: 'upstreamUrl',
  upstream_wire: 'upstreamWire',
  api_key_env: 'apiKeyEnv',
  upstream_http_headers: 'upstreamHeaders',
  http_headers: 'upstreamHeaders',
  http_shutdown: 'httpShutdown',
  model_map: 'modelMap',
  forward_incoming_headers: 'forwardIncomingHeaders',
  drop_tool_types: 'dropToolTypes',
  drop_request_fields: 'dropRequestFields',
}

// Keys of that file with no place in the settings document (they were start-up options).
const DROPPED_KEYS: Record<string, string> = {
  server_info: 'pass --server-info FILE to serve',
  serverInfo: 'pass --server-info FILE to serve',
  verbose_logging: 'the request log is in the web UI',
  verboseLogging: 'the request log is in the web UI',
}

const LEGACY_KEYS: readonly (keyof LegacySettingsV0)[] = [
  'host',
  'port',
  'upstreamUrl',
  'upstreamWire',
  'apiKeyEnv',
  'upstreamHeaders',
  'httpShutdown',
  'modelMap',
  'forwardIncomingHeaders',
  'dropToolTypes',
  'dropRequestFields',
]

/** Provider id given to the single upstream of a version-0 file. */
export const LEGACY_PROVIDER_ID = 'upstream'

export interface Migration {
  from: number
  to: number
  up(doc: JsonObject, notes: string[]): JsonObject
}

export interface MigrationResult {
  settings: unknown
  from: number
  migrated: boolean
  /** What each step did with the user's values, in words. */
  notes: string[]
}

// Each step takes exactly version `from` to `from + 1`; a new version appends one entry here.
export const MIGRATIONS: readonly Migration[] = [{ from: 0, to: 1, up: migrateV0toV1 }]

export function documentVersion(raw: unknown): number {
  if (!isPlainObject(raw))
    throw new ConfigError(`settings must be a JSON object, got ${describe(raw)}`)
  const version = raw['version']
  if (version === undefined) return 0
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ConfigError(`version: expected a whole number, got ${describe(version)}`)
  }
  return version
}

export function migrate(raw: unknown): MigrationResult {
  const from = documentVersion(raw)
  if (from > SETTINGS_VERSION) {
    throw new ConfigError(
      `settings are from a newer Switchboard (version ${from}; this build understands up to ${SETTINGS_VERSION}); ` +
        'they are not downgraded',
    )
  }
  const notes: string[] = []
  let doc = clone(raw) as JsonObject
  for (let version = from; version < SETTINGS_VERSION; version++) {
    const step = MIGRATIONS.find((m) => m.from === version)
    if (!step) throw new ConfigError(`no migration from settings version ${version}`)
    doc = step.up(doc, notes)
    doc['version'] = step.to
  }
  return { settings: doc, from, migrated: from !== SETTINGS_VERSION, notes }
}

function camelCaseKeys(doc: JsonObject, notes: string[]): JsonObject {
  const out: JsonObject = {}
  const snake: [string, unknown][] = []
  for (const [key, value] of Object.entries(doc)) {
    if (SNAKE_KEYS[key] === undefined) out[key] = value
    else snake.push([key, value])
  }
  // The camelCase spelling wins when a file has both; `upstream_http_headers` wins over its alias `http_headers`.
  snake.sort(([a], [b]) => Number(a === 'http_headers') - Number(b === 'http_headers'))
  for (const [key, value] of snake) {
    const camel = SNAKE_KEYS[key]
    if (camel === undefined) continue
    const existing = out[camel]
    if (existing === undefined) out[camel] = value
    else if (camel === 'upstreamHeaders' && isPlainObject(existing) && isPlainObject(value))
      out[camel] = { ...value, ...existing }
    notes.push(`${key} read as ${camel}`)
  }
  return out
}

function migrateV0toV1(input: JsonObject, notes: string[]): JsonObject {
  const doc = camelCaseKeys(input, notes)
  const legacy: JsonObject = {}
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(doc)) {
    const dropped = DROPPED_KEYS[key]
    if (dropped !== undefined) notes.push(`${key} is not a setting here; ${dropped}`)
    else if ((LEGACY_KEYS as readonly string[]).includes(key)) legacy[key] = value
    else out[key] = value
  }
  const headerList = legacy['forwardIncomingHeaders']
  if (headerList !== undefined)
    out['forwardHeaders'] = [
      ...new Set([
        ...defaultForwardHeaders(out),
        ...stringList('forward_incoming_headers', headerList).map((h) => h.toLowerCase()),
      ]),
    ]
  const filters: JsonObject = isPlainObject(out['filters']) ? { ...out['filters'] } : {}
  if (legacy['dropToolTypes'] !== undefined)
    filters['dropToolTypes'] = stringList('drop_tool_types', legacy['dropToolTypes'])
  if (legacy['dropRequestFields'] !== undefined)
    filters['dropParams'] = stringList('drop_request_fields', legacy['dropRequestFields'])
  if (Object.keys(filters).length > 0) out['filters'] = filters

  const server: JsonObject = {}
  for (const key of ['host', 'port', 'httpShutdown'] as const) {
    if (legacy[key] !== undefined) server[key] = legacy[key]
  }
  if (Object.keys(server).length > 0) out['server'] = deepMerge(out['server'], server)

  const touchesProvider = [
    'upstreamUrl',
    'upstreamWire',
    'apiKeyEnv',
    'upstreamHeaders',
    'modelMap',
  ].some((key) => legacy[key] !== undefined)
  if (!touchesProvider) return out

  const providers: unknown[] = Array.isArray(out['providers'])
    ? out['providers']
    : [defaultChatgptProvider()]
  const target = legacyProvider(legacy, out, providers, notes)
  const index = providers.findIndex((p) => isPlainObject(p) && p['id'] === target['id'])
  if (index >= 0) providers[index] = target
  else providers.push(target)
  out['providers'] = providers

  const rules = legacyRules(legacy['modelMap'], String(target['id']))
  if (rules.length > 0) {
    const routing = isPlainObject(out['routing']) ? out['routing'] : {}
    const existing = Array.isArray(routing['rules']) ? routing['rules'] : []
    out['routing'] = { ...routing, rules: [...existing, ...rules] }
    notes.push(
      `modelMap (${rules.length} entries) became routing rules for provider '${String(target['id'])}'`,
    )
  }
  return out
}

// The provider that receives the legacy upstream values: a new `upstream` provider, or the ChatGPT one.
function legacyProvider(
  legacy: JsonObject,
  out: JsonObject,
  providers: unknown[],
  notes: string[],
): JsonObject {
  const wire = legacyWire(legacy['upstreamWire'])
  const urlText = legacy['upstreamUrl']
  if (urlText !== undefined && typeof urlText !== 'string') {
    throw new ConfigError(`upstreamUrl: expected a URL string, got ${describe(urlText)}`)
  }
  const url = urlText === undefined ? undefined : parseUpstreamUrl(urlText, 'upstreamUrl')
  const effectiveWire = wire ?? (url ? inferWire(url) : undefined)

  let provider: JsonObject
  if (effectiveWire === undefined || effectiveWire === 'chatgpt') {
    const currentDefault =
      typeof out['defaultProvider'] === 'string' ? out['defaultProvider'] : CHATGPT_PROVIDER_ID
    const id = effectiveWire === 'chatgpt' ? CHATGPT_PROVIDER_ID : currentDefault
    const found = providers.find((p): p is JsonObject => isPlainObject(p) && p['id'] === id)
    provider = found ? { ...found } : { ...defaultChatgptProvider() }
    if (url) provider['baseUrl'] = normalizeBaseUrl(url, 'chatgpt').baseUrl
  } else {
    const kind = wireToKind(effectiveWire)
    const baseUrl = url ? normalizeBaseUrl(url, kind).baseUrl : defaultBaseUrl(effectiveWire)
    provider = { id: LEGACY_PROVIDER_ID, kind, baseUrl }
  }
  if (effectiveWire !== undefined) out['defaultProvider'] = provider['id']
  if (legacy['apiKeyEnv'] !== undefined) provider['apiKeyEnv'] = legacy['apiKeyEnv']
  if (legacy['upstreamHeaders'] !== undefined) {
    provider['headers'] = deepMerge(provider['headers'], legacy['upstreamHeaders'])
  }
  notes.push(
    `upstream settings became provider '${String(provider['id'])}' (${String(provider['kind'])}, ${String(provider['baseUrl'])})`,
  )
  return provider
}

function defaultForwardHeaders(out: JsonObject): string[] {
  return Array.isArray(out['forwardHeaders'])
    ? out['forwardHeaders'].filter((h): h is string => typeof h === 'string')
    : defaultSettings().forwardHeaders
}

function stringList(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new ConfigError(`${key}: expected a list of strings, got ${describe(value)}`)
  return value as string[]
}

function legacyWire(value: unknown): UpstreamWire | undefined {
  if (value === undefined) return undefined
  const wire = typeof value === 'string' ? parseWireName(value) : undefined
  if (wire !== undefined) return wire
  throw new ConfigError(
    `upstreamWire: expected one of ${UPSTREAM_WIRES.join(', ')}, got ${describe(value)}`,
  )
}

function legacyRules(modelMap: unknown, provider: string): JsonObject[] {
  if (modelMap === undefined) return []
  if (!isPlainObject(modelMap))
    throw new ConfigError(`modelMap: expected an object, got ${describe(modelMap)}`)
  return Object.entries(modelMap).map(([from, to]) => {
    if (typeof to !== 'string')
      throw new ConfigError(`modelMap["${from}"]: expected a model name, got ${describe(to)}`)
    return { match: from, provider, model: to }
  })
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return JSON.stringify(value) ?? String(value)
}
