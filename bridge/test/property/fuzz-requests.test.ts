// Fuzz: random, request-shaped and mutated real bodies into every decodeRequest: a request or ProtocolError only.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../protocol/canonical/errors.js'
import type { JsonValue } from '../../protocol/canonical/json.js'
import { DIALECTS } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { allCapturedPosts } from '../helpers/captures.js'
import { applyJsonEdit, jsonEditArb, strangeValue } from './arbitraries/mutate.js'
import { requestArb } from './arbitraries/requests.js'

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 120)
function capturedBodies(): JsonValue[] {
  const unique = new Map<string, JsonValue>()
  for (const r of allCapturedPosts()) unique.set(JSON.stringify(r.body), r.body)
  return [...unique.values()]
}

const CAPTURED = capturedBodies()

/** Describes what escaped a decoder, for the failure message. */
function outcome(run: () => unknown): string {
  try {
    run()
    return 'ok'
  } catch (e) {
    return e instanceof ProtocolError
      ? 'protocol-error'
      : `${e instanceof Error ? e.name : typeof e}: ${String(e)}`
  }
}

/** The decoder contract, and for accepted bodies: translating to every dialect never throws. */
function expectContract(body: unknown): void {
  for (const source of DIALECTS) {
    let decoded: ReturnType<ReturnType<typeof codecFor>['decodeRequest']> | undefined
    const result = outcome(() => {
      decoded = codecFor(source).decodeRequest(body)
    })
    expect(['ok', 'protocol-error'], `${source}.decodeRequest`).toContain(result)
    if (!decoded) continue
    const request = decoded
    for (const target of DIALECTS) {
      const encoded = outcome(() => JSON.stringify(codecFor(target).encodeRequest(request).body))
      expect(encoded, `${source} → ${target}.encodeRequest`).toBe('ok')
    }
  }
}

/** Every field name and type tag the three dialects use, so random objects look like requests. */
const KEYS = [
  'model',
  'messages',
  'input',
  'instructions',
  'system',
  'role',
  'content',
  'type',
  'text',
  'tools',
  'tool_choice',
  'tool_calls',
  'function',
  'function_call',
  'arguments',
  'name',
  'id',
  'call_id',
  'tool_call_id',
  'tool_use_id',
  'output',
  'source',
  'media_type',
  'data',
  'image_url',
  'url',
  'file',
  'file_data',
  'file_id',
  'input_schema',
  'parameters',
  'thinking',
  'signature',
  'reasoning',
  'summary',
  'encrypted_content',
  'max_tokens',
  'max_output_tokens',
  'stream',
  'stream_options',
  'include_usage',
  'metadata',
  'user',
  'response_format',
  'json_schema',
  'schema',
  'text',
  'format',
  'custom',
  'is_error',
  'cache_control',
  'budget_tokens',
  'effort',
  'stop',
  'stop_sequences',
  'n',
  'refusal',
]
const TAGS = [
  'user',
  'assistant',
  'system',
  'developer',
  'tool',
  'function',
  'text',
  'image',
  'image_url',
  'input_text',
  'output_text',
  'input_image',
  'input_file',
  'refusal',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'document',
  'search_result',
  'base64',
  'url',
  'file',
  'content',
  'message',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'reasoning',
  'local_shell_call',
  'item_reference',
  'custom',
  'grammar',
  'json_schema',
  'json_object',
  'enabled',
  'adaptive',
  'disabled',
  'auto',
  'any',
  'none',
  'required',
  'allowed_tools',
]

const shaped: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<JsonValue>(...TAGS),
    strangeValue,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** Top level always looks like a request, so the fuzzing reaches past the first checks. */
const requestShaped: fc.Arbitrary<JsonValue> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...KEYS), shaped, { maxKeys: 6 }),
    fc.array(shaped, { maxLength: 4 }),
    fc.array(shaped, { maxLength: 4 }),
  )
  .map(([rest, messages, input]) => ({ ...rest, model: 'm', max_tokens: 100, messages, input }))

describe('request decoders under fuzzing', () => {
  it('finds the captured requests', () => {
    expect(CAPTURED.length).toBeGreaterThan(5)
  })

  it('any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expectContract(v)),
      { numRuns: RUNS },
    )
  })

  it('request-shaped JSON built from every dialect field name and type tag', () => {
    fc.assert(
      fc.property(requestShaped, (v) => expectContract(v)),
      { numRuns: RUNS * 4 },
    )
  })

  it('mutated captured requests (Claude Code, Codex CLI)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CAPTURED),
        fc.array(jsonEditArb, { minLength: 1, maxLength: 4 }),
        (body, edits) =>
          expectContract(edits.reduce<JsonValue>((v, e) => applyJsonEdit(v, e), body)),
      ),
      { numRuns: RUNS },
    )
  })

  it('mutated bodies of our own request encoders (every dialect, Chat included)', () => {
    const bodies = fc
      .tuple(requestArb, fc.constantFrom(...DIALECTS))
      .map(([req, d]) => codecFor(d).encodeRequest(req).body as JsonValue)
    fc.assert(
      fc.property(bodies, fc.array(jsonEditArb, { minLength: 1, maxLength: 4 }), (body, edits) =>
        expectContract(edits.reduce<JsonValue>((v, e) => applyJsonEdit(v, e), body)),
      ),
      { numRuns: RUNS * 2 },
    )
  })
})
