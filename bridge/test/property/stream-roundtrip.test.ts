// Property: canonical streams → client dialect → its own decoder at any chunk split keep what it carries; SDKs agree.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../protocol/canonical/accumulate.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { checkWellFormed } from '../../protocol/canonical/invariants.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { normalizeFinal } from '../golden/normalize.js'
import { encoderOptions } from '../helpers/context.js'
import { sdkFinal } from '../helpers/sdk-oracles.js'
import { decodeBytes, encodeStream } from '../helpers/translate.js'
import { streamSpecArb, toEvents, toolNamesOf, type StreamSpec } from './arbitraries/events.js'
import { cutAt } from './arbitraries/frames.js'
import { carried, carriedUsage, expectedStop, streamedText } from './stream-carried.js'

/** PROPERTY_RUNS raises the count for a long hunt; the default keeps the file fast. */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 80)

/** The client's request: it declares the stream's tools (custom ones must be known to unwrap) and asks for usage. */
function clientRequest(spec: StreamSpec): CanonicalRequest {
  const { functions, customs } = toolNamesOf(spec)
  return {
    model: 'client-model',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [
      ...functions.map((name) => ({
        kind: 'function' as const,
        name,
        parameters: { type: 'object', properties: {} },
      })),
      ...customs.map((name) => ({ kind: 'custom' as const, name })),
    ],
    stream: true,
    includeUsage: true,
    extras: { dialect: 'openai-chat', fields: {} },
  }
}

function terminals(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  return events.filter((e) => e.type === 'message_stop' || e.type === 'error')
}

function checkRoundTrip(
  client: Dialect,
  events: CanonicalEvent[],
  decoded: CanonicalEvent[],
): void {
  expect(checkWellFormed(decoded)).toEqual([])
  expect(terminals(decoded)).toHaveLength(1)
  const input = accumulate(events)
  const output = accumulate(decoded)
  if (!input.ok) {
    // An error ending: the client sees the failure, and whatever text it saw is a prefix of what was sent.
    expect(output.ok).toBe(false)
    if (output.ok) return
    expect(output.error.message).toContain(input.error.message)
    if (client === 'anthropic-messages') expect(output.error.kind).toBe(input.error.kind)
    const sent = streamedText(events)
    const seen = streamedText(decoded)
    expect(sent.text.startsWith(seen.text)).toBe(true)
    expect(sent.reasoning.startsWith(seen.reasoning)).toBe(true)
    return
  }
  expect(output.ok).toBe(true)
  if (!output.ok) return
  expect(carried(client, output.response.content)).toEqual(carried(client, input.response.content))
  const sawTool = input.response.content.some((p) => p.type === 'tool_call')
  expect(output.response.stopReason).toBe(expectedStop(client, input.response.stopReason, sawTool))
  if (client === 'anthropic-messages')
    expect(output.response.stopSequence).toBe(input.response.stopSequence)
  expect(carriedUsage(client, output.response.usage)).toEqual(
    carriedUsage(client, input.response.usage),
  )
}

/**
 * Chat tool-call arguments compared as JSON: a custom input whose deltas split a surrogate pair streams as
 * `\ud800\udc00` escapes while the non-stream answer holds the character itself; both parse the same.
 */
function sameJson(dialect: Dialect, normalized: unknown): unknown {
  if (dialect !== 'openai-chat') return normalized
  const n = normalized as { tool_calls: { arguments: unknown }[] }
  return {
    ...n,
    tool_calls: n.tool_calls.map((c) => {
      try {
        return {
          ...c,
          arguments:
            typeof c.arguments === 'string' ? (JSON.parse(c.arguments) as unknown) : c.arguments,
        }
      } catch {
        return c
      }
    }),
  }
}

async function checkOracle(
  client: Dialect,
  request: CanonicalRequest,
  events: CanonicalEvent[],
  sse: string,
): Promise<void> {
  const result = accumulate(events)
  if (!result.ok) {
    if (client === 'openai-responses') {
      const failed = (await sdkFinal(client, sse)) as {
        status: string
        error: { message: string } | null
      }
      expect(failed.status).toBe('failed')
      expect(failed.error?.message).toContain(result.error.message)
    } else {
      await expect(sdkFinal(client, sse)).rejects.toThrow()
    }
    return
  }
  const json = codecFor(client).encodeResponse(
    result.response,
    encoderOptions('client-model', request),
  )
  const final = await sdkFinal(client, sse)
  expect(sameJson(client, normalizeFinal(client, final))).toEqual(
    sameJson(client, normalizeFinal(client, json)),
  )
}

describe('canonical stream → client dialect → its own decoder', () => {
  for (const client of DIALECTS) {
    it(`${client}: well formed at any chunk boundary, keeps what ${client} carries, SDK agrees`, async () => {
      await fc.assert(
        fc.asyncProperty(
          streamSpecArb,
          fc.array(fc.nat(), { maxLength: 12 }),
          async (spec, cuts) => {
            const events = toEvents(spec)
            expect(checkWellFormed(events)).toEqual([])
            const request = clientRequest(spec)
            const sse = encodeStream(client, events, 'client-model', request)
            const decoded = decodeBytes(client, cutAt(new TextEncoder().encode(sse), cuts), request)
            checkRoundTrip(client, events, decoded)
            await checkOracle(client, request, events, sse)
          },
        ),
        { numRuns: RUNS },
      )
    })
  }
})
