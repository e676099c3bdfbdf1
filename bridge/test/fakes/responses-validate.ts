// Request checks the OpenAI Responses API enforces, with its 400 wording (wire-protocols §2.1–2.3).
import { createHash } from 'node:crypto'
import { isObj, objs, str, textOf } from './json-guards.js'
import { searchQueryFor } from './scripted-reply.js'
import type { Obj } from './json-guards.js'
import { openaiError } from './openai-errors.js'

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const USER_PARTS = ['input_text', 'input_image', 'input_file']
const ASSISTANT_PARTS = ['output_text', 'refusal']

const checksum = (payload: string): string =>
  createHash('sha256').update(payload).digest('hex').slice(0, 16)

/** `encrypted_content` the fake emits; only blobs it produced verify when sent back. */
export function encryptedReasoning(serial: number): string {
  const payload = `fake-responses-reasoning:${serial}`
  return `gAAAAB${Buffer.from(`${payload}|${checksum(payload)}`).toString('base64')}`
}

function verifies(blob: string): boolean {
  if (!blob.startsWith('gAAAAB')) return false
  const [payload, sum] = Buffer.from(blob.slice(6), 'base64').toString('utf8').split('|')
  return payload !== undefined && sum === checksum(payload)
}

const HOSTED_SEARCH = ['web_search', 'web_search_preview', 'web_search_2025_08_26']

/** The hosted search a Responses request makes the model run: offered in `tools`, asked for by the prompt or forced. */
export function searchOf(body: Obj): { search?: string; prompt?: string } {
  const offered = objs(body.tools).some((t) => HOSTED_SEARCH.includes(str(t.type) ?? ''))
  const choice = body.tool_choice
  const forced = isObj(choice) && HOSTED_SEARCH.includes(str(choice.type) ?? '')
  const prompt = lastUserText(body.input)
  const query = searchQueryFor(offered, forced, prompt)
  return {
    ...(query === undefined ? {} : { search: query }),
    ...(prompt === undefined ? {} : { prompt }),
  }
}

/** Text of the last user message: the prompt the fake model answers. */
function lastUserText(input: unknown): string | undefined {
  if (typeof input === 'string') return input
  const last = objs(input)
    .filter((i) => (i.type ?? 'message') === 'message' && i.role === 'user')
    .at(-1)
  return last === undefined ? undefined : textOf(last.content)
}

const invalid = (message: string, param: string | null, code: string | null = null): Obj =>
  openaiError(message, 'invalid_request_error', param, code)

/** The first violation as an OpenAI error envelope, or undefined when the request is acceptable. */
export function validateResponsesRequest(body: Obj): Obj | undefined {
  if (str(body.model) === undefined) {
    return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter')
  }
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
    return invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter')
  }
  const previous = str(body.previous_response_id)
  if (previous !== undefined) {
    return invalid(
      `Previous response with id '${previous}' not found.`,
      'previous_response_id',
      'previous_response_not_found',
    )
  }
  return validateTools(objs(body.tools)) ?? validateInput(objs(body.input), body.store !== false)
}

function validateTools(tools: Obj[]): Obj | undefined {
  for (const [i, tool] of tools.entries()) {
    if (tool.type !== 'function' && tool.type !== 'custom') continue
    if (!TOOL_NAME.test(str(tool.name) ?? '')) {
      return invalid(
        `Invalid 'tools[${i}].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `tools[${i}].name`,
        'invalid_value',
      )
    }
    if (tool.type === 'function' && typeof tool.strict !== 'boolean') {
      // Stricter than OpenAI on purpose: the real default (strict:true) silently changes the schema.
      return invalid(
        `Missing required parameter: 'tools[${i}].strict' (fake upstream: set strict explicitly; OpenAI defaults it to true).`,
        `tools[${i}].strict`,
        'missing_required_parameter',
      )
    }
  }
  return undefined
}

function validateInput(items: Obj[], stored: boolean): Obj | undefined {
  const calls = new Set<string>()
  const answered = new Set<string>()
  /** call_ids of client-run tool searches, which a client's tool_search_output must answer. */
  const searches = new Set<string>()
  for (const [i, item] of items.entries()) {
    const problem = validateItem(items, i, item, stored, calls, searches)
    if (problem !== undefined) return problem
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      answered.add(str(item.call_id) ?? '')
    }
  }
  const unanswered = [...calls].find((id) => !answered.has(id))
  if (unanswered === undefined) return undefined
  return invalid(`No tool output found for function call ${unanswered}.`, 'input')
}

function validateItem(
  items: Obj[],
  i: number,
  item: Obj,
  stored: boolean,
  calls: Set<string>,
  searches: Set<string>,
): Obj | undefined {
  const type = item.type ?? 'message'
  switch (type) {
    case 'message':
      return validateMessage(i, item)
    case 'reasoning':
      return validateReasoning(items, i, item, stored)
    case 'function_call':
    case 'custom_tool_call': {
      const callId = str(item.call_id) ?? ''
      if (callId === '' || callId.length > 64) {
        return invalid(
          `Invalid 'input[${i}].call_id': string too long. Expected a string with maximum length 64, but got a string with length ${callId.length} instead.`,
          `input[${i}].call_id`,
          'string_above_max_length',
        )
      }
      calls.add(callId)
      return undefined
    }
    // The fake keeps nothing, so a reference to an earlier item is unknown to it, as to a store:false API.
    case 'item_reference':
      return invalid(`Item with id '${str(item.id) ?? ''}' not found.`, 'input')
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const callId = str(item.call_id) ?? ''
      if (calls.has(callId)) return undefined
      return invalid(`No tool call found for function call output with call_id ${callId}.`, 'input')
    }
    case 'tool_search_call':
    case 'tool_search_output':
      return validateToolSearch(i, item, searches)
    default:
      return undefined
  }
}

/** The openai SDK 7 shapes (ResponseInputItem.ToolSearchCall, ResponseToolSearchOutputItemParam). */
function validateToolSearch(i: number, item: Obj, searches: Set<string>): Obj | undefined {
  const execution = item.execution ?? 'server'
  if (execution !== 'server' && execution !== 'client')
    return invalid(
      `Invalid value: '${String(execution)}'. Supported values are: 'server' and 'client'.`,
      `input[${i}].execution`,
      'invalid_value',
    )
  const callId = str(item.call_id)
  if (item.type === 'tool_search_call') {
    if (!('arguments' in item))
      return invalid(
        `Missing required parameter: 'input[${i}].arguments'.`,
        `input[${i}].arguments`,
        'missing_required_parameter',
      )
    if (execution === 'client' && callId !== undefined) searches.add(callId)
    return undefined
  }
  if (!Array.isArray(item.tools))
    return invalid(
      `Missing required parameter: 'input[${i}].tools'.`,
      `input[${i}].tools`,
      'missing_required_parameter',
    )
  if (execution === 'client' && (callId === undefined || !searches.has(callId)))
    return invalid(
      `No tool search call found for tool search output with call_id ${callId ?? 'null'}.`,
      'input',
    )
  return undefined
}

function validateMessage(i: number, item: Obj): Obj | undefined {
  const allowed = item.role === 'assistant' ? ASSISTANT_PARTS : USER_PARTS
  for (const [j, part] of objs(item.content).entries()) {
    const partType = str(part.type) ?? ''
    if (!allowed.includes(partType)) {
      const list = allowed.map((t) => `'${t}'`)
      return invalid(
        `Invalid value: '${partType}'. Supported values are: ${list.slice(0, -1).join(', ')} and ${String(list.at(-1))}.`,
        `input[${i}].content[${j}]`,
        'invalid_value',
      )
    }
  }
  return undefined
}

function validateReasoning(items: Obj[], i: number, item: Obj, stored: boolean): Obj | undefined {
  const id = str(item.id) ?? ''
  const blob = str(item.encrypted_content)
  if (blob === undefined || blob === '') {
    if (stored) return undefined
    return invalid(
      `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      'input',
    )
  }
  if (!verifies(blob)) {
    return invalid(
      `The encrypted content for item ${id} could not be verified.`,
      null,
      'invalid_encrypted_content',
    )
  }
  if (items[i + 1] === undefined) {
    return invalid(
      `Item '${id}' of type 'reasoning' was provided without its required following item.`,
      'input',
    )
  }
  return undefined
}
