// The fake Codex backend checks, answered with the real `{"detail"}` or OpenAI-style errors (codex-backend.md §3.5).
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { bearer } from './http-harness.js'
import { isObj, objs, str, strings } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { acceptedEfforts, detail, invalidRequest, quoteList } from './fake-codex-catalog.js'
import type { FakeCodexModel } from './fake-codex-catalog.js'

export interface Rejection {
  status: number
  body: Obj
  headers?: OutgoingHttpHeaders
}

/** Codex's own body fields; anything else is rejected (GoModel PR #718's strict allow-list). */
export const CODEX_FIELDS = new Set([
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
])

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const ENCRYPTED = 'reasoning.encrypted_content'

const checksum = (payload: string): string =>
  createHash('sha256').update(`fake-codex-secret|${payload}`).digest('hex').slice(0, 16)

/** An `encrypted_content` blob bound to the account, as the real one is. */
export function codexEncrypted(accountId: string, serial: number): string {
  const payload = `${accountId}:${serial}`
  return `gAAAAB${Buffer.from(`${payload}|${checksum(payload)}`).toString('base64')}`
}

function verifies(blob: string, accountId: string): boolean {
  if (!blob.startsWith('gAAAAB')) return false
  const [payload, sum] = Buffer.from(blob.slice(6), 'base64').toString('utf8').split('|')
  return payload !== undefined && sum === checksum(payload) && payload.startsWith(`${accountId}:`)
}

export interface AuthState {
  validToken: string
  /** Tokens that were valid before a rotation: they answer token_expired. */
  retired: Set<string>
  accountId: string
}

function unauthorized(code: string): Rejection {
  const errorJson = Buffer.from(JSON.stringify({ error: { code } })).toString('base64')
  return {
    status: 401,
    body: detail('Unauthorized'),
    headers: { 'x-openai-authorization-error': code, 'x-error-json': errorJson },
  }
}

export function checkAuth(headers: IncomingHttpHeaders, auth: AuthState): Rejection | undefined {
  const token = bearer(headers)
  if (token === undefined) return unauthorized('missing_authorization_header')
  if (token !== auth.validToken)
    return unauthorized(auth.retired.has(token) ? 'token_expired' : 'token_invalid')
  const account = headers['chatgpt-account-id']
  // The real backend's answer is undocumented ("looks like an auth problem", TC); the fake says 403.
  if (account !== auth.accountId)
    return {
      status: 403,
      body: detail(
        account === undefined
          ? 'Missing ChatGPT-Account-ID header'
          : 'ChatGPT-Account-ID does not match the token',
      ),
    }
  return undefined
}

export interface CodexCheckContext {
  headers: IncomingHttpHeaders
  models: FakeCodexModel[]
  accountId: string
  /** Ids of items this fake produced: a store:false backend does not know them. */
  issuedIds: Set<string>
  rejectSystemRole: boolean
  /** Also enforce Switchboard's own rules (include, prompt_cache_key = session header). */
  strict: boolean
}

export function validateCodexRequest(body: Obj, ctx: CodexCheckContext): Rejection | undefined {
  const bad = (message: string): Rejection => ({ status: 400, body: detail(message) })
  if (body.store !== false) return bad('Store must be set to false')
  if (body.stream !== true) return bad('Stream must be set to true')
  if (typeof body.instructions !== 'string') return bad('Instructions are required')
  if (!Array.isArray(body.input)) return bad('Input must be a list')
  const unknown = Object.keys(body).find((k) => !CODEX_FIELDS.has(k))
  if (unknown !== undefined) return bad(`Unsupported parameter: ${unknown}`)
  if (body.service_tier !== undefined && body.service_tier !== 'priority')
    return bad('Unsupported parameter: service_tier')
  const slug = str(body.model) ?? ''
  const model = ctx.models.find((m) => m.slug === slug)
  if (!model)
    return bad(`The '${slug}' model is not supported when using Codex with a ChatGPT account.`)
  return (
    checkModelRules(body, model) ??
    checkTools(objs(body.tools), body.tools) ??
    checkInput(objs(body.input), ctx) ??
    (ctx.strict ? checkStrict(body, ctx) : undefined)
  )
}

function checkModelRules(body: Obj, model: FakeCodexModel): Rejection | undefined {
  const effort = isObj(body.reasoning) ? str(body.reasoning.effort) : undefined
  const efforts = acceptedEfforts(model)
  if (effort !== undefined && !efforts.includes(effort)) {
    const message = `Unsupported value: '${effort}' is not supported with the '${model.slug}' model. Supported values are: ${quoteList(efforts)}.`
    return { status: 400, body: invalidRequest(message, 'reasoning.effort', 'unsupported_value') }
  }
  const verbosity = isObj(body.text) ? str(body.text.verbosity) : undefined
  if (verbosity !== undefined && !model.verbosity && verbosity !== 'medium') {
    const message = `Unsupported value: '${verbosity}' is not supported with the '${model.slug}' model. Supported values are: 'medium'.`
    return { status: 400, body: invalidRequest(message, 'text.verbosity', 'unsupported_value') }
  }
  return undefined
}

/** `tools`, an `additional_tools` item's tools (`at` names where), or a namespace's member tools. */
function checkTools(tools: Obj[], raw: unknown, at = 'tools'): Rejection | undefined {
  const reject = (message: string, param: string, code: string): Rejection => ({
    status: 400,
    body: invalidRequest(message, param, code),
  })
  if (raw !== undefined && !Array.isArray(raw))
    return reject(`Invalid type for '${at}': expected an array.`, at, 'invalid_type')
  if (Array.isArray(raw) && tools.length !== raw.length)
    return reject(`Invalid type for '${at}': expected an array of objects.`, at, 'invalid_type')
  for (const [i, tool] of tools.entries()) {
    const path = `${at}[${i}]`
    if (tool.type === 'namespace') {
      const problem =
        checkName(tool, path, reject) ??
        (Array.isArray(tool.tools)
          ? checkTools(objs(tool.tools), tool.tools, `${path}.tools`)
          : reject(
              `Missing required parameter: '${path}.tools'.`,
              `${path}.tools`,
              'missing_required_parameter',
            ))
      if (problem) return problem
      continue
    }
    if (tool.type !== 'function' && tool.type !== 'custom') continue
    const problem = checkName(tool, path, reject)
    if (problem) return problem
  }
  return undefined
}

function checkName(
  tool: Obj,
  path: string,
  reject: (message: string, param: string, code: string) => Rejection,
): Rejection | undefined {
  const name = str(tool.name)
  if (name === undefined)
    return reject(
      `Missing required parameter: '${path}.name'.`,
      `${path}.name`,
      'missing_required_parameter',
    )
  if (!TOOL_NAME.test(name))
    return reject(
      `Invalid '${path}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      `${path}.name`,
      'invalid_value',
    )
  return undefined
}

/** Tool search items (openai SDK 7): a client's output answers a client-run call and lists valid tools. */
function checkToolSearch(i: number, item: Obj, searches: Set<string>): Rejection | undefined {
  const missing = (key: string): Rejection => ({
    status: 400,
    body: invalidRequest(
      `Missing required parameter: 'input[${i}].${key}'.`,
      `input[${i}].${key}`,
      'missing_required_parameter',
    ),
  })
  const client = item.execution === 'client'
  const callId = str(item.call_id)
  if (item.type === 'tool_search_call') {
    if (!('arguments' in item)) return missing('arguments')
    if (client && callId !== undefined) searches.add(callId)
    return undefined
  }
  if (!Array.isArray(item.tools)) return missing('tools')
  if (client && (callId === undefined || !searches.has(callId)))
    return {
      status: 400,
      body: invalidRequest(
        `No tool search call found for tool search output with call_id ${callId ?? 'null'}.`,
        'input',
      ),
    }
  return checkTools(objs(item.tools), item.tools, `input[${i}].tools`)
}

function checkInput(items: Obj[], ctx: CodexCheckContext): Rejection | undefined {
  const calls = new Set<string>()
  const searches = new Set<string>()
  for (const [i, item] of items.entries()) {
    const type = item.type ?? 'message'
    const id = str(item.id)
    if (id !== undefined && ctx.issuedIds.has(id)) {
      const message = `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`
      return { status: 404, body: invalidRequest(message, 'input') }
    }
    // Codex on gpt-6 sends all of its tools this way; the backend offers them beside `tools`.
    if (type === 'additional_tools') {
      if (!Array.isArray(item.tools))
        return {
          status: 400,
          body: invalidRequest(
            `Missing required parameter: 'input[${i}].tools'.`,
            `input[${i}].tools`,
            'missing_required_parameter',
          ),
        }
      const problem = checkTools(objs(item.tools), item.tools, `input[${i}].tools`)
      if (problem) return problem
    }
    if (type === 'tool_search_call' || type === 'tool_search_output') {
      const problem = checkToolSearch(i, item, searches)
      if (problem) return problem
    }
    if (type === 'message' && item.role === 'system' && ctx.rejectSystemRole)
      return { status: 400, body: detail('System messages are not allowed') }
    if (type === 'reasoning') {
      const blob = str(item.encrypted_content)
      if (blob === undefined || !verifies(blob, ctx.accountId)) {
        return {
          status: 400,
          body: invalidRequest(
            `The encrypted content for item ${id ?? `input[${i}]`} could not be verified.`,
            null,
            'invalid_encrypted_content',
          ),
        }
      }
    }
    if (type === 'function_call' || type === 'custom_tool_call') {
      const callId = str(item.call_id) ?? ''
      if (callId === '' || callId.length > 64) {
        const message = `Invalid 'input[${i}].call_id': string too long. Expected a string with maximum length 64, but got a string with length ${callId.length} instead.`
        return {
          status: 400,
          body: invalidRequest(message, `input[${i}].call_id`, 'string_above_max_length'),
        }
      }
      calls.add(callId)
    }
    if (
      (type === 'function_call_output' || type === 'custom_tool_call_output') &&
      !calls.has(str(item.call_id) ?? '')
    ) {
      return {
        status: 400,
        body: invalidRequest(
          `No tool call found for function call output with call_id ${str(item.call_id) ?? ''}.`,
          'input',
        ),
      }
    }
  }
  return undefined
}

function checkStrict(body: Obj, ctx: CodexCheckContext): Rejection | undefined {
  const bad = (message: string): Rejection => ({
    status: 400,
    body: detail(`fake-codex strict: ${message}`),
  })
  if (!strings(body.include).includes(ENCRYPTED)) return bad(`include must contain ${ENCRYPTED}`)
  const key = str(body.prompt_cache_key)
  if (key === undefined) return bad('prompt_cache_key is required for prompt caching')
  const session = ctx.headers['session_id'] ?? ctx.headers['session-id']
  if (session === undefined) return bad('a session_id (or session-id) header is required')
  if (session !== key)
    return bad(`session header '${String(session)}' differs from prompt_cache_key '${key}'`)
  return undefined
}
