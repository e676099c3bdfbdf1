// Remote compaction as the Responses fakes play it: a request whose last input item is `compaction_trigger`
// gets exactly one `compaction` output item, whose encrypted_content only the issuing fake verifies when it
// comes back (long-sessions.md §3.2; openai SDK types ResponseCompactionItem, CompactionTrigger).
import { createHash } from 'node:crypto'
import type { Frame, StreamScript } from './fault-driver.js'
import { objs, str } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { openaiError } from './openai-errors.js'

const PREFIX = 'gAAAAC'
const checksum = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 16)

export function wantsCompaction(input: unknown): boolean {
  return objs(input).at(-1)?.type === 'compaction_trigger'
}

/** What the fake "remembers" in a compaction item: the user prompts it compacted. */
export function encryptedCompaction(issuer: string, prompts: string[]): string {
  const payload = JSON.stringify({ issuer, prompts })
  return PREFIX + Buffer.from(`${payload}|${checksum(payload)}`).toString('base64')
}

export function compactionVerifies(blob: string, issuer: string): boolean {
  if (!blob.startsWith(PREFIX)) return false
  const text = Buffer.from(blob.slice(PREFIX.length), 'base64').toString('utf8')
  const cut = text.lastIndexOf('|')
  const payload = text.slice(0, cut)
  if (cut < 0 || checksum(payload) !== text.slice(cut + 1)) return false
  try {
    return (JSON.parse(payload) as { issuer?: unknown }).issuer === issuer
  } catch {
    return false
  }
}

/** A misplaced trigger or a compaction item this fake did not issue, as the API's 400. */
export function compactionProblem(input: unknown, issuer: string): Obj | undefined {
  const items = objs(input)
  for (const [i, item] of items.entries()) {
    if (item.type === 'compaction_trigger' && i !== items.length - 1) {
      return openaiError(
        `Invalid 'input[${i}]': compaction_trigger must be the final input item.`,
        'invalid_request_error',
        `input[${i}]`,
        'invalid_value',
      )
    }
    if (
      item.type === 'compaction' &&
      !compactionVerifies(str(item.encrypted_content) ?? '', issuer)
    ) {
      return openaiError(
        `The encrypted content for item ${str(item.id) ?? `input[${i}]`} could not be verified.`,
        'invalid_request_error',
        null,
        'invalid_encrypted_content',
      )
    }
  }
  return undefined
}

export interface CompactionPlan {
  id: string
  itemId: string
  model: string
  createdAt: number
  encrypted: string
  inputTokens: number
  outputTokens: number
}

function responseOf(plan: CompactionPlan, status: string, output: Obj[], usage: Obj | null): Obj {
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status,
    error: null,
    incomplete_details: null,
    model: plan.model,
    output,
    parallel_tool_calls: true,
    store: false,
    tool_choice: 'auto',
    tools: [],
    usage,
  }
}

function usageOf(plan: CompactionPlan): Obj {
  return {
    input_tokens: plan.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: plan.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: plan.inputTokens + plan.outputTokens,
  }
}

const itemOf = (plan: CompactionPlan): Obj => ({
  id: plan.itemId,
  type: 'compaction',
  encrypted_content: plan.encrypted,
})

export function compactionObject(plan: CompactionPlan): Obj {
  return responseOf(plan, 'completed', [itemOf(plan)], usageOf(plan))
}

export function compactionStream(
  plan: CompactionPlan,
  completedOutput: 'empty' | 'full' = 'full',
): StreamScript {
  let seq = 0
  const frame = (type: string, data: Obj, terminal = false): Frame => ({
    text: `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`,
    terminal,
  })
  const item = itemOf(plan)
  const frames = [
    frame('response.created', { response: responseOf(plan, 'in_progress', [], null) }),
    frame('response.in_progress', { response: responseOf(plan, 'in_progress', [], null) }),
    frame('response.output_item.added', { output_index: 0, item }),
    frame('response.output_item.done', { output_index: 0, item }),
    frame(
      'response.completed',
      {
        response: responseOf(
          plan,
          'completed',
          completedOutput === 'full' ? [item] : [],
          usageOf(plan),
        ),
      },
      true,
    ),
  ]
  return { frames, errorFrames: [], badJsonFrame: '' }
}

/** The user prompts of an input, which the fake's compaction item keeps. */
export function userPrompts(input: unknown): string[] {
  return objs(input)
    .filter((i) => (i.type ?? 'message') === 'message' && i.role === 'user')
    .map((i) =>
      typeof i.content === 'string'
        ? i.content
        : objs(i.content)
            .map((p) => str(p.text) ?? '')
            .join(''),
    )
}
