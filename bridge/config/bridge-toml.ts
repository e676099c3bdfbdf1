// codex-chat-bridge's `conf.toml` read as serve flags: its keys, their checks, and what Switchboard ignores.
import { parse, TomlError } from 'smol-toml'
import { ConfigError } from './errors.js'
import { ENV_NAME, headerName, parseHeader, type ServeFlags } from './flags.js'
import { UPSTREAM_WIRES, parseUpstreamUrl, parseWireName } from './upstream-url.js'

/** Where codex-chat-bridge kept its file; offered for import on first run, never changed. */
export const CODEX_CHAT_BRIDGE_CONF = ['.config', 'codex-chat-bridge', 'conf.toml'] as const

export interface BridgeToml {
  /** The file's values as flags; command-line flags still win over them. */
  flags: ServeFlags
  /** Keys Switchboard reads differently or not at all, in words. */
  notes: string[]
}

// Keys of that tool with no counterpart here; named at start-up rather than dropped without a word.
const IGNORED: Record<string, string> = {
  verbose_logging: 'every request and its frames are in the web UI log instead',
  features: 'Switchboard always streams every event kind and keeps provider fields',
  routers: 'use providers and routing.rules in settings.json for several upstreams',
}

export function isTomlPath(path: string): boolean {
  return /\.toml$/i.test(path)
}

/** Parses the text of a conf.toml. Throws ConfigError naming the file and the field at fault. */
export function parseBridgeToml(text: string, file: string): BridgeToml {
  let doc: Record<string, unknown>
  try {
    doc = parse(text) as Record<string, unknown>
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(
        `${file} is not valid TOML (line ${error.line}, column ${error.column}): ${error.message.split('\n')[0] ?? ''}`,
      )
    }
    throw error
  }
  const flags: ServeFlags = { upstreamHeaders: {} }
  const notes: string[] = []
  const at = (key: string): string => `${file}: ${key}`
  for (const [key, value] of Object.entries(doc)) {
    switch (key) {
      case 'host':
        flags.host = text_(at(key), value)
        break
      case 'port': {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
          throw new ConfigError(`${at(key)}: expected a whole number 0-65535, got ${show(value)}`)
        }
        flags.port = value
        break
      }
      case 'upstream_url': {
        const url = text_(at(key), value)
        parseUpstreamUrl(url, at(key))
        flags.upstreamUrl = url
        break
      }
      case 'upstream_wire': {
        const wire = parseWireName(text_(at(key), value))
        if (wire === undefined)
          throw new ConfigError(
            `${at(key)}: expected one of ${[...UPSTREAM_WIRES, 'messages'].join(', ')}, got ${show(value)}`,
          )
        flags.upstreamWire = wire
        break
      }
      case 'api_key_env': {
        const name = text_(at(key), value)
        if (!ENV_NAME.test(name))
          throw new ConfigError(
            `${at(key)}: expected an environment variable name (letters, digits, _), got ${show(value)}`,
          )
        flags.apiKeyEnv = name
        break
      }
      case 'upstream_http_headers':
      case 'http_headers':
        // Both spellings may appear; the documented name wins on a clash, as in that tool.
        for (const [name, v] of Object.entries(table(at(key), value))) {
          const [n, val] = header(`${at(key)}.${name}`, name, v)
          const existing = Object.keys(flags.upstreamHeaders).find(
            (h) => h.toLowerCase() === n.toLowerCase(),
          )
          if (existing !== undefined && key === 'http_headers') continue
          if (existing !== undefined) delete flags.upstreamHeaders[existing]
          flags.upstreamHeaders[n] = val
        }
        break
      case 'forward_incoming_headers':
        flags.forwardHeaders = list(at(key), value).map((h, i) => headerName(`${at(key)}[${i}]`, h))
        break
      case 'drop_tool_types':
        flags.dropToolTypes = list(at(key), value).filter((t) => t.trim() !== '')
        break
      case 'drop_request_fields':
        flags.dropParams = list(at(key), value).filter((t) => t.trim() !== '')
        break
      case 'server_info':
        flags.serverInfo = text_(at(key), value)
        break
      case 'http_shutdown':
        if (typeof value !== 'boolean')
          throw new ConfigError(`${at(key)}: expected true or false, got ${show(value)}`)
        if (value) flags.httpShutdown = true
        break
      default: {
        const why = IGNORED[key]
        notes.push(
          why
            ? `${at(key)} is not used: ${why}`
            : `${at(key)} is not a codex-chat-bridge setting Switchboard knows; ignored`,
        )
      }
    }
  }
  return { flags, notes }
}

/** The conf.toml values under the command-line flags: a flag given on the command line wins, lists add up. */
export function mergeFlags(file: ServeFlags, cli: ServeFlags): ServeFlags {
  const merged: ServeFlags = {
    ...file,
    ...definedOnly(cli),
    upstreamHeaders: { ...file.upstreamHeaders },
  }
  for (const [name, value] of Object.entries(cli.upstreamHeaders)) {
    for (const existing of Object.keys(merged.upstreamHeaders))
      if (existing.toLowerCase() === name.toLowerCase()) delete merged.upstreamHeaders[existing]
    merged.upstreamHeaders[name] = value
  }
  for (const key of ['forwardHeaders', 'dropToolTypes', 'dropParams'] as const) {
    const both = [...(file[key] ?? []), ...(cli[key] ?? [])]
    if (both.length > 0) merged[key] = [...new Set(both)]
  }
  // A URL on the command line with no wire must not inherit the file's wire: the URL decides.
  if (cli.upstreamUrl !== undefined && cli.upstreamWire === undefined) delete merged.upstreamWire
  return merged
}

function definedOnly(flags: ServeFlags): Partial<ServeFlags> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(flags))
    if (value !== undefined && key !== 'upstreamHeaders') out[key] = value
  return out as Partial<ServeFlags>
}

function header(label: string, name: string, value: unknown): [string, string] {
  if (typeof value !== 'string')
    throw new ConfigError(`${label}: expected text, got ${show(value)}`)
  try {
    return parseHeader(`${name}=${value}`)
  } catch {
    throw new ConfigError(`${label}: not a valid header name, or the value is not one line`)
  }
}

function text_(label: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(`${label}: expected text, got ${show(value)}`)
  return value.trim()
}

function list(label: string, value: unknown): string[] {
  if (!Array.isArray(value))
    throw new ConfigError(`${label}: expected a list of strings, got ${show(value)}`)
  return value.map((v, i) => {
    if (typeof v !== 'string')
      throw new ConfigError(`${label}[${i}]: expected text, got ${show(v)}`)
    return v
  })
}

function table(label: string, value: unknown): Record<string, unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Date
  ) {
    throw new ConfigError(`${label}: expected a table of header = "value", got ${show(value)}`)
  }
  return value as Record<string, unknown>
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object' && value !== null) return 'a table'
  return String(value)
}
