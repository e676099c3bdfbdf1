// Writes SSE frames byte-exactly: `event:` line when named, one `data:` line per line of data.
import type { SseFrame } from './frame.js'

export function serializeFrame(frame: SseFrame): string {
  if (frame.comment !== undefined) return `: ${frame.comment}\n\n`
  // The common frame: a named event and one data line, its opening lines made once per name.
  if (frame.id === undefined && (frame.oneLine === true || !frame.data.includes('\n')))
    return (frame.event ? opening(frame.event) : 'data: ') + frame.data + '\n\n'
  let out = frame.event ? `event: ${frame.event}\n` : ''
  if (frame.id) out += `id: ${frame.id}\n`
  // JSON has no raw line breaks: almost every frame is one data line, written without splitting.
  if (frame.oneLine === true || !frame.data.includes('\n')) return `${out}data: ${frame.data}\n\n`
  for (const line of frame.data.split('\n')) out += `data: ${line}\n`
  return out + '\n'
}

export function serializeFrames(frames: readonly SseFrame[]): string {
  let out = ''
  for (const f of frames) out += serializeFrame(f)
  return out
}

/** `event: <name>\ndata: ` per event name: an encoder writes a handful of names, thousands of times each. */
const openings = new Map<string, string>()
/** Names past this many are written without keeping their opening (a dialect has a few dozen). */
const MAX_OPENINGS = 256

function opening(event: string): string {
  let text = openings.get(event)
  if (text === undefined) {
    text = `event: ${event}\ndata: `
    if (openings.size < MAX_OPENINGS) openings.set(event, text)
  }
  return text
}
