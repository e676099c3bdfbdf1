// Small display formatters shared by the pages and the live log.
import type { DialectId, UsageNumbers } from '../../../bridge/control/contract/exchange.js'

export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '•'.repeat(Math.max(secret.length, 8))
  return `${secret.slice(0, 4)}${'•'.repeat(12)}${secret.slice(-4)}`
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`
}

export function formatClock(epochMs: number): string {
  const d = new Date(epochMs)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n)
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`
  return `${(n / 1_000_000).toFixed(1)}M`
}

function unknownUsage(usage: UsageNumbers | undefined): usage is undefined {
  return (
    !usage ||
    (usage.inputTokens === 0 &&
      usage.outputTokens === 0 &&
      usage.cachedInputTokens === 0 &&
      usage.reasoningTokens === 0)
  )
}

/** The list cell: input → output, with cached input noted; "—" when the upstream reported nothing. */
export function formatTokens(usage: UsageNumbers | undefined): string {
  if (unknownUsage(usage)) return '—'
  const cached =
    usage.cachedInputTokens > 0 ? ` (${formatCount(usage.cachedInputTokens)} cached)` : ''
  return `${formatCount(usage.inputTokens)}${cached} → ${formatCount(usage.outputTokens)}`
}

/** The detail line: every kind of token the upstream reported. */
export function formatUsage(usage: UsageNumbers | undefined): string {
  if (unknownUsage(usage)) return '—'
  const parts = [`${usage.inputTokens} in`, `${usage.outputTokens} out`]
  if (usage.cachedInputTokens) parts.push(`${usage.cachedInputTokens} cached`)
  if (usage.cacheWriteTokens) parts.push(`${usage.cacheWriteTokens} cache write`)
  if (usage.reasoningTokens) parts.push(`${usage.reasoningTokens} reasoning`)
  return parts.join(' · ')
}

export const DIALECT_LABEL: Record<DialectId, string> = {
  'anthropic-messages': 'Messages',
  'openai-responses': 'Responses',
  'openai-chat': 'Chat',
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** "in 2h 13m" / "3m ago" for reset times. */
export function formatRelative(iso: string | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  const diff = t - now
  const mins = Math.round(Math.abs(diff) / 60_000)
  const text =
    mins < 60
      ? `${mins}m`
      : mins < 48 * 60
        ? `${Math.floor(mins / 60)}h ${mins % 60}m`
        : `${Math.round(mins / 1440)}d`
  return diff >= 0 ? `in ${text}` : `${text} ago`
}

/** Pretty-prints JSON text; anything else comes back as it was. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return ''
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2)
  } catch {
    return text
  }
}
