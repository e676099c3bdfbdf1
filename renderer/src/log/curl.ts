// "Copy as curl": replays the client's request against the gateway, or the upstream request against the upstream,
// with keys read from the environment.
import type { ExchangeEntry } from '../../../bridge/control/contract/exchange.js'

// Headers that describe the connection or carry credentials; curl and the env key supply their own.
const SKIP = new Set([
  'authorization',
  'x-api-key',
  'host',
  'content-length',
  'connection',
  'cookie',
  'accept-encoding',
  'transfer-encoding',
  'keep-alive',
])

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

export function curlCommand(entry: ExchangeEntry, gatewayUrl: string): string {
  const root = gatewayUrl.replace(/\/+$/, '')
  const lines = [
    `curl ${entry.stream ? '-N ' : ''}-X ${entry.method} ${shellQuote(`${root}${entry.path}`)}`,
  ]
  // Double quotes so the shell expands the variable; the key itself never appears in the log.
  lines.push(`-H "Authorization: Bearer $SWITCHBOARD_API_KEY"`)
  let hasContentType = false
  for (const [name, value] of Object.entries(entry.requestHeaders ?? {})) {
    const lower = name.toLowerCase()
    if (SKIP.has(lower)) continue
    if (lower === 'content-type') hasContentType = true
    lines.push(`-H ${shellQuote(`${lower}: ${value}`)}`)
  }
  if (entry.clientRequest !== undefined) {
    if (!hasContentType) lines.push(`-H 'content-type: application/json'`)
    lines.push(`--data-raw ${shellQuote(entry.clientRequest)}`)
  }
  return lines.join(' \\\n  ')
}

/** The request Switchboard sent upstream; credentials come from $UPSTREAM_API_KEY (the log only holds them redacted). */
export function upstreamCurlCommand(entry: ExchangeEntry): string | undefined {
  if (!entry.upstreamUrl) return undefined
  const body = entry.upstreamRequest ?? (entry.passthrough ? entry.clientRequest : undefined)
  const lines = [`curl ${entry.stream ? '-N ' : ''}-X POST ${shellQuote(entry.upstreamUrl)}`]
  let auth = false
  for (const [name, value] of Object.entries(entry.upstreamRequestHeaders ?? {})) {
    const lower = name.toLowerCase()
    if (lower === 'authorization' || lower === 'x-api-key') {
      if (!auth)
        lines.push(
          lower === 'x-api-key'
            ? `-H "x-api-key: $UPSTREAM_API_KEY"`
            : `-H "Authorization: Bearer $UPSTREAM_API_KEY"`,
        )
      auth = true
      continue
    }
    if (SKIP.has(lower) || value === '[redacted]') continue
    lines.push(`-H ${shellQuote(`${lower}: ${value}`)}`)
  }
  if (body !== undefined) lines.push(`--data-raw ${shellQuote(body)}`)
  return lines.join(' \\\n  ')
}
