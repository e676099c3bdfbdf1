// Fake chatgpt.com/backend-api/codex on 127.0.0.1:0: checked /responses, /models, /wham/usage, faults on demand.
import type { OutgoingHttpHeaders } from 'node:http'
import { playStream } from './fault-driver.js'
import { faultRejection, rateLimitsEvent, scenarioFaults, whamUsage } from './fake-codex-faults.js'
import type { CodexFault } from './fake-codex-faults.js'
import { sendJson, startFakeServer } from './http-harness.js'
import type { Exchange, FakeServer, RecordedRequest } from './http-harness.js'
import { isObj, objs, roughTokens, str, strings, textOf } from './json-guards.js'
import type { Obj } from './json-guards.js'
import {
  DEFAULT_FAKE_USAGE,
  FAKE_CODEX_MODELS,
  detail,
  modelsBody,
  modelsFor,
  usageHeaders,
  usageLimitBody,
} from './fake-codex-catalog.js'
import type { FakeCodexModel, FakeUsage } from './fake-codex-catalog.js'
import { codexOverflowStream, codexStream } from './fake-codex-stream.js'
import { overflowing } from './overflow.js'
import {
  compactionProblem,
  compactionStream,
  encryptedCompaction,
  userPrompts,
  wantsCompaction,
} from './fake-compaction.js'
import type { CodexPlan } from './fake-codex-stream.js'
import { checkAuth, codexEncrypted, validateCodexRequest } from './fake-codex-validate.js'
import type { AuthState, Rejection } from './fake-codex-validate.js'
import { SCENARIO_HEADER, parseScenario } from './scenario.js'
import type { Scenario } from './scenario.js'
import { REASONING_DELTAS, decideReply, replyDeltaCount } from './scripted-reply.js'
import type { ToolSpec } from './scripted-reply.js'
import { searchOf } from './responses-validate.js'

export const DEFAULT_CODEX_TOKEN = 'fake-chatgpt-access-token'
export const DEFAULT_CODEX_ACCOUNT = 'acc-fake-0001'
export type { CodexFault } from './fake-codex-faults.js'

export interface FakeCodexOptions {
  validToken?: string
  accountId?: string
  /** response.completed output: 'empty' (default, like the real backend) or 'full'. */
  completedOutput?: 'empty' | 'full'
  /** Send `content-type: text/event-stream` (default true; the backend was seen without one). */
  contentType?: boolean
  /** Put output_index on delta events (default true). */
  deltaOutputIndex?: boolean
  /** Answer 400 to role:"system" input items (default true, the last report). */
  rejectSystemRole?: boolean
  /** Also enforce Switchboard's rules: include, prompt_cache_key equal to the session header (default true). */
  strict?: boolean
  /** Emit the serving account's codex.rate_limits event after response.created (default true, as the backend does). */
  rateLimitsEvent?: boolean
  usage?: FakeUsage
  models?: FakeCodexModel[]
  /** The models' context window in rough tokens: larger prompts fail with the backend's overflow. */
  contextLimit?: number
  /** Milliseconds between the events of every stream (as `slow-N` does per request), like a real backend's pace. */
  paceMs?: number
}

/** Another ChatGPT account the backend serves, with its own token and usage windows. */
export interface FakeCodexAccount {
  accountId: string
  token: string
  usage?: FakeUsage
  /** Each answered request adds this much to the account's windows (default 0). */
  percentPerRequest?: number
}

export interface FakeCodexBackend extends FakeServer {
  /** The base URL the provider setting takes (…/backend-api/codex). */
  baseUrl: string
  readonly validToken: string
  accountId: string
  /** Rotates the token: the old one now answers 401 token_expired. */
  setValidToken(token: string): void
  failNext(...faults: CodexFault[]): void
  setUsage(usage: FakeUsage): void
  /** Serves one more account: requests carrying its id in ChatGPT-Account-ID must carry its token. */
  addAccount(account: FakeCodexAccount): void
  setAccountToken(accountId: string, token: string): void
  /** A window at 100% or more makes the backend answer 429 usage_limit_reached, as the real one does. */
  setAccountUsage(accountId: string, usage: FakeUsage): void
  accountUsage(accountId: string): FakeUsage | undefined
  /** Recorded POST /responses requests. */
  responseRequests(): RecordedRequest[]
  /** The model calls this tool whenever it is offered (as scenario `call-<tool>`, which no client header carries here). */
  callTool(name: string | undefined): void
}

interface ExtraAccount {
  auth: AuthState
  usage: FakeUsage
  percentPerRequest: number
}

interface State {
  accounts: Map<string, ExtraAccount>
  auth: AuthState
  opts: Required<
    Omit<
      FakeCodexOptions,
      'validToken' | 'accountId' | 'usage' | 'models' | 'contextLimit' | 'paceMs'
    >
  >
  usage: FakeUsage
  models: FakeCodexModel[]
  queue: CodexFault[]
  issuedIds: Set<string>
  /** Input tokens last seen per prompt_cache_key: the next turn reads them from cache. */
  cache: Map<string, number>
  context: Scenario
  paceMs?: number
  call?: string
}

export async function startFakeCodexBackend(
  options: FakeCodexOptions = {},
): Promise<FakeCodexBackend> {
  const state: State = {
    accounts: new Map(),
    auth: {
      validToken: options.validToken ?? DEFAULT_CODEX_TOKEN,
      retired: new Set(),
      accountId: options.accountId ?? DEFAULT_CODEX_ACCOUNT,
    },
    opts: {
      completedOutput: options.completedOutput ?? 'empty',
      contentType: options.contentType ?? true,
      deltaOutputIndex: options.deltaOutputIndex ?? true,
      rejectSystemRole: options.rejectSystemRole ?? true,
      strict: options.strict ?? true,
      rateLimitsEvent: options.rateLimitsEvent ?? true,
    },
    usage: options.usage ?? DEFAULT_FAKE_USAGE,
    models: options.models ?? FAKE_CODEX_MODELS,
    queue: [],
    issuedIds: new Set(),
    cache: new Map(),
    context: parseScenario(
      options.contextLimit === undefined ? '' : `context-${options.contextLimit}`,
      undefined,
    ),
    ...(options.paceMs !== undefined ? { paceMs: options.paceMs } : {}),
  }
  const server = await startFakeServer(
    (ex) => handle(ex, state),
    { apiKey: state.auth.validToken },
    '/backend-api/codex',
  )
  const backend: FakeCodexBackend = Object.assign(server, {
    baseUrl: server.url,
    validToken: state.auth.validToken,
    accountId: state.auth.accountId,
    setValidToken(token: string) {
      state.auth.retired.add(state.auth.validToken)
      state.auth.retired.delete(token)
      state.auth.validToken = token
    },
    failNext(...faults: CodexFault[]) {
      state.queue.push(...faults)
    },
    setUsage(usage: FakeUsage) {
      state.usage = usage
    },
    addAccount(account: FakeCodexAccount) {
      state.accounts.set(account.accountId, {
        auth: { validToken: account.token, retired: new Set(), accountId: account.accountId },
        usage: account.usage ?? DEFAULT_FAKE_USAGE,
        percentPerRequest: account.percentPerRequest ?? 0,
      })
    },
    setAccountToken(accountId: string, token: string) {
      const a = state.accounts.get(accountId)
      if (!a) throw new Error(`no fake account ${accountId}`)
      a.auth.retired.add(a.auth.validToken)
      a.auth.validToken = token
    },
    setAccountUsage(accountId: string, usage: FakeUsage) {
      const a = state.accounts.get(accountId)
      if (!a) throw new Error(`no fake account ${accountId}`)
      a.usage = usage
    },
    accountUsage: (accountId: string) => state.accounts.get(accountId)?.usage,
    responseRequests: () =>
      server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses')),
    callTool(name: string | undefined) {
      if (name === undefined) delete state.call
      else state.call = name
    },
  })
  // Object.assign copies values; the token must stay live across rotations.
  Object.defineProperty(backend, 'validToken', {
    get: () => state.auth.validToken,
    enumerable: true,
  })
  return backend
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

function reject(ex: Exchange, r: Rejection, extra: OutgoingHttpHeaders = {}): void {
  sendJson(ex.res, r.status, r.body, {
    'x-request-id': `req_codex${ex.serial}`,
    ...extra,
    ...r.headers,
  })
}

async function handle(ex: Exchange, state: State): Promise<void> {
  const { method, path } = ex.record
  const route = path.replace(/^\/backend-api\/codex(?=\/)/, '')
  const known =
    (method === 'POST' && route === '/responses') ||
    (method === 'GET' && (route === '/models' || path === '/backend-api/wham/usage'))
  if (!known) return reject(ex, { status: 404, body: detail('Not Found') })
  const header = ex.req.headers['chatgpt-account-id']
  const extra = typeof header === 'string' ? state.accounts.get(header) : undefined
  // The other accounts share the conversation caches and issued ids, as one backend does.
  const served: State = extra ? { ...state, auth: extra.auth, usage: extra.usage } : state
  const denied = checkAuth(ex.req.headers, served.auth)
  if (denied) return reject(ex, denied)
  if (route === '/models') return listModels(ex, served)
  if (path === '/backend-api/wham/usage') return sendJson(ex.res, 200, whamUsage(served.usage))
  const limited = [served.usage.primary, served.usage.secondary].some(
    (w) => w !== undefined && w.usedPercent >= 100,
  )
  if (limited)
    return reject(ex, {
      status: 429,
      body: usageLimitBody(served.usage, nowSeconds()),
      headers: usageHeaders(served.usage, nowSeconds()),
    })
  await respond(ex, served)
  if (extra && extra.percentPerRequest > 0) extra.usage = burn(extra.usage, extra.percentPerRequest)
}

function burn(usage: FakeUsage, percent: number): FakeUsage {
  const add = (w: FakeUsage['primary']): FakeUsage['primary'] =>
    w ? { ...w, usedPercent: w.usedPercent + percent } : undefined
  const out: FakeUsage = { planType: usage.planType }
  const primary = add(usage.primary)
  const secondary = add(usage.secondary)
  if (primary) out.primary = primary
  if (secondary) out.secondary = secondary
  return out
}

function listModels(ex: Exchange, state: State): void {
  const version = new URL(ex.record.url, 'http://x').searchParams.get('client_version') ?? undefined
  const models = modelsFor(state.models, version)
  const etag = `"models-${models.map((m) => m.slug).join(',').length}-${models.length}"`
  if (ex.req.headers['if-none-match'] === etag) {
    ex.res.writeHead(304, { etag })
    ex.res.end()
    return
  }
  sendJson(ex.res, 200, modelsBody(models), { etag, 'x-models-etag': etag })
}

async function respond(ex: Exchange, state: State): Promise<void> {
  const faults = [...scenarioFaults(ex.req.headers[SCENARIO_HEADER]), ...state.queue.splice(0, 1)]
  for (const fault of faults) {
    const r = faultRejection(fault, state.usage)
    if (r) return reject(ex, r)
  }
  const body = ex.record.body
  if (!isObj(body)) return reject(ex, { status: 400, body: detail('Invalid JSON body') })
  const problem = validateCodexRequest(body, {
    headers: ex.req.headers,
    models: state.models,
    accountId: state.auth.accountId,
    issuedIds: state.issuedIds,
    rejectSystemRole: state.opts.rejectSystemRole,
    strict: state.opts.strict,
  })
  if (problem) return reject(ex, problem)
  const compactionError = compactionProblem(body.input, `fake-codex:${state.auth.accountId}`)
  if (compactionError) return reject(ex, { status: 400, body: compactionError })

  const scenario = parseScenario('', ex.req.headers[SCENARIO_HEADER])
  if (state.paceMs !== undefined) scenario.slowMs ??= state.paceMs
  if (faults.includes('midstream-failed')) scenario.midstreamError = true
  const plan = planFor(ex, body, state, scenario)
  const headers: OutgoingHttpHeaders = {
    'x-request-id': `req_codex${ex.serial}`,
    ...usageHeaders(state.usage, nowSeconds()),
  }
  if (!state.opts.contentType) dropContentType(ex)
  if (wantsCompaction(body.input)) {
    const compaction = {
      id: plan.id,
      itemId: `cmp_codex${ex.serial}`,
      model: plan.model,
      createdAt: plan.createdAt,
      encrypted: encryptedCompaction(`fake-codex:${state.auth.accountId}`, userPrompts(body.input)),
      inputTokens: plan.usage.input,
      outputTokens: 1,
    }
    return playStream(
      ex,
      compactionStream(compaction, state.opts.completedOutput),
      scenario,
      headers,
    )
  }
  const tooLong =
    faults.includes('context-overflow') || overflowing(state.context, ex.rawBody) !== undefined
  return playStream(ex, tooLong ? codexOverflowStream(plan) : codexStream(plan), scenario, headers)
}

/**
 * The function tools the model may call: `tools` and those of `additional_tools` input items, a namespace's
 * members included. A tool of the default namespace `functions` is called by its plain name; a call to another
 * namespace's tool names the namespace.
 */
function offeredFunctions(body: Obj): ToolSpec[] {
  const extra = objs(body.input)
    .filter((i) => i.type === 'additional_tools')
    .flatMap((i) => objs(i.tools))
  return [...objs(body.tools), ...extra].flatMap((t): ToolSpec[] => {
    const spec = (f: Obj, namespace?: string): ToolSpec => ({
      name: str(f.name) ?? '',
      schema: f.parameters,
      ...(namespace === undefined ? {} : { namespace }),
    })
    if (t.type === 'function') return [spec(t)]
    if (t.type !== 'namespace') return []
    const namespace = str(t.name)
    return objs(t.tools)
      .filter((m) => m.type === 'function')
      .map((m) => spec(m, namespace === 'functions' ? undefined : namespace))
  })
}

function planFor(ex: Exchange, body: Obj, state: State, scenario: Scenario): CodexPlan {
  const model = str(body.model) ?? ''
  const parallel = scenario.parallel
  const call = scenario.call ?? state.call
  const reply = decideReply({
    dialect: 'responses',
    model,
    tools: offeredFunctions(body),
    ...(call === undefined ? {} : { call }),
    toolsForbidden: body.tool_choice === 'none',
    toolResult: lastToolResult(body.input),
    parallel,
    ...searchOf(body),
  })
  const serial = String(ex.serial).padStart(20, '0')
  const reasoning = isObj(body.reasoning) ? body.reasoning : {}
  const reasons = reasoning.effort !== 'none'
  const calls =
    reply.kind === 'tool_calls'
      ? reply.calls.map((_, i) => ({
          id: `fc_codex${serial}${i}`,
          callId: `call_codex${serial}${i}`,
        }))
      : []
  const plan: CodexPlan = {
    id: `resp_codex${serial}`,
    model,
    createdAt: nowSeconds(),
    reply,
    messageId: `msg_codex${serial}`,
    calls,
    usage: { input: 0, cached: 0, output: 0, reasoning: 0 },
    completedOutput: state.opts.completedOutput,
    deltaOutputIndex: state.opts.deltaOutputIndex,
    searchId: `ws_codex${serial}`,
    searchSources: strings(body.include).includes('web_search_call.action.sources'),
  }
  if (reasons) {
    plan.reasoning = {
      id: `rs_codex${serial}`,
      summary: typeof reasoning.summary === 'string' && reasoning.summary !== 'none',
    }
    if (strings(body.include).includes('reasoning.encrypted_content'))
      plan.reasoning.encryptedContent = codexEncrypted(state.auth.accountId, ex.serial)
  }
  for (const id of [
    plan.id,
    plan.messageId,
    plan.searchId,
    plan.reasoning?.id,
    ...calls.map((c) => c.id),
  ])
    if (id) state.issuedIds.add(id)
  const key = str(body.prompt_cache_key)
  if (key) plan.promptCacheKey = key
  const input = roughTokens(ex.rawBody)
  const reasoningTokens = reasons ? REASONING_DELTAS.length : 0
  plan.usage = {
    input,
    cached: key ? Math.min(state.cache.get(key) ?? 0, input) : 0,
    output: replyDeltaCount(reply) + reasoningTokens,
    reasoning: reasoningTokens,
  }
  if (key) state.cache.set(key, input)
  if (state.opts.rateLimitsEvent) plan.rateLimits = rateLimitsEvent(state.usage)
  return plan
}

/** Tool output in the trailing run of non-assistant items (the last user turn). */
function lastToolResult(input: unknown): string | undefined {
  const items = objs(input)
  let start = items.length
  while (start > 0) {
    const item = items[start - 1]
    const type = item?.type ?? 'message'
    if (!(
      (type === 'message' && item?.role !== 'assistant') ||
      type === 'function_call_output' ||
      type === 'custom_tool_call_output'
    ))
      break
    start -= 1
  }
  const output = items
    .slice(start)
    .find((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output')
  return output === undefined ? undefined : textOf(output.output)
}

/** The backend was seen answering its SSE without any content-type (TC issue #456). */
function dropContentType(ex: Exchange): void {
  const writeHead = ex.res.writeHead.bind(ex.res)
  const patched = (status: number, headers?: OutgoingHttpHeaders): ReturnType<typeof writeHead> => {
    const { 'content-type': _dropped, ...rest } = headers ?? {}
    return writeHead(status, rest)
  }
  ex.res.writeHead = patched as typeof ex.res.writeHead
}
