// Test helper: runs an upstream fixture through the SSE parser and the Anthropic stream decoder.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { anthropicMessagesCodec } from '../../../protocol/anthropic-messages/index.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { createSseParser } from '../../../protocol/sse/parse.js'
import { splitEvery } from '../../helpers/chunks.js'
import { testContext } from '../../helpers/context.js'

export const FIXTURE_DIR = fileURLToPath(
  new URL('../../fixtures/upstream/anthropic-messages/', import.meta.url),
)

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURE_DIR}${name}.sse`))
}

/** Decodes `bytes` fed in `chunkSize`-byte pieces (whole when undefined). */
export function decodeBytes(
  bytes: Uint8Array,
  chunkSize?: number,
  request?: CanonicalRequest,
): CanonicalEvent[] {
  const parser = createSseParser()
  const ctx = testContext()
  const decoder = anthropicMessagesCodec.createStreamDecoder(request ? { ...ctx, request } : ctx)
  const events: CanonicalEvent[] = []
  const chunks = chunkSize === undefined ? [bytes] : splitEvery(bytes, chunkSize)
  for (const chunk of chunks)
    for (const frame of parser.push(chunk)) events.push(...decoder.push(frame))
  for (const frame of parser.end()) events.push(...decoder.push(frame))
  events.push(...decoder.end())
  return events
}

export function decodeFixture(
  name: string,
  chunkSize?: number,
  request?: CanonicalRequest,
): CanonicalEvent[] {
  return decodeBytes(fixtureBytes(name), chunkSize, request)
}

export function decodeText(sse: string, request?: CanonicalRequest): CanonicalEvent[] {
  return decodeBytes(new TextEncoder().encode(sse), undefined, request)
}
