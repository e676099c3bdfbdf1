// "Copy as curl": replays the client's request against the gateway, with the key read from the environment.
import type { ExchangeEntry } from '../../../bridge/control/contract.js'

// Headers that describe the connection or carry credentials; curl and the env key supply their own.
const SKIP = new Set(['authorization', 'x-api-key', 'host', 'content-length', 'connection', 'cookie', 'accept-encoding', 'transfer-encoding', 'keep-alive'])

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

export function curlCommand(entry: ExchangeEntry, gatewayUrl: string): string {
  const root = gatewayUrl.replace(/\/+$/, '')
  const lines = [`curl ${entry.stream ? '-N ' : ''}-X ${entry.method} ${shellQuote(`${root}${entry.path}`)}`]
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
