// Switchboard's own compaction item: `sbc1.<payload>.<mac>`, the payload base64url JSON {v, summary, model,
// created}, the mac an HMAC-SHA256 keyed by the per-install access key, so only this install reads it and an
// edited item is refused instead of being fed to the model as if Switchboard had written it.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { parseJson } from '../../protocol/canonical/read-json.js'

export const ENVELOPE_PREFIX = 'sbc1.'

export interface CompactionSummary {
  summary: string
  /** The upstream model that wrote the summary. */
  model: string
  /** Seconds since the epoch. */
  created: number
}

function mac(key: string, payload: string): string {
  return createHmac('sha256', `switchboard-compaction:${key}`).update(payload).digest('base64url')
}

export function sealCompaction(content: CompactionSummary, key: string): string {
  const payload = Buffer.from(JSON.stringify({ v: 1, ...content }), 'utf8').toString('base64url')
  return `${ENVELOPE_PREFIX}${payload}.${mac(key, payload)}`
}

export function isOwnEnvelope(encrypted: string): boolean {
  return encrypted.startsWith(ENVELOPE_PREFIX)
}

/** The summary inside one of our envelopes, or undefined when the envelope was altered or sealed with another key. */
export function openCompaction(encrypted: string, key: string): CompactionSummary | undefined {
  if (!isOwnEnvelope(encrypted)) return undefined
  const [payload = '', tag = '', ...rest] = encrypted.slice(ENVELOPE_PREFIX.length).split('.')
  if (rest.length > 0 || payload === '') return undefined
  const expected = Buffer.from(mac(key, payload))
  const given = Buffer.from(tag)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  try {
    const parsed: unknown = parseJson(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { summary, model, created } = parsed as Record<string, unknown>
    if (typeof summary !== 'string' || typeof model !== 'string' || typeof created !== 'number')
      return undefined
    return { summary, model, created }
  } catch {
    return undefined
  }
}
