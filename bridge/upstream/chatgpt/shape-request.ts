// Reshapes a Responses body into what chatgpt.com/backend-api/codex/responses accepts (codex-backend.md §2.3).
import { bridgeError } from '../../errors.js'
import type { Downgrade } from '../../protocol/codec.js'
import type { JsonObject, JsonValue } from '../../protocol/canonical/json.js'
import { isJsonObject } from '../../protocol/canonical/json.js'
import type { ChatgptModelInfo, EffortPolicy } from './model-catalog.js'
import { checkEffort, isEffort } from './model-catalog.js'
import { shapeInput, shapeTools } from './shape-items.js'

export const ENCRYPTED_REASONING = 'reasoning.encrypted_content'

/** Codex's own body fields (codex `ResponsesApiRequest`); the backend rejects anything else (GoModel PR #718). */
export const ACCEPTED_FIELDS = [
  'model',
  'instructions',
  'input',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'store',
  'stream',
  'include',
  'prompt_cache_key',
  'text',
  'service_tier',
  'client_metadata',
] as const

/** Where the client's system prompt goes. Both work since the instructions check was lifted (2026-02). */
export type SystemPromptPlacement = 'developer' | 'instructions'

export interface ShapeOptions {
  conversationKey: string
  /** `instructions` when the body carries none (default ""; the key itself is required). */
  instructionsFallback?: string
  /** 'developer' (default, CPA/TC live-verified 2026-08): `instructions: ""` plus a leading developer message. 'instructions': all leading system text in `instructions`. */
  systemPrompt?: SystemPromptPlacement
  /** Facts about the target model, to clamp effort and drop unsupported verbosity/summaries. */
  model?: ChatgptModelInfo
  effortPolicy?: EffortPolicy
  /** Fields to keep besides ACCEPTED_FIELDS, should the backend learn new ones. */
  extraFields?: string[]
  /** Drop Claude Code's per-version `x-anthropic-billing-header:` line from the system text (default true). */
  dropBillingHeader?: boolean
}

export interface ShapedRequest {
  body: JsonObject
  notes: Downgrade[]
}

const DROPPED_WHY: Record<string, string> = {
  max_output_tokens: 'the ChatGPT backend rejects max_output_tokens; the model decides the length',
  max_completion_tokens: 'the ChatGPT backend has no output token limit',
  temperature: 'the ChatGPT backend rejects temperature',
  top_p: 'the ChatGPT backend rejects top_p',
  top_logprobs: 'the ChatGPT backend rejects top_logprobs',
  metadata: 'the ChatGPT backend rejects metadata',
  user: 'the ChatGPT backend rejects user',
  safety_identifier: 'the ChatGPT backend rejects safety_identifier',
  previous_response_id:
    'previous_response_id works only over the WebSocket transport; the full history is sent instead',
  truncation: 'the ChatGPT backend rejects truncation',
}

const BILLING_LINE = /^x-anthropic-billing-header:.*(?:\r?\n|$)/gm

function textOf(item: JsonObject): string | undefined {
  if (item['type'] !== undefined && item['type'] !== 'message') return undefined
  if (item['role'] !== 'developer' && item['role'] !== 'system') return undefined
  const content = item['content']
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return undefined
  const texts: string[] = []
  for (const part of content) {
    if (!isJsonObject(part) || typeof part['text'] !== 'string') return undefined
    texts.push(part['text'])
  }
  return texts.join('\n\n')
}

function placeSystemPrompt(
  body: JsonObject,
  input: JsonObject[],
  opts: ShapeOptions,
  note: (n: Downgrade) => void,
): JsonObject[] {
  const stripBilling = (t: string): string =>
    opts.dropBillingHeader === false ? t : t.replace(BILLING_LINE, '').trim()
  const given = typeof body['instructions'] === 'string' ? stripBilling(body['instructions']) : ''
  if (typeof body['instructions'] !== 'string' && body['instructions'] !== undefined) {
    note({
      code: 'instructions_replaced',
      message: 'instructions was not a string; the backend needs a string.',
    })
  }
  if ((opts.systemPrompt ?? 'developer') === 'developer') {
    body['instructions'] = opts.instructionsFallback ?? ''
    if (given === '') return input
    return [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: given }] },
      ...input,
    ]
  }
  // 'instructions': the leading run of system/developer messages joins the instructions.
  const texts = given === '' ? [] : [given]
  let start = 0
  for (; start < input.length; start++) {
    const item = input[start]
    const text = item ? textOf(item) : undefined
    if (text === undefined) break
    if (stripBilling(text) !== '') texts.push(stripBilling(text))
  }
  body['instructions'] = texts.length > 0 ? texts.join('\n\n') : (opts.instructionsFallback ?? '')
  return input.slice(start)
}

function shapeReasoning(body: JsonObject, opts: ShapeOptions, note: (n: Downgrade) => void): void {
  const reasoning = body['reasoning']
  if (reasoning === undefined) return
  if (!isJsonObject(reasoning)) {
    delete body['reasoning']
    note({ code: 'reasoning_dropped', message: 'reasoning was not an object; dropped.' })
    return
  }
  const out: JsonObject = { ...reasoning }
  const effort = out['effort']
  if (isEffort(effort)) {
    const check = checkEffort(opts.model, effort, opts.effortPolicy)
    if (!check.ok)
      throw bridgeError('BRIDGE_BAD_REQUEST', 'invalid_request', check.message, {
        param: 'reasoning.effort',
        code: 'unsupported_value',
      })
    if (check.clamped) {
      out['effort'] = check.effort
      note({
        code: 'effort_clamped',
        message: `${opts.model?.slug ?? 'The model'} does not support effort '${effort}'; sent '${check.effort}'.`,
      })
    }
  }
  if (out['summary'] !== undefined && opts.model && !opts.model.supportsReasoningSummaries) {
    delete out['summary']
    note({
      code: 'reasoning_summary_dropped',
      message: `${opts.model.slug} gives no reasoning summaries.`,
    })
  }
  body['reasoning'] = out
}

function shapeText(body: JsonObject, opts: ShapeOptions, note: (n: Downgrade) => void): void {
  const text = body['text']
  if (
    !isJsonObject(text) ||
    text['verbosity'] === undefined ||
    !opts.model ||
    opts.model.supportsVerbosity
  )
    return
  const { verbosity: _dropped, ...rest } = text
  if (Object.keys(rest).length > 0) body['text'] = rest
  else delete body['text']
  note({
    code: 'verbosity_dropped',
    message: `${opts.model.slug} does not support text.verbosity; dropped.`,
  })
}

function shapeServiceTier(body: JsonObject, note: (n: Downgrade) => void): void {
  const tier = body['service_tier']
  if (tier === undefined || tier === null) {
    delete body['service_tier']
    return
  }
  if (tier === 'priority' || tier === 'fast') {
    body['service_tier'] = 'priority'
    return
  }
  delete body['service_tier']
  note({
    code: 'service_tier_dropped',
    message: `service_tier '${String(tier)}' is not accepted by the ChatGPT backend (only 'priority', Fast mode).`,
  })
}

function shapeInclude(value: JsonValue | undefined): JsonValue {
  const include = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : []
  return include.includes(ENCRYPTED_REASONING) ? include : [...include, ENCRYPTED_REASONING]
}

export function shapeChatgptBody(source: JsonObject, opts: ShapeOptions): ShapedRequest {
  const notes: Downgrade[] = []
  const note = (n: Downgrade): void => {
    if (!notes.some((m) => m.code === n.code && m.message === n.message)) notes.push(n)
  }
  const allowed = new Set<string>([...ACCEPTED_FIELDS, ...(opts.extraFields ?? [])])
  const body: JsonObject = {}
  for (const [key, value] of Object.entries(source)) {
    if (allowed.has(key)) body[key] = value
    else if (value !== null)
      note({
        code: `${key}_dropped`,
        message: `${DROPPED_WHY[key] ?? `the ChatGPT backend rejects unknown parameters such as ${key}`}; dropped.`,
      })
  }
  if (source['store'] === true)
    note({
      code: 'store_forced',
      message: 'The ChatGPT backend requires store:false; nothing is stored upstream.',
    })
  if (source['stream'] === false)
    note({
      code: 'stream_forced',
      message: 'The ChatGPT backend only streams; the answer is assembled from the stream.',
    })

  const input = shapeInput(source['input'], note)
  body['input'] = placeSystemPrompt(body, input, opts, note)
  const tools = shapeTools(body['tools'], note)
  if (tools.length > 0) body['tools'] = tools
  else {
    delete body['tools']
    // CPA drops these without tools (2026-06-20): the backend may reject them on their own.
    delete body['parallel_tool_calls']
    delete body['tool_choice']
  }
  shapeReasoning(body, opts, note)
  shapeText(body, opts, note)
  shapeServiceTier(body, note)
  body['store'] = false
  body['stream'] = true
  body['include'] = shapeInclude(body['include'])
  body['prompt_cache_key'] = opts.conversationKey
  return { body, notes }
}
