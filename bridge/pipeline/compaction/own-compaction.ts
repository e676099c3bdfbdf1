// Compaction for upstreams that cannot compact (Chat, Anthropic, the local Codex agent): Switchboard asks the
// upstream for a summary and answers the `compaction_trigger` with exactly one compaction item of its own;
// when that item comes back in a later input it becomes the summary again (long-sessions.md §3.2, §4.3).
import { bridgeError } from '../../errors.js'
import type { CanonicalEvent } from '../../protocol/canonical/events.js'
import { isJsonObject } from '../../protocol/canonical/json.js'
import type { JsonObject, JsonValue } from '../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { Provider } from '../../upstream/provider.js'
import { batchEvents, type EventSource, type SourceBatch } from '../deliver.js'
import { isOwnEnvelope, openCompaction } from './envelope.js'

/** Asked of the upstream, appended to the conversation it is to summarise. */
export const SUMMARY_PROMPT = [
  'Stop here and write a handoff summary of this conversation so far, for another model that will continue it',
  'with only your summary and the user messages. Include: the task and its current state; decisions made and',
  'why; constraints and preferences the user stated; files, commands, identifiers and data that matter; what',
  'is still to be done, as concrete next steps. Write plain text only; do not call any tool.',
].join(' ')

/** How an expanded summary reads to the model in later requests. */
export const SUMMARY_PREFIX =
  'The earlier part of this conversation was compacted. This summary of it replaces the earlier messages:\n\n'

/** Whether this exchange's compaction is Switchboard's job: the upstream has no compaction of its own. */
export function compactsHere(
  request: CanonicalRequest,
  provider: Pick<Provider, 'dialect' | 'compacts'>,
): boolean {
  return (
    request.compactionTrigger === true &&
    !(provider.compacts ?? provider.dialect === 'openai-responses')
  )
}

/** The request that asks the upstream for the summary: the same conversation, no tool calls, then the prompt. */
export function summarisationRequest(request: CanonicalRequest): CanonicalRequest {
  const { compactionTrigger: _trigger, ...rest } = request
  const prompt = { type: 'text' as const, text: SUMMARY_PROMPT }
  const messages = [...rest.messages]
  const last = messages.at(-1)
  // Appended to a trailing user turn (as Claude Code does) so that dialects needing alternation stay valid.
  if (last?.role === 'user')
    messages[messages.length - 1] = { role: 'user', content: [...last.content, prompt] }
  else messages.push({ role: 'user', content: [prompt] })
  const out: CanonicalRequest = { ...rest, messages }
  if (rest.tools.length > 0) out.toolChoice = 'none'
  else delete out.toolChoice
  return out
}

/**
 * The upstream's answer to the summarisation request as one compaction item: text is collected, everything
 * else but usage and failures is dropped, and the item is sealed when the answer ends.
 */
export function asCompactionItem(
  source: EventSource,
  seal: (summary: string) => string,
): EventSource {
  return { ...source, batches: compactionBatches(source.batches, seal) }
}

async function* compactionBatches(
  batches: AsyncIterable<SourceBatch>,
  seal: (summary: string) => string,
): AsyncGenerator<SourceBatch> {
  const texts: string[] = []
  let inText = false
  for await (const batch of batches) {
    const out: CanonicalEvent[] = []
    for (const event of batchEvents(batch)) {
      switch (event.type) {
        case 'message_start':
        case 'usage':
        case 'rate_limits':
        case 'error':
          out.push(event)
          break
        case 'block_start':
          inText = event.block.kind === 'text'
          if (inText) texts.push('')
          break
        case 'text_delta':
          if (inText) texts[texts.length - 1] += event.text
          break
        case 'block_stop':
          inText = false
          break
        case 'reasoning_delta':
        case 'tool_args_delta':
        case 'citation':
          break
        case 'message_stop': {
          const summary = texts.filter((t) => t.trim() !== '').join('\n\n')
          if (summary === '') {
            out.push({
              type: 'error',
              error: {
                kind: 'api_error',
                status: 502,
                message: 'The upstream answered the compaction request without any summary text.',
              },
            })
            break
          }
          out.push(
            { type: 'block_start', index: 0, block: { kind: 'compaction' } },
            {
              type: 'block_stop',
              index: 0,
              opaque: { dialect: 'openai-responses', value: seal(summary) },
            },
            { type: 'message_stop', stopReason: 'end_turn' },
          )
          break
        }
      }
    }
    if (out.length > 0 || batch.frames)
      yield { events: out, ...(batch.frames ? { frames: batch.frames } : {}) }
  }
}

/**
 * A Responses body whose own compaction items (ours, `sbc1.`) are replaced by a user message with the summary,
 * for every upstream: none of them can read our envelope. Other compaction items stay for the upstream that
 * issued them. Returns the body unchanged when it holds none of ours.
 */
export function expandOwnCompactions(body: JsonObject, key: string): JsonObject {
  const input = body['input']
  if (!Array.isArray(input) || !input.some(isOwnItem)) return body
  const expanded = input.map((item, i): JsonValue => {
    if (!isOwnItem(item)) return item
    const opened = openCompaction(String(item['encrypted_content']), key)
    if (!opened) {
      throw bridgeError(
        'BRIDGE_BAD_REQUEST',
        'invalid_request',
        `input[${i}]: this compaction item was not issued by this Switchboard, or it was altered (or the access key changed since); start a new session.`,
        { param: `input[${i}].encrypted_content` },
      )
    }
    return {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: SUMMARY_PREFIX + opened.summary }],
    }
  })
  return { ...body, input: expanded }
}

function isOwnItem(item: JsonValue): item is JsonObject {
  return (
    isJsonObject(item) &&
    item['type'] === 'compaction' &&
    typeof item['encrypted_content'] === 'string' &&
    isOwnEnvelope(item['encrypted_content'])
  )
}
