// Incremental SSE parser: bytes in, frames out, safe at any chunk boundary (UTF-8 sequences included).
import { createParser } from 'eventsource-parser'
import { ProtocolError } from '../canonical/errors.js'
import type { SseFrame } from './frame.js'

export interface SseParser {
  push(chunk: Uint8Array | string): SseFrame[]
  end(): SseFrame[]
}

/**
 * The most text one event may take before its blank line. A hostile upstream that never ends a line or an
 * event would otherwise grow the parser's buffer until the gateway runs out of memory; the largest real
 * event (a Responses `response.completed` repeating a long answer) is a few megabytes.
 */
export const MAX_EVENT_CHARS = 64 * 1024 * 1024

/** For TextDecoder: the end of a read may cut a character in two; its start waits for the next read. */
const STREAM = { stream: true } as const

export function createSseParser(maxEventChars = MAX_EVENT_CHARS): SseParser {
  let out: SseFrame[] = []
  /** Text fed since the last complete event (an over-estimate when an event ended inside a chunk). */
  let pending = 0
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
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, STREAM)
      // A read almost always ends inside a line, and the parser joins what it holds to the whole next read,
      // copying it; fed up to its first line break, then the rest, it joins only that first line.
      const cut = text.indexOf('\n') + 1
      if (cut > 0 && cut < text.length) {
        parser.feed(text.slice(0, cut))
        parser.feed(text.slice(cut))
      } else parser.feed(text)
      pending = out.length > 0 ? 0 : pending + text.length
      if (pending > maxEventChars) {
        throw new ProtocolError({
          kind: 'api_error',
          status: 502,
          message: `The upstream sent an event of more than ${Math.round(maxEventChars / 1048576)} MB without ending it; Switchboard stopped reading.`,
        })
      }
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
