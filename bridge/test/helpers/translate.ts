// Pure translation helpers for tests: bytes of one dialect → canonical events → another dialect.
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { createSseParser } from '../../protocol/sse/parse.js'
import type { SseFrame } from '../../protocol/sse/frame.js'
import { serializeFrames } from '../../protocol/sse/serialize.js'
import { splitEvery } from './chunks.js'
import { encoderOptions, testContext } from './context.js'

export function decodeBytes(
  dialect: Dialect,
  chunks: readonly (Uint8Array | string)[],
  request?: CanonicalRequest,
): CanonicalEvent[] {
  const parser = createSseParser()
  const decoder = codecFor(dialect).createStreamDecoder(
    request ? { ...testContext(), request } : testContext(),
  )
  const events: CanonicalEvent[] = []
  for (const c of chunks) for (const f of parser.push(c)) events.push(...decoder.push(f))
  for (const f of parser.end()) events.push(...decoder.push(f))
  events.push(...decoder.end())
  return events
}

/** Frames already cut, through one dialect's stream decoder to its end. */
export function decodeFrames(dialect: Dialect, frames: readonly SseFrame[]): CanonicalEvent[] {
  const decoder = codecFor(dialect).createStreamDecoder(testContext())
  return [...frames.flatMap((f) => decoder.push(f)), ...decoder.end()]
}

export function decodeAt(dialect: Dialect, bytes: Uint8Array, size?: number): CanonicalEvent[] {
  return decodeBytes(dialect, size ? splitEvery(bytes, size) : [bytes])
}

export function encodeStream(
  dialect: Dialect,
  events: CanonicalEvent[],
  model = 'client-model',
  request?: CanonicalRequest,
): string {
  const encoder = codecFor(dialect).createStreamEncoder(encoderOptions(model, request))
  const frames = events.flatMap((e) => encoder.push(e))
  frames.push(...encoder.end())
  return serializeFrames(frames)
}
