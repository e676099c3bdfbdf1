// Property: recorded upstream streams with events swapped, dropped, repeated or moved still decode, in every
// dialect, to a well-formed canonical stream or one that ends in a clear error; never a throw, never silence.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { checkWellFormed } from '../../protocol/canonical/invariants.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { createSseParser } from '../../protocol/sse/parse.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { sdkFinal } from '../helpers/sdk-oracles.js'
import { decodeFrames, encodeStream } from '../helpers/translate.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150)
const FIXTURES = join(import.meta.dirname, '../fixtures/upstream')

function framesOf(dialect: Dialect): SseFrame[][] {
  const dir = join(FIXTURES, dialect)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sse'))
    .map((f) => {
      const parser = createSseParser()
      return [...parser.push(readFileSync(join(dir, f))), ...parser.end()]
    })
}

type Mutation =
  { kind: 'swap' | 'drop' | 'repeat'; at: number } | { kind: 'move'; at: number; to: number }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('swap' as const, 'drop' as const, 'repeat' as const),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
)

function mutate(frames: readonly SseFrame[], mutations: readonly Mutation[]): SseFrame[] {
  const out = [...frames]
  for (const m of mutations) {
    if (out.length < 2) break
    const at = m.at % out.length
    const frame = out[at] as SseFrame
    switch (m.kind) {
      case 'swap': {
        const next = (at + 1) % out.length
        out[at] = out[next] as SseFrame
        out[next] = frame
        break
      }
      case 'drop':
        out.splice(at, 1)
        break
      case 'repeat':
        out.splice(at, 0, frame)
        break
      case 'move':
        out.splice(at, 1)
        out.splice(m.to % (out.length + 1), 0, frame)
        break
    }
  }
  return out
}

/**
 * Function-call arguments (or a web search's input) that are not JSON once the upstream's deltas are joined. Streamed as they come, like
 * the real APIs' bytes; the Anthropic SDK parses them as they arrive and rejects them before any error event.
 */
function hasBrokenToolArgs(events: readonly CanonicalEvent[]): boolean {
  const args = new Map<number, string>()
  for (const e of events) {
    // A hosted web search's input streams as JSON too, and the Anthropic SDK parses it the same way.
    if (
      e.type === 'block_start' &&
      ((e.block.kind === 'tool_call' && e.block.toolKind === 'function') ||
        e.block.kind === 'web_search_call')
    )
      args.set(e.index, '')
    if (e.type === 'tool_args_delta' && args.has(e.index))
      args.set(e.index, (args.get(e.index) ?? '') + e.delta)
  }
  return [...args.values()].some((text) => {
    try {
      JSON.parse(text === '' ? '{}' : text)
      return false
    } catch {
      return true
    }
  })
}

describe.each(DIALECTS)('%s upstream with events out of order', (upstream) => {
  const fixtures = framesOf(upstream)

  it('decodes to a well-formed stream or one that ends in an error event', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        (pick, mutations) => {
          const events = decodeFrames(
            upstream,
            mutate(fixtures[pick % fixtures.length] as SseFrame[], mutations),
          )
          const last = events.at(-1)
          expect(
            last?.type === 'message_stop' || last?.type === 'error',
            `ends in ${String(last?.type)}`,
          ).toBe(true)
          if (last?.type !== 'error') expect(checkWellFormed(events)).toEqual([])
          else expect(last.error.message).not.toBe('')
        },
      ),
      { numRuns: RUNS },
    )
  })

  it.each(DIALECTS)(
    'reaches a %s client as a stream its SDK reads to an answer or a clear error',
    async (client) => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
          async (pick, mutations) => {
            const events = decodeFrames(
              upstream,
              mutate(fixtures[pick % fixtures.length] as SseFrame[], mutations),
            )
            const sse = encodeStream(client, events)
            const last = events.at(-1)
            const outcome = await sdkFinal(client, sse).then(
              (final) => ({ final, error: undefined }),
              (error: unknown) => ({ final: undefined, error: String(error) }),
            )
            // What the client's SDK reports: our error event, or (Responses) the failed response carrying it.
            const seen =
              client === 'openai-responses'
                ? (outcome.final as { error?: { message?: string } } | undefined)?.error?.message
                : outcome.error
            if (
              client === 'anthropic-messages' &&
              outcome.error &&
              hasBrokenToolArgs(events) &&
              !(last?.type === 'error' && outcome.error.includes(last.error.message))
            ) {
              expect(outcome.error).toMatch(/JSON/)
              return
            }
            if (last?.type !== 'error') expect(outcome.error).toBeUndefined()
            else expect(seen).toContain(last.error.message)
          },
        ),
        { numRuns: Math.ceil(RUNS / 3) },
      )
    },
  )
})
