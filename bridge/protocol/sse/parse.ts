// Incremental SSE parser: bytes in, frames out, safe at any chunk boundary (UTF-8 sequences included).
import { createParser } from 'eventsource-parser'
import type { SseFrame } from './frame.js'

export interface SseParser {
  push(chunk: Uint8Array | string): SseFrame[]
  end(): SseFrame[]
}

export function createSseParser(): SseParser {
  let out: SseFrame[] = []
  const decoder = new TextDecoder('utf-8')
  const parser = createParser({
    onEvent(ev) {
      const frame: SseFrame = { data: ev.data }
      if (ev.event) frame.event = ev.event
      if (ev.id) frame.id = ev.id
      out.push(frame)
    },
  })
  const take = (): SseFrame[] => {
    const frames = out
    out = []
    return frames
  }
  return {
    push(chunk) {
      parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
      return take()
    },
    end() {
      const rest = decoder.decode()
      // A final event without its blank line still counts: real upstreams sometimes omit it.
      parser.feed(rest + '\n\n')
      return take()
    },
  }
}

/** Parses a whole SSE body at once. */
export function parseSse(body: string | Uint8Array): SseFrame[] {
  const p = createSseParser()
  return [...p.push(body), ...p.end()]
}
