// Test helpers for the Responses codec: fixture bytes → canonical events, and the openai-node oracle.
import { readFileSync } from 'node:fs'
import OpenAI from 'openai'
import { expect } from 'vitest'
import { ProtocolError } from '../../../protocol/canonical/errors.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { openaiResponsesCodec } from '../../../protocol/openai-responses/index.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { serializeFrames } from '../../../protocol/sse/serialize.js'
import { splitEvery } from '../../helpers/chunks.js'
import { encoderOptions } from '../../helpers/context.js'
import { decodeBytes } from '../../helpers/translate.js'

export const FIXTURE_DIR = new URL('../../fixtures/upstream/openai-responses/', import.meta.url)

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(new URL(`${name}.sse`, FIXTURE_DIR))
}

export function decodeChunks(
  chunks: (Uint8Array | string)[],
  request?: CanonicalRequest,
): CanonicalEvent[] {
  return decodeBytes('openai-responses', chunks, request)
}

export function decodeFixture(name: string, size?: number): CanonicalEvent[] {
  const bytes = fixtureBytes(name)
  return decodeChunks(size ? splitEvery(bytes, size) : [bytes])
}

/** `event: <type>` + `data:` frames, as a Responses upstream writes them. */
export function sse(...events: object[]): string {
  return events
    .map((e) => {
      const type = (e as { type?: unknown }).type
      return `${typeof type === 'string' ? `event: ${type}\n` : ''}data: ${JSON.stringify(e)}\n\n`
    })
    .join('')
}

export function encodeFrames(
  events: CanonicalEvent[],
  request?: CanonicalRequest,
  withEnd = true,
): SseFrame[] {
  const encoder = openaiResponsesCodec.createStreamEncoder(encoderOptions('client-model', request))
  const frames = events.flatMap((e) => encoder.push(e))
  return withEnd ? [...frames, ...encoder.end()] : frames
}

export function encodeText(events: CanonicalEvent[], request?: CanonicalRequest): string {
  return serializeFrames(encodeFrames(events, request))
}

/** The real openai-node client reading our bytes: its `finalResponse()` is the oracle. */
export async function oracleFinal(text: string): Promise<OpenAI.Responses.Response> {
  const client = new OpenAI({
    apiKey: 'x',
    baseURL: 'http://fake/v1',
    maxRetries: 0,
    fetch: async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
  })
  return client.responses.stream({ model: 'client-model', input: 'x' }).finalResponse()
}

/** Every event the SDK's stream emits, so that a rejected event fails the test with its message. */
export async function oracleEvents(text: string): Promise<string[]> {
  const client = new OpenAI({
    apiKey: 'x',
    baseURL: 'http://fake/v1',
    maxRetries: 0,
    fetch: async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } }),
  })
  const types: string[] = []
  const stream = client.responses.stream({ model: 'client-model', input: 'x' })
  for await (const event of stream) types.push(event.type)
  return types
}

/** The 400 the Responses decoder throws for `body`: its param and message (fails when it accepts the body). */
export function rejection(body: unknown): { param: string | undefined; message: string } {
  try {
    openaiResponsesCodec.decodeRequest(body)
  } catch (e) {
    if (e instanceof ProtocolError) {
      expect(e.error.kind).toBe('invalid_request')
      return { param: e.error.param, message: e.error.message }
    }
    throw e
  }
  throw new Error('expected the request to be rejected')
}
