// Which log rows a filter keeps: free text over the visible fields, plus status and dialect.
import type { DialectId, ExchangeSummary } from '../../../bridge/control/contract.js'

export type StatusFilter = 'all' | 'ok' | 'error' | 'active'

export interface LogFilter {
  text: string
  status: StatusFilter
  dialect: DialectId | 'all'
}

export const EMPTY_FILTER: LogFilter = { text: '', status: 'all', dialect: 'all' }

export function isError(e: Pick<ExchangeSummary, 'state' | 'status'>): boolean {
  return e.state === 'error' || (e.status !== undefined && e.status >= 400)
}

function matchesStatus(e: ExchangeSummary, status: StatusFilter): boolean {
  switch (status) {
    case 'all':
      return true
    case 'ok':
      return e.state === 'done' && !isError(e)
    case 'error':
      return isError(e)
    case 'active':
      return e.state === 'active'
  }
}

function haystack(e: ExchangeSummary): string {
  return [e.id, e.method, e.path, e.clientDialect, e.requestedModel, e.routedModel, e.provider, e.route, e.status, e.error, e.upstreamUrl]
    .filter((v) => v !== undefined)
    .join(' ')
    .toLowerCase()
}

export function applyFilter(rows: readonly ExchangeSummary[], filter: LogFilter): readonly ExchangeSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0 && filter.status === 'all' && filter.dialect === 'all') return rows
  return rows.filter((e) => {
    if (!matchesStatus(e, filter.status)) return false
    if (filter.dialect !== 'all' && e.clientDialect !== filter.dialect) return false
    if (words.length === 0) return true
    const text = haystack(e)
    return words.every((w) => text.includes(w))
  })
}
