// One frame as one line of the compact frames view: its event type and a preview of the text or tool arguments.
import type { LoggedFrame } from '../../../bridge/control/contract/exchange.js'

/** Fields that carry generated text or tool arguments, in the order they are preferred, across the three dialects. */
const TEXT_KEYS = [
  'text',
  'partial_json',
  'arguments',
  'delta',
  'content',
  'thinking',
  'refusal',
  'message',
] as const

function findText(value: unknown, depth: number): string | undefined {
  if (depth > 5 || value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findText(item, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  const record = value as Record<string, unknown>
  for (const key of TEXT_KEYS) {
    const v = record[key]
    if (typeof v === 'string' && v !== '') return v
  }
  for (const v of Object.values(record)) {
    const found = findText(v, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

function parse(data: string): unknown {
  const trimmed = data.trim()
  const json =
    trimmed.startsWith('event:') || trimmed.startsWith('data:')
      ? trimmed.replace(/^(?:event:.*\n)?data:\s?/, '')
      : trimmed
  if (!json.startsWith('{') && !json.startsWith('[')) return undefined
  try {
    return JSON.parse(json) as unknown
  } catch {
    return undefined
  }
}

export interface FrameLine {
  event: string
  preview: string
}

const PREVIEW_MAX = 160

export function frameLine(frame: LoggedFrame): FrameLine {
  const event = frame.event ?? (frame.data?.trim() === '[DONE]' ? '[DONE]' : 'frame')
  if (frame.data === undefined) return { event, preview: '' }
  const parsed = parse(frame.data)
  const text = parsed === undefined ? frame.data : (findText(parsed, 0) ?? '')
  const flat = text.replace(/\s+/g, ' ')
  return { event, preview: flat.length > PREVIEW_MAX ? `${flat.slice(0, PREVIEW_MAX)}…` : flat }
}

/** Whether the frame matches a search over its event type and text. */
export function frameMatches(frame: LoggedFrame, needle: string): boolean {
  if (needle === '') return true
  const n = needle.toLowerCase()
  return (
    (frame.event ?? '').toLowerCase().includes(n) || (frame.data ?? '').toLowerCase().includes(n)
  )
}
