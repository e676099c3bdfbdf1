// Request checks the real Anthropic Messages API enforces, with its 400 messages (wire-protocols §1.3–1.5).
import { createHash } from 'node:crypto'
import { isObj, objs, str } from './json-guards.js'
import type { Obj } from './json-guards.js'

const TOOL_ID = /^[a-zA-Z0-9_-]+$/
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/

/** Signature the fake attaches to its thinking blocks; only blocks it produced verify. */
export function thinkingSignature(thinking: string): string {
  const digest = createHash('sha256').update(thinking).digest('hex').slice(0, 32)
  return Buffer.from(`fake-anthropic-sig:${digest}`).toString('base64')
}

/** `encrypted_content` of a search hit the fake returns; only hits it produced verify when sent back. */
export function searchContent(url: string): string {
  return Buffer.from(`fake-anthropic-content:${url}`).toString('base64')
}

/**
 * Top-level fields of the OpenAI APIs that the Messages API does not have: it refuses every unknown field
 * ("Extra inputs are not permitted"), so a translation that leaks one fails here too.
 */
const OPENAI_FIELDS = [
  'input',
  'instructions',
  'include',
  'reasoning',
  'reasoning_effort',
  'text',
  'max_output_tokens',
  'max_completion_tokens',
  'previous_response_id',
  'response_format',
  'stream_options',
  'parallel_tool_calls',
  'prompt_cache_key',
  'store',
  'user',
  'n',
  'seed',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'logprobs',
]

/** The first violation as the API words it, or undefined when the request is acceptable. */
export function validateMessages(body: Obj): string | undefined {
  const foreign = OPENAI_FIELDS.find((k) => k in body)
  if (foreign !== undefined) return `${foreign}: Extra inputs are not permitted`
  if (str(body.model) === undefined) return 'model: Field required'
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required'
  if (!Array.isArray(body.messages)) return 'messages: Field required'
  return validateThinking(body) ?? validateTools(body) ?? validateHistory(objs(body.messages))
}

/** count_tokens takes the same conversation but no generation parameters. */
export function validateCountTokens(body: Obj): string | undefined {
  if (str(body.model) === undefined) return 'model: Field required'
  if (!Array.isArray(body.messages)) return 'messages: Field required'
  for (const extra of ['max_tokens', 'stream']) {
    if (extra in body) return `${extra}: Extra inputs are not permitted`
  }
  return validateTools(body) ?? validateHistory(objs(body.messages))
}

function validateThinking(body: Obj): string | undefined {
  const thinking = body.thinking
  if (!isObj(thinking) || thinking.type !== 'enabled') return undefined
  const budget = thinking.budget_tokens
  if (typeof budget !== 'number') return 'thinking.enabled.budget_tokens: Field required'
  if (budget < 1024) {
    return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'
  }
  if (typeof body.max_tokens === 'number' && body.max_tokens <= budget) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size'
  }
  const choice = body.tool_choice
  if (isObj(choice) && (choice.type === 'any' || choice.type === 'tool')) {
    return 'Thinking may not be enabled when tool_choice forces tool use.'
  }
  return undefined
}

function validateTools(body: Obj): string | undefined {
  for (const [i, tool] of objs(body.tools).entries()) {
    const name = str(tool.name) ?? ''
    if (!TOOL_NAME.test(name)) {
      return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`
    }
    if (tool.type === undefined || tool.type === 'custom') {
      if (!isObj(tool.input_schema)) return `tools.${i}.custom.input_schema: Field required`
    }
  }
  return undefined
}

function blocksOf(message: Obj): Obj[] {
  const content = message.content
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return objs(content)
}

function validateHistory(messages: Obj[]): string | undefined {
  for (const [i, message] of messages.entries()) {
    const problem = validateMessage(messages, i, message)
    if (problem !== undefined) return problem
  }
  return undefined
}

function validateMessage(messages: Obj[], i: number, message: Obj): string | undefined {
  const role = message.role
  if (role !== 'user' && role !== 'assistant' && role !== 'system') {
    return `messages.${i}.role: Input should be 'user' or 'assistant'`
  }
  const blocks = blocksOf(message)
  const isFinalAssistant = role === 'assistant' && i === messages.length - 1
  if (blocks.length === 0 && !isFinalAssistant) {
    return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`
  }
  const emptyText = blocks.some((b) => b.type === 'text' && (str(b.text) ?? '') === '')
  if (emptyText && !isFinalAssistant) return 'messages: text content blocks must be non-empty'
  return role === 'assistant'
    ? validateAssistant(messages, i, blocks)
    : validateUser(messages, i, blocks)
}

function validateAssistant(messages: Obj[], i: number, blocks: Obj[]): string | undefined {
  const hasThinking = blocks.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking')
  const first = blocks[0]
  if (
    hasThinking &&
    first !== undefined &&
    first.type !== 'thinking' &&
    first.type !== 'redacted_thinking'
  ) {
    return `messages.${i}.content.0.type: If an assistant message contains any thinking blocks, the first block must be thinking or redacted_thinking. Found ${String(first.type)}.`
  }
  const pending: string[] = []
  for (const [j, block] of blocks.entries()) {
    if (block.type === 'thinking') {
      const thinking = str(block.thinking) ?? ''
      if (str(block.signature) !== thinkingSignature(thinking)) {
        return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`
      }
    }
    if (block.type === 'web_search_tool_result') {
      // Like a thinking signature, a result's encrypted_content verifies only where it was minted.
      const foreign = objs(block.content).find(
        (r) => str(r.encrypted_content) !== searchContent(str(r.url) ?? ''),
      )
      if (foreign !== undefined)
        return `messages.${i}.content.${j}: Invalid \`encrypted_content\` in \`web_search_tool_result\` block`
    }
    if (block.type === 'redacted_thinking') {
      return `messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`
    }
    if (block.type === 'tool_use') {
      const id = str(block.id) ?? ''
      if (!TOOL_ID.test(id)) {
        return `messages.${i}.content.${j}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`
      }
      pending.push(id)
    }
  }
  if (pending.length === 0) return undefined
  const next = messages[i + 1]
  const answered = new Set(
    (next?.role === 'user' ? blocksOf(next) : [])
      .filter((b) => b.type === 'tool_result')
      .map((b) => str(b.tool_use_id)),
  )
  const missing = pending.filter((id) => !answered.has(id))
  if (missing.length === 0) return undefined
  return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
}

function validateUser(messages: Obj[], i: number, blocks: Obj[]): string | undefined {
  const previous = messages[i - 1]
  const offered = new Set(
    (previous?.role === 'assistant' ? blocksOf(previous) : [])
      .filter((b) => b.type === 'tool_use')
      .map((b) => str(b.id)),
  )
  let seenOther = false
  for (const [j, block] of blocks.entries()) {
    if (block.type !== 'tool_result') {
      seenOther = true
      continue
    }
    const id = str(block.tool_use_id) ?? ''
    if (!TOOL_ID.test(id)) {
      return `messages.${i}.content.${j}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`
    }
    if (!offered.has(id)) {
      return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
    }
    if (seenOther) {
      return `messages.${i}.content.${j}: \`tool_result\` blocks must come first in the user message, before any other content`
    }
  }
  return undefined
}
