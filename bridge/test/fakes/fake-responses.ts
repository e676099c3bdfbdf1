// Fake OpenAI Responses upstream: POST /v1/responses, JSON and SSE (wire-protocols §2).
import { playJson, playStream } from './fault-driver.js'
import { sendJson, startFakeServer } from './http-harness.js'
import type { Exchange, FakeOptions, FakeServer } from './http-harness.js'
import { isObj, objs, roughTokens, str, strings, textOf } from './json-guards.js'
import type { Obj } from './json-guards.js'
import {
  checkBearer,
  listOpenAIModels,
  openaiError,
  openaiHeaders,
  sendBadRequest,
  sendScenarioStatus,
} from './openai-errors.js'
import { responsesObject, responsesStream } from './responses-reply.js'
import type { ResponsesPlan } from './responses-reply.js'
import { encryptedReasoning, validateResponsesRequest } from './responses-validate.js'
import { overflowing, responsesOverflow } from './overflow.js'
import {
  compactionObject,
  compactionProblem,
  compactionStream,
  encryptedCompaction,
  userPrompts,
  wantsCompaction,
} from './fake-compaction.js'
import { SCENARIO_HEADER, parseScenario } from './scenario.js'
import { REASONING_DELTAS, decideReply, replyDeltaCount } from './scripted-reply.js'
import { searchOf } from './responses-validate.js'

const MODELS = ['gpt-5', 'gpt-5-codex', 'gpt-5-mini']

export function startFakeResponses(options?: FakeOptions): Promise<FakeServer> {
  return startFakeServer(handle, options, '/v1')
}

async function handle(ex: Exchange): Promise<void> {
  const route = `${ex.record.method} ${ex.record.path}`
  if (route !== 'POST /v1/responses' && route !== 'GET /v1/models') {
    const message = `Invalid URL (${ex.record.method} ${ex.record.path})`
    return sendJson(ex.res, 404, openaiError(message, 'invalid_request_error'), openaiHeaders(ex))
  }
  if (!checkBearer(ex)) return
  if (route === 'GET /v1/models') return listOpenAIModels(ex, MODELS)
  const body = ex.record.body
  if (!isObj(body)) {
    return sendBadRequest(
      ex,
      openaiError('We could not parse the JSON body of your request.', 'invalid_request_error'),
    )
  }
  const model = str(body.model) ?? ''
  const scenario = parseScenario(model, ex.req.headers[SCENARIO_HEADER])
  if (scenario.status !== undefined) return sendScenarioStatus(ex, scenario.status, model)
  const problem = validateResponsesRequest(body)
  if (problem !== undefined) return sendBadRequest(ex, problem)
  if (overflowing(scenario, ex.rawBody)) return sendBadRequest(ex, responsesOverflow())
  const compactionError = compactionProblem(body.input, 'fake-responses')
  if (compactionError) return sendBadRequest(ex, compactionError)
  if (wantsCompaction(body.input)) {
    const serial = String(ex.serial).padStart(24, '0')
    const plan = {
      id: `resp_fake${serial}`,
      itemId: `cmp_fake${serial}`,
      model,
      createdAt: Math.floor(Date.now() / 1000),
      encrypted: encryptedCompaction('fake-responses', userPrompts(body.input)),
      inputTokens: roughTokens(ex.rawBody),
      outputTokens: 1,
    }
    const headers = openaiHeaders(ex)
    if (body.stream === true) return playStream(ex, compactionStream(plan), scenario, headers)
    return sendJson(ex.res, 200, compactionObject(plan), headers)
  }

  const reply = decideReply({
    dialect: 'responses',
    model,
    tools: objs(body.tools)
      .filter((t) => t.type === 'function')
      .map((t) => ({ name: str(t.name) ?? '', schema: t.parameters })),
    toolsForbidden: body.tool_choice === 'none',
    toolResult: lastToolResult(body.input),
    parallel: scenario.parallel,
    ...(scenario.call === undefined ? {} : { call: scenario.call }),
    ...(scenario.events === undefined ? {} : { events: scenario.events }),
    ...searchOf(body),
  })
  const serial = String(ex.serial).padStart(24, '0')
  const reasoning = reasoningPlan(body, ex.serial)
  const plan: ResponsesPlan = {
    id: `resp_fake${serial}`,
    model,
    createdAt: Math.floor(Date.now() / 1000),
    echo: echoFields(body),
    ...(reasoning === undefined ? {} : { reasoning }),
    reply,
    messageId: `msg_fake${serial}`,
    calls:
      reply.kind === 'tool_calls'
        ? reply.calls.map((_, i) => ({
            id: `fc_fake${serial}${i}`,
            callId: `call_fake${serial}${i}`,
          }))
        : [],
    inputTokens: roughTokens(ex.rawBody),
    outputTokens: replyDeltaCount(reply) + (reasoning ? REASONING_DELTAS.length : 0),
    searchId: `ws_fake${serial}`,
    searchSources: strings(body.include).includes('web_search_call.action.sources'),
  }
  const headers = openaiHeaders(ex)
  if (body.stream === true) return playStream(ex, responsesStream(plan), scenario, headers)
  return playJson(ex, responsesObject(plan), scenario, headers, () =>
    sendJson(
      ex.res,
      500,
      openaiError('The server had an error while processing your request.', 'server_error'),
      headers,
    ),
  )
}

function reasoningPlan(body: Obj, serial: number): ResponsesPlan['reasoning'] {
  const reasoning = body.reasoning
  if (!isObj(reasoning) || reasoning.effort === 'none') return undefined
  const plan: NonNullable<ResponsesPlan['reasoning']> = {
    id: `rs_fake${String(serial).padStart(24, '0')}`,
    summary: typeof reasoning.summary === 'string',
  }
  // Like OpenAI: the blob comes back only when the client asks for it.
  if (strings(body.include).includes('reasoning.encrypted_content')) {
    plan.encryptedContent = encryptedReasoning(serial)
  }
  return plan
}

function echoFields(body: Obj): Obj {
  const echo: Obj = {}
  for (const key of [
    'instructions',
    'max_output_tokens',
    'parallel_tool_calls',
    'store',
    'tool_choice',
    'tools',
    'temperature',
    'top_p',
    'prompt_cache_key',
    'metadata',
  ]) {
    if (key in body) echo[key] = body[key]
  }
  if (isObj(body.reasoning)) {
    echo.reasoning = {
      effort: body.reasoning.effort ?? null,
      summary: body.reasoning.summary ?? null,
    }
  }
  return echo
}

/** Tool output in the trailing run of non-assistant items (the last user turn). */
function lastToolResult(input: unknown): string | undefined {
  const items = objs(input)
  let start = items.length
  while (start > 0) {
    const item = items[start - 1]
    const type = item?.type ?? 'message'
    const userTurn =
      (type === 'message' && item?.role !== 'assistant') ||
      type === 'function_call_output' ||
      type === 'custom_tool_call_output'
    if (!userTurn) break
    start -= 1
  }
  const output = items
    .slice(start)
    .find((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output')
  return output === undefined ? undefined : textOf(output.output)
}
