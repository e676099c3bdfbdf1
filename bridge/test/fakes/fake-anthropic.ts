// Fake Anthropic Messages upstream: /v1/messages (JSON and SSE), count_tokens, models (wire-protocols §1).
import type { OutgoingHttpHeaders } from 'node:http'
import { anthropicError, anthropicMessage, anthropicStream } from './anthropic-reply.js'
import { validateCountTokens, validateMessages } from './anthropic-validate.js'
import { playJson, playStream } from './fault-driver.js'
import { bearer, sendJson, startFakeServer } from './http-harness.js'
import type { Exchange, FakeOptions, FakeServer } from './http-harness.js'
import { isObj, objs, roughTokens, str, textOf } from './json-guards.js'
import type { Obj } from './json-guards.js'
import { anthropicOverflowMessage, overflowing } from './overflow.js'
import { SCENARIO_HEADER, parseScenario } from './scenario.js'
import { decideReply, replyDeltaCount, REASONING_DELTAS, searchQueryFor } from './scripted-reply.js'
import type { ConversationView, ToolSpec } from './scripted-reply.js'

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
}

const MODELS = [
  'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-1-20250805',
]

export function startFakeAnthropic(options?: FakeOptions): Promise<FakeServer> {
  return startFakeServer(handle, options, '')
}

async function handle(ex: Exchange): Promise<void> {
  const requestId = `req_fake${String(ex.serial).padStart(8, '0')}`
  const headers: OutgoingHttpHeaders = { 'request-id': requestId }
  const fail = (status: number, message: string, extra: OutgoingHttpHeaders = {}): void => {
    const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error')
    sendJson(ex.res, status, anthropicError(type, message, requestId), { ...headers, ...extra })
  }
  const route = `${ex.record.method} ${ex.record.path}`
  const known = ['POST /v1/messages', 'POST /v1/messages/count_tokens', 'GET /v1/models']
  if (!known.includes(route) && !route.startsWith('GET /v1/models/')) {
    return fail(404, `Not found: ${ex.record.path}`)
  }
  const keys = [ex.req.headers['x-api-key'], bearer(ex.req.headers)]
  if (!keys.includes(ex.apiKey)) {
    const missing = keys.every((k) => k === undefined)
    return fail(401, missing ? 'x-api-key header is required' : 'invalid x-api-key')
  }
  if (ex.record.method === 'GET') return listModels(ex, headers)

  const body = ex.record.body
  if (!isObj(body)) return fail(400, 'There was an error parsing the body of your request as JSON')
  const model = str(body.model) ?? ''
  const scenario = parseScenario(model, ex.req.headers[SCENARIO_HEADER])
  if (scenario.status !== undefined) {
    const retry: OutgoingHttpHeaders = scenario.status === 429 ? { 'retry-after': '7' } : {}
    return fail(scenario.status, scenarioMessage(scenario.status), retry)
  }
  if (ex.record.path === '/v1/messages/count_tokens') {
    const problem = validateCountTokens(body)
    if (problem !== undefined) return fail(400, problem)
    return sendJson(ex.res, 200, { input_tokens: roughTokens(ex.rawBody) }, headers)
  }
  const problem = validateMessages(body)
  if (problem !== undefined) return fail(400, problem)
  const over = overflowing(scenario, ex.rawBody)
  if (over) return fail(400, anthropicOverflowMessage(over.tokens, over.limit))

  const view: ConversationView = {
    dialect: 'anthropic',
    model,
    tools: toolSpecs(body.tools),
    toolsForbidden: isObj(body.tool_choice) && body.tool_choice.type === 'none',
    toolResult: lastToolResult(objs(body.messages)),
    parallel: scenario.parallel,
    ...(scenario.call === undefined ? {} : { call: scenario.call }),
    ...(scenario.events === undefined ? {} : { events: scenario.events }),
    ...searchOf(body),
  }
  const reply = decideReply(view)
  const thinking =
    isObj(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive')
  const plan = {
    id: `msg_01Fake${String(ex.serial).padStart(18, '0')}`,
    model,
    thinking,
    reply,
    toolIds:
      reply.kind === 'tool_calls'
        ? reply.calls.map((_, i) => `toolu_01Fake${String(ex.serial * 10 + i).padStart(16, '0')}`)
        : [],
    inputTokens: roughTokens(ex.rawBody),
    outputTokens: replyDeltaCount(reply) + (thinking ? REASONING_DELTAS.length : 0),
    searchId: `srvtoolu_01Fake${String(ex.serial).padStart(16, '0')}`,
  }
  if (body.stream === true) return playStream(ex, anthropicStream(plan), scenario, headers)
  return playJson(ex, anthropicMessage(plan), scenario, headers, () => fail(529, 'Overloaded'))
}

/** The search the fake runs: `web_search_*` offered, and the prompt asks for it or tool_choice names it. */
function searchOf(body: Obj): { search?: string; prompt?: string } {
  const tool = objs(body.tools).find((t) => str(t.type)?.startsWith('web_search_') === true)
  const choice = body.tool_choice
  const forced =
    tool !== undefined && isObj(choice) && choice.type === 'tool' && choice.name === tool.name
  const last = objs(body.messages)
    .filter((m) => m.role === 'user')
    .at(-1)
  const prompt = last === undefined ? undefined : textOf(last.content)
  const query = searchQueryFor(tool !== undefined, forced, prompt)
  return {
    ...(query === undefined ? {} : { search: query }),
    ...(prompt === undefined ? {} : { prompt }),
  }
}

function scenarioMessage(status: number): string {
  if (status === 529) return 'Overloaded'
  if (status === 429) return 'Number of request tokens has exceeded your per-minute rate limit'
  if (status === 500) return 'Internal server error'
  return `fake-anthropic scenario status-${status}`
}

/** Client tools the model can call; Anthropic-defined `bash_*` gets its built-in schema. */
function toolSpecs(tools: unknown): ToolSpec[] {
  const specs: ToolSpec[] = []
  for (const tool of objs(tools)) {
    const name = str(tool.name)
    if (name === undefined) continue
    if (isObj(tool.input_schema)) specs.push({ name, schema: tool.input_schema })
    else if (str(tool.type)?.startsWith('bash_') === true) {
      const schema = {
        type: 'object',
        properties: { command: { type: 'string' } },
        required: ['command'],
      }
      specs.push({ name, schema })
    }
  }
  return specs
}

function lastToolResult(messages: Obj[]): string | undefined {
  const lastUser = messages.filter((m) => m.role === 'user').at(-1)
  if (lastUser === undefined || typeof lastUser.content === 'string') return undefined
  const result = objs(lastUser.content).find((b) => b.type === 'tool_result')
  return result === undefined ? undefined : textOf(result.content)
}

function listModels(ex: Exchange, headers: OutgoingHttpHeaders): void {
  const entry = (id: string): Obj => ({
    type: 'model',
    id,
    display_name: id,
    created_at: '2025-09-29T00:00:00Z',
  })
  const id = ex.record.path.slice('/v1/models/'.length)
  if (ex.record.path.startsWith('/v1/models/')) {
    if (!MODELS.includes(id)) {
      const body = anthropicError('not_found_error', `model: ${id}`, String(headers['request-id']))
      return sendJson(ex.res, 404, body, headers)
    }
    return sendJson(ex.res, 200, entry(id), headers)
  }
  const data = MODELS.map(entry)
  const page = { data, has_more: false, first_id: MODELS[0], last_id: MODELS.at(-1) }
  sendJson(ex.res, 200, page, headers)
}
