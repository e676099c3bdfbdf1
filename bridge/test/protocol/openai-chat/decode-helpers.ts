// Test helpers: feed raw Chat SSE bytes through the SSE parser and the Chat stream decoder.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { openaiChatCodec } from '../../../protocol/openai-chat/index.js'
import type { SseFrame } from '../../../protocol/sse/frame.js'
import { testContext } from '../../helpers/context.js'
import { decodeBytes } from '../../helpers/translate.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/upstream/openai-chat/', import.meta.url))

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}${name}.sse`))
}

export function decodeChunks(
  chunks: readonly (Uint8Array | string)[],
  request?: CanonicalRequest,
): CanonicalEvent[] {
  return decodeBytes('openai-chat', chunks, request)
}

/** Decodes data-only frames given as JSON values (or the literal `[DONE]`). */
export function decodeFrames(
  frames: readonly unknown[],
  request?: CanonicalRequest,
  end = true,
): CanonicalEvent[] {
  const ctx = testContext()
  const decoder = openaiChatCodec.createStreamDecoder(request ? { ...ctx, request } : ctx)
  const events: CanonicalEvent[] = []
  for (const f of frames) {
    const frame: SseFrame = { data: typeof f === 'string' ? f : JSON.stringify(f) }
    events.push(...decoder.push(frame))
  }
  if (end) events.push(...decoder.end())
  return events
}

/** A minimal chunk around a delta, as a Chat upstream sends it. */
export function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  id = 'chatcmpl-x',
): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }
}
