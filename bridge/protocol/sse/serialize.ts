// Writes SSE frames byte-exactly: `event:` line when named, one `data:` line per line of data.
import type { SseFrame } from './frame.js'

export function serializeFrame(frame: SseFrame): string {
  if (frame.comment !== undefined) return `: ${frame.comment}\n\n`
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
