// The SSE parser feeds each read in two pieces (up to its first line break, then the rest) to spare the
// library a copy: at every chunk boundary and with every line ending it must give the frames the library gives
// when fed one character at a time.
import { createParser } from 'eventsource-parser'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSseParser } from '../../protocol/sse/parse.js'
import type { SseFrame } from '../../protocol/sse/frame.js'

function reference(text: string): SseFrame[] {
  const out: SseFrame[] = []
  const parser = createParser({
    onEvent(ev) {
      const frame: SseFrame = { data: ev.data }
      if (ev.event) frame.event = ev.event
      if (ev.id) frame.id = ev.id
      out.push(frame)
    },
  })
  // A byte-order mark is dropped by the UTF-8 decoding before any parsing.
  for (const ch of text.replace(/^\ufeff/, '')) parser.feed(ch)
  parser.feed('\n\n')
  return out
}

/** The text cut at the given fractions, as the bytes a socket would deliver. */
function reads(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8')
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const cut of [...at, bytes.length]) {
    out.push(bytes.subarray(from, cut))
    from = cut
  }
  return out
}

function parsed(chunks: Buffer[]): SseFrame[] {
  const parser = createSseParser()
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()]
}

const line = fc.oneof(
  fc.constantFrom('', '', 'data: [DONE]', 'event: delta', ': ping', 'id: 7', 'retry: 5', 'data:'),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `data: ${s.replace(/[\r\n]/g, '')}`),
)

describe('createSseParser', () => {
  it('gives the same frames at any chunk boundary, with \\n, \\r\\n or \\r line ends and a BOM', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (lines, eol, bom, cuts) => {
          const text = (bom ? '\ufeff' : '') + lines.join(eol) + eol
          expect(parsed(reads(text, cuts))).toEqual(reference(text))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('gives the same frames for a whole stream fed a byte at a time and in one read', () => {
    const text = Array.from(
      { length: 200 },
      (_, i) => `event: e${i}\ndata: {"i":${i},"t":"ü🎛️"}\n\n`,
    ).join('')
    const bytes = Buffer.from(text)
    const byByte = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1))
    expect(parsed(byByte)).toEqual(reference(text))
    expect(parsed([bytes])).toEqual(reference(text))
    expect(parsed([bytes])).toHaveLength(200)
  })
})
