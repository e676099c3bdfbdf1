// Which log rows a filter keeps: field filters in the search text (`status:4xx provider:anthropic model:haiku
// is:tool`), free words over the visible fields, notes and error, plus matches in bodies found by the gateway.
import type { DialectId, ExchangeSummary } from '../../../bridge/control/contract/exchange.js'

export type StatusFilter = 'all' | 'ok' | 'error' | 'active'

export interface LogFilter {
  text: string
  status: StatusFilter
  dialect: DialectId | 'all'
}

export const EMPTY_FILTER: LogFilter = { text: '', status: 'all', dialect: 'all' }

export const FIELD_KEYS = ['status', 'provider', 'model', 'client', 'path', 'is', 'id'] as const
type FieldKey = (typeof FIELD_KEYS)[number]

export interface ParsedQuery {
  fields: { key: FieldKey; value: string; negate: boolean }[]
  /** Free words, lower-cased; every one must match. */
  words: string[]
}

export function isError(e: Pick<ExchangeSummary, 'state' | 'status'>): boolean {
  return e.state === 'error' || (e.status !== undefined && e.status >= 400)
}

export function parseQuery(text: string): ParsedQuery {
  const fields: ParsedQuery['fields'] = []
  const words: string[] = []
  for (const token of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const m = /^(-?)([a-z]+):(.+)$/.exec(token)
    const key = m?.[2] as FieldKey | undefined
    if (m && key && (FIELD_KEYS as readonly string[]).includes(key))
      fields.push({ key, value: m[3] ?? '', negate: m[1] === '-' })
    else words.push(token)
  }
  return { fields, words }
}

function statusMatches(e: ExchangeSummary, value: string): boolean {
  if (value === 'ok') return e.state === 'done' && !isError(e)
  if (value === 'error' || value === 'failed') return isError(e)
  if (value === 'active' || value === 'live') return e.state === 'active'
  const status = e.status === undefined ? '' : String(e.status)
  // 4xx, 5xx, 42x: x stands for any digit.
  if (/^[0-9x]{3}$/.test(value))
    return status.length === 3 && [...value].every((c, i) => c === 'x' || c === status[i])
  return status.startsWith(value)
}

const DIALECT_WORDS: Record<DialectId, string[]> = {
  'anthropic-messages': ['messages', 'anthropic', 'claude'],
  'openai-responses': ['responses', 'codex'],
  'openai-chat': ['chat', 'completions'],
}

function fieldMatches(e: ExchangeSummary, key: FieldKey, value: string): boolean {
  const has = (v: string | undefined) => v !== undefined && v.toLowerCase().includes(value)
  switch (key) {
    case 'status':
      return statusMatches(e, value)
    case 'provider':
      return has(e.provider)
    case 'model':
      return has(e.requestedModel) || has(e.routedModel)
    case 'client':
      return (
        e.clientDialect !== undefined &&
        (e.clientDialect.includes(value) ||
          DIALECT_WORDS[e.clientDialect].some((w) => w.startsWith(value)))
      )
    case 'path':
      return has(e.path)
    case 'id':
      return has(e.id)
    case 'is':
      return (
        (value === 'stream' && e.stream) ||
        (value === 'tool' && e.toolCall === true) ||
        (value.startsWith('pass') && e.passthrough === true) ||
        (value === 'error' && isError(e)) ||
        (value === 'noted' && e.notes.length > 0)
      )
  }
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
  return [
    e.id,
    e.method,
    e.path,
    e.clientDialect,
    e.requestedModel,
    e.routedModel,
    e.provider,
    e.route,
    e.status,
    e.error,
    e.upstreamUrl,
    ...e.notes,
  ]
    .filter((v) => v !== undefined)
    .join(' ')
    .toLowerCase()
}

/** `bodyHits`: ids whose bodies, frames or headers contain the free text (from the gateway's search). */
export function applyFilter(
  rows: readonly ExchangeSummary[],
  filter: LogFilter,
  bodyHits?: ReadonlySet<string>,
): readonly ExchangeSummary[] {
  const { fields, words } = parseQuery(filter.text)
  if (
    words.length === 0 &&
    fields.length === 0 &&
    filter.status === 'all' &&
    filter.dialect === 'all'
  )
    return rows
  return rows.filter((e) => {
    if (!matchesStatus(e, filter.status)) return false
    if (filter.dialect !== 'all' && e.clientDialect !== filter.dialect) return false
    for (const f of fields) if (fieldMatches(e, f.key, f.value) === f.negate) return false
    if (words.length === 0) return true
    const text = haystack(e)
    return words.every((w) => text.includes(w)) || (bodyHits?.has(e.id) ?? false)
  })
}
