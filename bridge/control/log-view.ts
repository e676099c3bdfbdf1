// Log entries as the UI receives them: summaries for lists and events, full entries on request.
import type { LiveEntry, LogEvent } from '../log/request-log.js'
import type { ControlEvent } from './contract.js'
import type { ExchangeFacts, ExchangeSummary } from './contract/exchange.js'
import type { FallbackState } from './contract/gateway-status.js'

export function summarize(entry: LiveEntry): ExchangeSummary {
  const {
    frames,
    clientRequest: _c,
    upstreamRequest: _u,
    clientResponse: _r,
    packedRequestHeaders: _h,
    packedUpstreamRequestHeaders: _uh,
    packedUpstreamResponseHeaders: _rh,
    ...rest
  } = entry
  return {
    ...rest,
    notes: [...rest.notes],
    ...(rest.timing ? { timing: { ...rest.timing } } : {}),
    frameCount: frames.length,
  }
}

export function toControlEvent(e: LogEvent): ControlEvent {
  switch (e.type) {
    case 'appended':
      return { type: 'log:appended', entry: summarize(e.entry) }
    case 'updated':
      return { type: 'log:updated', entry: summarize(e.entry) }
    case 'frames':
      return { type: 'log:frames', id: e.entry.id, frames: e.entry.frames.slice(e.from) }
    case 'cleared':
      return { type: 'log:cleared' }
  }
}

/**
 * The fallback state after a finished exchange: set (or updated) when it went past a provider, cleared when
 * that provider served again; the same object when nothing changed.
 */
export function fallbackState(
  current: FallbackState | undefined,
  entry: ExchangeFacts,
): FallbackState | undefined {
  const first = entry.fallback?.[0]
  if (first) {
    const servedBy = entry.state === 'done' ? entry.provider : undefined
    if (
      current?.provider === first.provider &&
      current.reason === first.reason &&
      current.servedBy === servedBy
    )
      return current
    return {
      provider: first.provider,
      reason: first.reason,
      message: first.message,
      ...(servedBy ? { servedBy } : {}),
      since: current?.provider === first.provider ? current.since : new Date().toISOString(),
    }
  }
  return current && entry.state === 'done' && entry.provider === current.provider
    ? undefined
    : current
}
