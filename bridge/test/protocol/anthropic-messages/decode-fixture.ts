// Test helper: runs an upstream fixture through the SSE parser and the Anthropic stream decoder, at any cut.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { splitEvery } from '../../helpers/chunks.js'
import { decodeBytes as decodeDialect } from '../../helpers/translate.js'

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
  return decodeDialect(
    'anthropic-messages',
    chunkSize === undefined ? [bytes] : splitEvery(bytes, chunkSize),
    request,
  )
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
