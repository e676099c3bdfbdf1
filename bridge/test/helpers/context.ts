// Deterministic ids and clock for codec tests and goldens.
import type { CodecContext, StreamEncoderOptions } from '../../protocol/codec.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'

export function testContext(): CodecContext {
  const counters = new Map<string, number>()
  return {
    newId(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1
      counters.set(prefix, n)
      return `${prefix}test${String(n).padStart(4, '0')}`
    },
    now: () => 1_763_900_000_000,
  }
}

export function encoderOptions(
  model = 'test-model',
  request?: CanonicalRequest,
): StreamEncoderOptions {
  return request ? { ...testContext(), model, request } : { ...testContext(), model }
}
