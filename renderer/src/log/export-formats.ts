// Log export: HAR 1.2 (opens in browser devtools and HAR viewers) and NDJSON (one exchange per line), both from
// the redacted entries the gateway keeps, with bodies, frames and headers.
import type { ExchangeEntry, LoggedFrame } from '../../../bridge/control/contract/exchange.js'

interface HarHeader {
  name: string
  value: string
}

const headerList = (h: Record<string, string> | undefined): HarHeader[] =>
  Object.entries(h ?? {}).map(([name, value]) => ({ name, value }))

/** A streamed answer as the client saw it: its frames as SSE text. */
function clientStreamText(frames: readonly LoggedFrame[]): string | undefined {
  const client = frames.filter((f) => f.side === 'client' && f.data !== undefined)
  return client.length > 0 ? client.map((f) => `data: ${f.data ?? ''}\n\n`).join('') : undefined
}

function harEntry(e: ExchangeEntry, gatewayUrl: string) {
  const t = e.timing ?? {}
  const responseText = e.clientResponse ?? clientStreamText(e.frames)
  const total = e.durationMs ?? t.lastByteMs ?? 0
  const wait = t.clientFirstByteMs ?? e.ttfbMs ?? total
  const url = new URL(e.path, gatewayUrl)
  return {
    startedDateTime: new Date(e.startedAt).toISOString(),
    time: total,
    request: {
      method: e.method,
      url: url.href,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(e.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(e.clientRequest !== undefined
        ? { postData: { mimeType: 'application/json', text: e.clientRequest } }
        : {}),
      headersSize: -1,
      bodySize: e.clientRequest?.length ?? -1,
    },
    response: {
      status: e.status ?? 0,
      statusText: e.error ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: {
        size: responseText?.length ?? 0,
        mimeType: e.stream ? 'text/event-stream' : 'application/json',
        ...(responseText !== undefined ? { text: responseText } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait,
      receive: Math.max(0, total - wait),
    },
    // HAR allows custom fields with a leading underscore: what only a gateway knows.
    _switchboard: {
      id: e.id,
      state: e.state,
      clientDialect: e.clientDialect,
      requestedModel: e.requestedModel,
      routedModel: e.routedModel,
      provider: e.provider,
      route: e.route,
      passthrough: e.passthrough ?? false,
      usage: e.usage,
      notes: e.notes,
      error: e.error,
      timing: e.timing,
      upstream: {
        url: e.upstreamUrl,
        dialect: e.upstreamDialect,
        requestHeaders: headerList(e.upstreamRequestHeaders),
        request: e.upstreamRequest,
        responseHeaders: headerList(e.upstreamResponseHeaders),
      },
      frames: e.frames,
      framesDropped: e.framesDropped,
    },
  }
}

export function toHar(entries: readonly ExchangeEntry[], gatewayUrl: string, version: string) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Switchboard', version },
      entries: [...entries]
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((e) => harEntry(e, gatewayUrl)),
    },
  }
}

export function toNdjson(entries: readonly ExchangeEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : '')
}
