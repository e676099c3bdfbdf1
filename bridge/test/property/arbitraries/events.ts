// Arbitraries for well-formed canonical event streams: blocks one after another, usage, and a stop or an error.
import fc from 'fast-check'
import type { CanonicalError, ErrorKind } from '../../../protocol/canonical/errors.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { Opaque } from '../../../protocol/canonical/opaque.js'
import type { StopReason } from '../../../protocol/canonical/stop-reason.js'
import type { Usage } from '../../../protocol/canonical/usage.js'
import type { Citation, WebSearchOutcome } from '../../../protocol/canonical/web-search.js'
import { webSearchInput } from '../../../protocol/canonical/web-search.js'
import { DIALECTS } from '../../../protocol/dialects.js'
import {
  alnumText,
  anyText,
  argsObject,
  chunked,
  customName,
  functionName,
  safeId,
  solidText,
} from './text.js'

export type BlockSpec =
  | { kind: 'text'; chunks: string[]; citations?: Citation[] }
  | { kind: 'refusal'; chunks: string[] }
  | { kind: 'search'; callId: string; query: string; outcome: WebSearchOutcome }
  | { kind: 'reasoning'; chunks: string[]; opaque?: Opaque }
  | { kind: 'redacted'; opaque: Opaque }
  | { kind: 'function'; callId: string; name: string; argChunks: string[] }
  | { kind: 'custom'; callId: string; name: string; chunks: string[] }

export type Ending =
  | { type: 'stop'; stopReason: StopReason; stopSequence?: string }
  | {
      type: 'error'
      error: CanonicalError
      /** How many of the events before the terminal one are kept. */ keep: number
    }

export interface StreamSpec {
  id: string
  model: string
  blocks: BlockSpec[]
  /** An early partial report right after message_start (Anthropic's message_start usage). */
  early: boolean
  usage: Usage | undefined
  ending: Ending
}

export const STOP_REASONS: readonly StopReason[] = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'refusal',
  'pause_turn',
  'context_window_exceeded',
]

const ERROR_KINDS: readonly ErrorKind[] = [
  'invalid_request',
  'authentication',
  'billing',
  'permission',
  'not_found',
  'request_too_large',
  'rate_limit',
  'api_error',
  'timeout',
  'overloaded',
]

/**
 * Opaque tokens from every dialect: ours travel home verbatim, foreign ones inside an envelope. Only
 * Responses tokens belong to an item id.
 */
export const opaqueArb: fc.Arbitrary<Opaque> = fc
  .tuple(
    fc.constantFrom(...DIALECTS),
    alnumText(1, 40),
    fc.option(
      alnumText(1, 12).map((s) => `rs_${s}`),
      { nil: undefined },
    ),
  )
  .map(([dialect, value, itemId]) =>
    itemId === undefined || dialect !== 'openai-responses'
      ? { dialect, value }
      : { dialect, value, itemId },
  )

const urlArb = alnumText(1, 12).map((s) => `https://example.com/${s}`)

/** Cited sources as Anthropic sends them (no offsets: a citation covers its whole text block). */
const citationArb: fc.Arbitrary<Citation> = fc
  .tuple(urlArb, solidText, solidText, fc.option(opaqueArb, { nil: undefined }))
  .map(([url, title, citedText, opaque]) =>
    opaque ? { url, title, citedText, opaque } : { url, title, citedText },
  )

/** A search's hits (at least one: an empty list reads back as the answer's citations on Responses) or an error. */
const outcomeArb: fc.Arbitrary<WebSearchOutcome> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc
          .tuple(urlArb, solidText, fc.option(opaqueArb, { nil: undefined }))
          .map(([url, title, opaque]) => (opaque ? { url, title, opaque } : { url, title })),
        { minLength: 1, maxLength: 4 },
      )
      .map((results): WebSearchOutcome => ({ results })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('unavailable', 'max_uses_exceeded')
      .map((errorCode): WebSearchOutcome => ({ errorCode })),
  },
)

/** Splits serialized JSON into fragments: the arguments arrive in arbitrary pieces. */
const argChunks = chunked(argsObject.map((o) => JSON.stringify(o)))

const blockArb: fc.Arbitrary<BlockSpec> = fc.oneof(
  fc
    .tuple(chunked(anyText), fc.array(citationArb, { maxLength: 3 }))
    .map(([chunks, citations]): BlockSpec =>
      citations.length > 0 ? { kind: 'text', chunks, citations } : { kind: 'text', chunks },
    ),
  fc
    .tuple(solidText, outcomeArb)
    .map(([query, outcome]): BlockSpec => ({ kind: 'search', callId: '', query, outcome })),
  chunked(solidText).map((chunks): BlockSpec => ({ kind: 'refusal', chunks })),
  fc
    .tuple(chunked(anyText), fc.option(opaqueArb, { nil: undefined }))
    .map(([chunks, opaque]): BlockSpec =>
      opaque ? { kind: 'reasoning', chunks, opaque } : { kind: 'reasoning', chunks },
    ),
  opaqueArb.map((opaque): BlockSpec => ({ kind: 'redacted', opaque })),
  fc.tuple(functionName, argChunks).map(([name, chunks]): BlockSpec => ({
    kind: 'function',
    callId: '',
    name,
    argChunks: chunks,
  })),
  fc
    .tuple(customName, chunked(anyText))
    .map(([name, chunks]): BlockSpec => ({ kind: 'custom', callId: '', name, chunks })),
)

/** `inputTokens` covers cache reads and writes, as the canonical usage defines. */
const usageArb: fc.Arbitrary<Usage> = fc
  .tuple(fc.nat(5000), fc.nat(5000), fc.nat(5000), fc.nat(5000), fc.nat(5000))
  .map(([uncached, cached, written, outputTokens, reasoningTokens]) => ({
    inputTokens: uncached + cached + written,
    cachedInputTokens: cached,
    cacheWriteTokens: written,
    outputTokens,
    reasoningTokens,
    webSearchRequests: 0,
  }))
  .chain((u) => fc.nat(3).map((webSearchRequests) => ({ ...u, webSearchRequests })))

const errorArb: fc.Arbitrary<CanonicalError> = fc
  .tuple(fc.constantFrom(...ERROR_KINDS), solidText)
  .map(([kind, message]) => ({ kind, message }))

const endingArb: fc.Arbitrary<Ending> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...STOP_REASONS)
      .chain((stopReason) =>
        stopReason === 'stop_sequence'
          ? solidText.map((stopSequence): Ending => ({ type: 'stop', stopReason, stopSequence }))
          : fc.constant<Ending>({ type: 'stop', stopReason }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(errorArb, fc.nat())
      .map(([error, keep]): Ending => ({ type: 'error', error, keep })),
  },
)

export const streamSpecArb: fc.Arbitrary<StreamSpec> = fc
  .record({
    id: alnumText(1, 12).map((s) => `msg_${s}`),
    model: fc.constantFrom('upstream-model', 'gpt-5', 'claude-x'),
    blocks: fc.array(blockArb, { maxLength: 6 }),
    callIds: fc.uniqueArray(safeId, { minLength: 6, maxLength: 6 }),
    early: fc.boolean(),
    usage: fc.option(usageArb, { nil: undefined }),
    ending: endingArb,
  })
  .map(({ callIds, blocks, ...rest }) => ({
    ...rest,
    blocks: blocks.map((b, i) =>
      b.kind === 'function' || b.kind === 'custom' || b.kind === 'search'
        ? { ...b, callId: callIds[i] ?? `call_${i}` }
        : b,
    ),
  }))

/** Events of one spec block; a search takes two block indices (the call and its result). */
function blockEvents(b: BlockSpec, index: number): CanonicalEvent[] {
  switch (b.kind) {
    case 'text':
    case 'refusal':
      return [
        { type: 'block_start', index, block: { kind: b.kind } },
        ...b.chunks.map((text): CanonicalEvent => ({ type: 'text_delta', index, text })),
        ...(b.kind === 'text' ? (b.citations ?? []) : []).map((citation): CanonicalEvent => ({
          type: 'citation',
          index,
          citation,
        })),
        { type: 'block_stop', index },
      ]
    case 'search':
      return [
        { type: 'block_start', index, block: { kind: 'web_search_call', callId: b.callId } },
        { type: 'tool_args_delta', index, delta: webSearchInput(b.query) },
        { type: 'block_stop', index },
        {
          type: 'block_start',
          index: index + 1,
          block: { kind: 'web_search_result', callId: b.callId, outcome: b.outcome },
        },
        { type: 'block_stop', index: index + 1 },
      ]
    case 'reasoning':
      return [
        { type: 'block_start', index, block: { kind: 'reasoning', channel: 'raw' } },
        ...b.chunks.map((text): CanonicalEvent => ({ type: 'reasoning_delta', index, text })),
        b.opaque ? { type: 'block_stop', index, opaque: b.opaque } : { type: 'block_stop', index },
      ]
    case 'redacted':
      return [
        { type: 'block_start', index, block: { kind: 'redacted_reasoning' } },
        { type: 'block_stop', index, opaque: b.opaque },
      ]
    case 'function':
    case 'custom': {
      const chunks = b.kind === 'function' ? b.argChunks : b.chunks
      return [
        {
          type: 'block_start',
          index,
          block: { kind: 'tool_call', callId: b.callId, name: b.name, toolKind: b.kind },
        },
        ...chunks.map((delta): CanonicalEvent => ({ type: 'tool_args_delta', index, delta })),
        { type: 'block_stop', index },
      ]
    }
  }
}

/** The canonical events a spec describes; always well formed. */
export function toEvents(spec: StreamSpec): CanonicalEvent[] {
  const events: CanonicalEvent[] = [{ type: 'message_start', id: spec.id, model: spec.model }]
  if (spec.early && spec.usage) {
    const { inputTokens, cachedInputTokens, cacheWriteTokens } = spec.usage
    events.push({ type: 'usage', usage: { inputTokens, cachedInputTokens, cacheWriteTokens } })
  }
  let index = 0
  for (const b of spec.blocks) {
    events.push(...blockEvents(b, index))
    index += b.kind === 'search' ? 2 : 1
  }
  if (spec.usage) events.push({ type: 'usage', usage: spec.usage })
  const end = spec.ending
  if (end.type === 'error') {
    const kept = events.slice(0, end.keep % (events.length + 1))
    return [...kept, { type: 'error', error: end.error }]
  }
  events.push(
    end.stopSequence === undefined
      ? { type: 'message_stop', stopReason: end.stopReason }
      : { type: 'message_stop', stopReason: end.stopReason, stopSequence: end.stopSequence },
  )
  return events
}

/** The tool names a client request must declare so that decoders restore custom tools. */
export function toolNamesOf(spec: StreamSpec): { functions: string[]; customs: string[] } {
  const functions = new Set<string>()
  const customs = new Set<string>()
  for (const b of spec.blocks) {
    if (b.kind === 'function') functions.add(b.name)
    if (b.kind === 'custom') customs.add(b.name)
  }
  return { functions: [...functions], customs: [...customs] }
}
