// Fake OpenAI Chat Completions upstream: POST /v1/chat/completions, JSON and SSE (wire-protocols §3).
import { chatCompletion, chatStream } from './chat-reply.js'
import type { ChatPlan } from './chat-reply.js'
import { validateChatRequest } from './chat-validate.js'
import { playJson, playStream } from './fault-driver.js'
import { sendJson, startFakeServer } from './http-harness.js'
import type { Exchange, FakeOptions, FakeServer } from './http-harness.js'
import { isObj, objs, roughTokens, str, textOf } from './json-guards.js'
import type { Obj } from './json-guards.js'
import {
  checkBearer,
  listOpenAIModels,
  openaiError,
  openaiHeaders,
  sendBadRequest,
  sendScenarioStatus,
} from './openai-errors.js'
import { chatOverflowAs, overflowing } from './overflow.js'
import { SCENARIO_HEADER, parseScenario } from './scenario.js'
import {
  REASONING_DELTAS,
  asksForSummary,
  decideReply,
  replyDeltaCount,
  searchQueryFor,
} from './scripted-reply.js'

const MODELS = ['gpt-4o', 'gpt-4.1', 'deepseek-chat']
/** About 20 KB of output: enough to push a session over a small compaction limit. */
export const BIG_OUTPUT_COMMAND = 'seq 100000 104000'

export function startFakeChat(options?: FakeOptions): Promise<FakeServer> {
  return startFakeServer(handle, options, '/v1')
}

async function handle(ex: Exchange): Promise<void> {
  const route = `${ex.record.method} ${ex.record.path}`
  if (route !== 'POST /v1/chat/completions' && route !== 'GET /v1/models') {
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
  const problem = validateChatRequest(body)
  if (problem !== undefined) return sendBadRequest(ex, problem)
  if (body.web_search_options !== undefined && !isSearchModel(model))
    return sendBadRequest(
      ex,
      openaiError(
        'Web search options not supported with this model.',
        'invalid_request_error',
        'web_search_options',
      ),
    )
  const over = overflowing(scenario, ex.rawBody)
  if (over)
    return sendBadRequest(
      ex,
      chatOverflowAs(scenario.overflowWording ?? 'openai', over.tokens, over.limit),
    )

  const reply = decideReply({
    dialect: 'chat',
    model,
    tools: objs(body.tools)
      .filter((t) => t.type === 'function' && isObj(t.function))
      .map((t) => {
        const fn = isObj(t.function) ? t.function : {}
        return { name: str(fn.name) ?? '', schema: fn.parameters }
      }),
    toolsForbidden:
      body.tool_choice === 'none' ||
      asksForSummary(
        textOf(
          objs(body.messages)
            .filter((m) => m.role === 'user')
            .at(-1)?.content,
        ),
      ),
    toolResult: lastToolResult(objs(body.messages)),
    parallel: scenario.parallel,
    ...(scenario.call === undefined ? {} : { call: scenario.call }),
    ...(scenario.bigOutput ? { command: BIG_OUTPUT_COMMAND } : {}),
    ...(scenario.events === undefined ? {} : { events: scenario.events }),
    ...searchOf(body, model),
  })
  const reasoning = typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none'
  const streamOptions = isObj(body.stream_options) ? body.stream_options : {}
  const plan: ChatPlan = {
    id: `chatcmpl-fake${String(ex.serial).padStart(20, '0')}`,
    model,
    created: Math.floor(Date.now() / 1000),
    reasoning,
    includeUsage: streamOptions.include_usage === true,
    reply,
    toolIds:
      reply.kind === 'tool_calls'
        ? reply.calls.map((_, i) => `call_fake${String(ex.serial * 10 + i).padStart(20, '0')}`)
        : [],
    inputTokens: roughTokens(ex.rawBody),
    outputTokens: replyDeltaCount(reply) + (reasoning ? REASONING_DELTAS.length : 0),
  }
  const headers = openaiHeaders(ex)
  if (body.stream === true) return playStream(ex, chatStream(plan), scenario, headers)
  return playJson(ex, chatCompletion(plan), scenario, headers, () =>
    sendJson(
      ex.res,
      500,
      openaiError('The server had an error while processing your request.', 'server_error'),
      headers,
    ),
  )
}

/** First tool message in the trailing run of user/tool messages (the last user turn). */
function lastToolResult(messages: Obj[]): string | undefined {
  let start = messages.length
  while (start > 0) {
    const role = messages[start - 1]?.role
    if (role === 'assistant' || role === 'system' || role === 'developer') break
    start -= 1
  }
  const tool = messages.slice(start).find((m) => m.role === 'tool')
  return tool === undefined ? undefined : textOf(tool.content)
}

/** OpenAI's search models (gpt-4o-search-preview, gpt-5-search-api…): the only ones that take `web_search_options`. */
function isSearchModel(model: string): boolean {
  return /(^|-)search(-|$)/.test(model)
}

/**
 * Only search models search, and they search on every request (no tool to choose; `web_search_options` only
 * localises and sizes it). For other models the prompt lets the model call a client search tool (Claude Code's WebSearch).
 */
function searchOf(body: Obj, model: string): { search?: string; prompt?: string } {
  const last = objs(body.messages)
    .filter((m) => m.role === 'user')
    .at(-1)
  const prompt = last === undefined ? undefined : textOf(last.content)
  const query = searchQueryFor(isSearchModel(model), true, prompt)
  return {
    ...(query === undefined ? {} : { search: query }),
    ...(prompt === undefined ? {} : { prompt }),
  }
}
