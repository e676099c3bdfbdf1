// CanonicalRequest → an Anthropic streaming request body, with every lossy choice named in `notes` (§1.2, §4).
import type { Downgrade, EncodedRequest } from '../codec.js'
import type { JsonObject } from '../canonical/json.js'
import type { CanonicalRequest } from '../canonical/request.js'
import { offeredTools } from '../canonical/request.js'
import { encodeText } from './encode-content.js'
import {
  encodeMessages,
  lastToolTurnLacksThinking,
  stripFinalThinking,
  toWire,
} from './encode-messages.js'
import type { AnthropicMessage } from './encode-messages.js'
import { encodeToolChoice, encodeTools, planThinking } from './encode-options.js'
import type { Note } from './encode-options.js'
import { ANTHROPIC_ONLY_FIELDS } from './request-decode.js'

/** CLIProxyAPI's default when the client gave none (wire-protocols §4.1). */
export const DEFAULT_MAX_TOKENS = 32000

const EPHEMERAL: JsonObject = { type: 'ephemeral' }

function noteSink(notes: Downgrade[]): Note {
  const seen = new Set<string>()
  return (code, message) => {
    if (seen.has(code)) return
    seen.add(code)
    notes.push({ code, message })
  }
}

function hasAnyCache(req: CanonicalRequest): boolean {
  if (req.system.some((p) => p.cache === true)) return true
  return req.messages.some((m) =>
    m.content.some(
      (p) =>
        (p.type === 'text' && p.cache === true) ||
        (p.type === 'tool_result' && p.content.some((c) => c.type === 'text' && c.cache === true)),
    ),
  )
}

/** OpenAI clients never mark cache breakpoints; without them every Anthropic turn is billed uncached. */
function addCacheBreakpoints(
  system: JsonObject[],
  tools: JsonObject[],
  messages: AnthropicMessage[],
): void {
  const lastSystem = system.at(-1)
  if (lastSystem) lastSystem['cache_control'] = EPHEMERAL
  const lastTool = tools.at(-1)
  if (lastTool) tools[tools.length - 1] = { ...lastTool, cache_control: EPHEMERAL }
  const lastMessage = messages.at(-1)
  const lastBlock = lastMessage?.role === 'system' ? undefined : lastMessage?.content.at(-1)
  if (lastBlock && lastMessage)
    lastMessage.content[lastMessage.content.length - 1] = { ...lastBlock, cache_control: EPHEMERAL }
}

export function encodeAnthropicRequest(req: CanonicalRequest): EncodedRequest {
  const notes: Downgrade[] = []
  const note = noteSink(notes)
  const sameDialect = req.extras.dialect === 'anthropic-messages'
  const maxTokens = req.maxOutputTokens ?? DEFAULT_MAX_TOKENS

  const system: JsonObject[] = []
  for (const p of req.system) {
    const b = encodeText(p)
    if (b) system.push(b)
  }
  const messages = encodeMessages(req.messages, { note, sameDialect, systemRole: sameDialect })
  const { tools, names } = encodeTools(offeredTools(req), note)

  let plan = planThinking(req.reasoning, maxTokens, note)
  if (
    plan.on &&
    !sameDialect &&
    plan.thinking?.['type'] === 'enabled' &&
    lastToolTurnLacksThinking(messages)
  ) {
    note(
      'thinking_disabled',
      'the current tool loop has no Anthropic thinking block, which Anthropic requires with thinking on',
    )
    plan = { on: false }
  }
  if (!plan.on) stripFinalThinking(messages)
  if (!sameDialect && !hasAnyCache(req)) addCacheBreakpoints(system, tools, messages)

  const body: JsonObject = { model: req.model, max_tokens: maxTokens, messages: toWire(messages) }
  if (system.length > 0) body['system'] = system
  if (tools.length > 0) body['tools'] = tools
  const toolChoice = encodeToolChoice(req.toolChoice, req.parallelToolCalls, names, plan.on, note)
  if (toolChoice) body['tool_choice'] = toolChoice
  if (plan.thinking) body['thinking'] = plan.thinking

  const outputConfig: JsonObject = {}
  if (plan.effort !== undefined) outputConfig['effort'] = plan.effort
  const format = req.responseFormat
  if (format?.type === 'json_schema')
    outputConfig['format'] = { type: 'json_schema', schema: format.schema }
  else if (format?.type === 'json_object') {
    note(
      'response_format_dropped',
      'Anthropic has no JSON-object mode; response_format json_object was not sent',
    )
  }
  if (Object.keys(outputConfig).length > 0) body['output_config'] = outputConfig

  if (req.stopSequences && req.stopSequences.length > 0) body['stop_sequences'] = req.stopSequences
  samplingFields(req, plan.on, body, note)
  if (req.user !== undefined) body['metadata'] = { user_id: req.user }
  if (req.verbosity !== undefined) note('verbosity_dropped', 'Anthropic has no verbosity setting')
  if (req.metadata !== undefined && Object.keys(req.metadata).length > 0) {
    note('metadata_dropped', 'Anthropic metadata carries only user_id; other metadata was not sent')
  }
  if (sameDialect) {
    for (const key of ANTHROPIC_ONLY_FIELDS) {
      const value = req.extras.fields[key]
      if (value !== undefined) body[key] = value
    }
  }
  body['stream'] = true
  return { body, notes }
}

/** Thinking allows no modified temperature or top_k, and top_p only in [0.95, 1] (§1.5). */
function samplingFields(
  req: CanonicalRequest,
  thinking: boolean,
  body: JsonObject,
  note: Note,
): void {
  if (req.temperature !== undefined) {
    if (thinking && req.temperature !== 1)
      note('temperature_dropped', 'temperature cannot be combined with Anthropic thinking')
    else body['temperature'] = Math.min(Math.max(req.temperature, 0), 1)
    if (!thinking && req.temperature > 1)
      note(
        'temperature_clamped',
        `temperature ${req.temperature} clamped to Anthropic's maximum of 1`,
      )
  }
  if (req.topP !== undefined) {
    if (thinking && req.topP < 0.95)
      note('top_p_dropped', 'top_p below 0.95 cannot be combined with Anthropic thinking')
    else body['top_p'] = req.topP
  }
  if (req.topK !== undefined) {
    if (thinking) note('top_k_dropped', 'top_k cannot be combined with Anthropic thinking')
    else body['top_k'] = req.topK
  }
}
