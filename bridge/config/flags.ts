// `switchboard serve` command-line flags (the flags of the earlier bridges keep their names and meaning).
import { parseArgs } from 'node:util'
import { ConfigError } from './errors.js'
import {
  UPSTREAM_WIRES,
  parseUpstreamUrl,
  parseWireName,
  type UpstreamWire,
} from './upstream-url.js'

/** Only flags actually given are set, so that absent flags never override the settings file. */
export interface ServeFlags {
  config?: string
  host?: string
  port?: number
  upstreamUrl?: string
  upstreamWire?: UpstreamWire
  apiKeyEnv?: string
  /** From repeated --upstream-http-header NAME=VALUE; a later duplicate (any case) replaces an earlier one. */
  upstreamHeaders: Record<string, string>
  serverInfo?: string
  httpShutdown?: true
  allowNonLoopback?: true
  /** Where secrets live: the OS keychain (default) or an opt-in 0600 file. */
  secretStore?: 'keychain' | 'file'
  /** No per-request line on stderr. */
  quiet?: true
  /** Incoming headers copied upstream, on top of the settings' list (codex-chat-bridge `forward_incoming_headers`). */
  forwardHeaders?: string[]
  /** Tool types removed before a request goes upstream (codex-chat-bridge `drop_tool_types`). */
  dropToolTypes?: string[]
  /** Request fields removed before a request goes upstream (codex-chat-bridge `drop_request_fields`). */
  dropParams?: string[]
  help?: true
}

export const SERVE_USAGE = `Usage: switchboard serve [options]

  --config FILE                 settings file (default: <config dir>/settings.json)
  --host HOST                   address to bind (default 127.0.0.1)
  --port PORT                   port to listen on, 0 = any free port (default 8787)
  --upstream-url URL            upstream base URL (http://host/v1, http://host) or full endpoint URL
  --upstream-wire WIRE          chat | responses | anthropic (or messages) | chatgpt | codex-cli
                                (default: inferred from the URL)
  --api-key-env NAME            environment variable that holds the upstream API key
                                (without --upstream-url: the OpenAI chat endpoint)
  --upstream-http-header N=V    extra header sent upstream (repeatable)
  --forward-incoming-header N   also copy this incoming header upstream (repeatable)
  --drop-tool-type TYPE         remove tools of this type before the request goes upstream (repeatable)
  --server-info FILE            write {host, port, pid, url} as JSON once listening
  --http-shutdown               allow stopping the gateway with an HTTP request
  --allow-non-loopback          allow binding an address other than loopback
  --secret-store keychain|file  where tokens and keys live (file: opt-in, mode 0600, for machines without a keychain)
  --quiet                       no line per finished request on stderr
  --help                        show this help

  --config FILE.toml reads a codex-chat-bridge conf.toml (never changed); settings.json stays where it is.
`

const OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'upstream-url': { type: 'string' },
  'upstream-wire': { type: 'string' },
  'api-key-env': { type: 'string' },
  'upstream-http-header': { type: 'string', multiple: true },
  'server-info': { type: 'string' },
  'http-shutdown': { type: 'boolean' },
  'allow-non-loopback': { type: 'boolean' },
  'secret-store': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'forward-incoming-header': { type: 'string', multiple: true },
  'drop-tool-type': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Parses the arguments after `serve`. Throws ConfigError with a message naming the flag. */
export function parseServeFlags(argv: readonly string[]): ServeFlags {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new ConfigError(rewordParseError(error))
  }

  const flags: ServeFlags = { upstreamHeaders: {} }
  if (values.help) flags.help = true
  if (values['http-shutdown']) flags.httpShutdown = true
  if (values['allow-non-loopback']) flags.allowNonLoopback = true
  if (values.quiet) flags.quiet = true
  const forward = values['forward-incoming-header']
  if (forward !== undefined)
    flags.forwardHeaders = forward.map((h) => headerName('--forward-incoming-header', h))
  const drop = values['drop-tool-type']
  if (drop !== undefined)
    flags.dropToolTypes = drop.map((t) => nonEmptyValue('--drop-tool-type', t))
  const store = values['secret-store']
  if (store !== undefined) {
    if (store !== 'keychain' && store !== 'file')
      throw new ConfigError(`--secret-store must be keychain or file, got '${store}'`)
    flags.secretStore = store
  }
  if (values.config !== undefined) flags.config = nonEmpty('--config', values.config)
  if (values['server-info'] !== undefined)
    flags.serverInfo = nonEmpty('--server-info', values['server-info'])
  if (values.host !== undefined) flags.host = parseHost(values.host)
  if (values.port !== undefined) flags.port = parsePort(values.port)

  const url = values['upstream-url']
  if (url !== undefined) {
    try {
      parseUpstreamUrl(url)
    } catch (error) {
      throw new ConfigError(
        `--upstream-url: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    flags.upstreamUrl = url
  }
  const wire = values['upstream-wire']
  if (wire !== undefined) {
    const parsed = parseWireName(wire)
    if (parsed === undefined) {
      throw new ConfigError(
        `--upstream-wire must be one of ${UPSTREAM_WIRES.join(', ')}, got '${wire}'`,
      )
    }
    flags.upstreamWire = parsed
  }
  const keyEnv = values['api-key-env']
  if (keyEnv !== undefined) {
    if (!ENV_NAME.test(keyEnv)) {
      throw new ConfigError(
        `--api-key-env must be an environment variable name (letters, digits, _), got '${keyEnv}'`,
      )
    }
    flags.apiKeyEnv = keyEnv
  }
  for (const header of values['upstream-http-header'] ?? []) {
    const [name, value] = parseHeader(header)
    for (const existing of Object.keys(flags.upstreamHeaders)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete flags.upstreamHeaders[existing]
    }
    flags.upstreamHeaders[name] = value
  }
  return flags
}

export function parsePort(text: string): number {
  const trimmed = text.trim()
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN
  if (!Number.isInteger(port) || port > 65535)
    throw new ConfigError(`--port must be an integer 0-65535, got '${text}'`)
  return port
}

function parseHost(text: string): string {
  const host = text.trim()
  if (host === '' || /[\s/]/.test(host))
    throw new ConfigError(`--host must be a host name or IP address, got '${text}'`)
  return host
}

// NAME=VALUE as documented; NAME: VALUE as people paste it from curl.
export function parseHeader(text: string): [string, string] {
  const eq = text.indexOf('=')
  const colon = text.indexOf(':')
  const at = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon
  const name = at > 0 ? text.slice(0, at).trim() : ''
  const value = at > 0 ? text.slice(at + 1).trim() : ''
  if (!HEADER_NAME.test(name)) {
    throw new ConfigError(
      `--upstream-http-header must look like NAME=VALUE with a valid header name, got '${text}'`,
    )
  }
  if (/[\r\n\0]/.test(value))
    throw new ConfigError(`--upstream-http-header ${name}: the value must be one line`)
  return [name, value]
}

/** A header name as given to --forward-incoming-header or forward_incoming_headers, lower-cased. */
export function headerName(label: string, text: string): string {
  const name = text.trim()
  if (!HEADER_NAME.test(name))
    throw new ConfigError(`${label}: '${text}' is not a valid header name`)
  return name.toLowerCase()
}

function nonEmptyValue(label: string, text: string): string {
  const value = text.trim()
  if (value === '') throw new ConfigError(`${label} needs a value`)
  return value
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new ConfigError(`${flag} needs a file path`)
  return value
}

function rewordParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? ''
  const option = quoted.split(' ')[0] ?? quoted
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}' (see switchboard serve --help)`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}' (see switchboard serve --help)`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing') || message.includes('ambiguous')
        ? `${option} needs a value (write ${option}=VALUE for a value that starts with '-')`
        : `${option}: ${message}`
    default:
      return message
  }
}
