// Sends a translated request to the ChatGPT backend on the account that should serve it: fresh credentials,
// the backend's body and headers, usage recorded per account, one refresh-and-retry on 401, and on a
// usage_limit_reached 429 (before any byte went to the client) the same request on the next eligible account.
import type { PoolAccount } from '../../auth/index.js'
import { AuthError } from '../../auth/index.js'
import { BridgeError, bridgeError } from '../../errors.js'
import { headerSecrets } from '../../log/redact.js'
import { readBody, sendUpstream, type UpstreamResponse } from '../http.js'
import type { ProviderCall } from '../provider.js'
import { ProviderUnavailableError } from '../provider-unavailable.js'
import { earliestReset, planAccounts } from './account-choice.js'
import { prepareChatgptCall } from './call.js'
import { conversationKeyFor } from './conversation-key.js'
import { chatgptHttpError, isAuthFailure } from './errors.js'
import { withoutReasoning } from './foreign-reasoning.js'
import type { ChatgptRuntime } from './runtime.js'
import { formatReset } from './usage-limits.js'

/** A usage_limit_reached answer without a reset time: look again after this long rather than never. */
const UNKNOWN_RESET_MS = 5 * 60_000

function authFailure(err: unknown): BridgeError {
  if (err instanceof AuthError)
    return bridgeError('BRIDGE_UPSTREAM_AUTH', 'authentication', err.message)
  throw err
}

export function notSetUp(): BridgeError {
  return bridgeError(
    'BRIDGE_UPSTREAM_AUTH',
    'authentication',
    'ChatGPT is not set up in this gateway: run `switchboard login` and restart it.',
  )
}

export interface ChatgptSent {
  response: UpstreamResponse
  accountId: string
}

type Attempt =
  | { kind: 'served'; response: UpstreamResponse }
  | { kind: 'limited'; until: number; error: BridgeError }
  | { kind: 'auth'; error: BridgeError }

/** One account: its credentials, the call, a refresh and retry on 401. */
async function tryAccount(
  runtime: ChatgptRuntime,
  call: ProviderCall,
  account: PoolAccount,
  first: boolean,
  /** The conversation was served by another account before: its encrypted reasoning cannot be read here. */
  moved: boolean,
): Promise<Attempt> {
  const { exchange, canonical } = call
  if (!canonical) throw new Error('the ChatGPT provider needs the decoded request')
  let creds
  try {
    creds = await account.credentials.getCredentials()
  } catch (err) {
    return { kind: 'auth', error: authFailure(err) }
  }
  const model = runtime.modelsFor(call.provider).info(call.model)
  let body = call.body
  const dropReasoning = (why: string): boolean => {
    const stripped = withoutReasoning(body)
    if (stripped.dropped === 0) return false
    body = stripped.body
    exchange.note(
      `chatgpt: left out ${stripped.dropped} reasoning item(s) ${why}; the conversation goes on without them`,
    )
    return true
  }
  if (moved) dropReasoning('encrypted for the account that served this conversation before')
  const attempt = async (accessToken: string, notes: boolean): Promise<UpstreamResponse> => {
    const prepared = prepareChatgptCall({
      baseUrl: runtime.baseUrl(call.provider),
      accessToken,
      accountId: creds.accountId ?? '',
      incoming: call.incoming,
      canonical,
      body,
      ...(model ? { model } : {}),
    })
    // The account id header is a credential too, and hostile upstreams echo it with the token.
    for (const s of [...prepared.secrets, ...headerSecrets(prepared.headers)]) call.redact(s)
    if (notes) for (const n of prepared.notes) exchange.note(`${n.code}: ${n.message}`)
    exchange.body('upstreamRequest', () => JSON.stringify(prepared.body))
    exchange.update({ upstreamUrl: prepared.url })
    const res = await sendUpstream({
      url: prepared.url,
      headers: prepared.headers,
      body: JSON.stringify(prepared.body),
      signal: call.signal,
      trace: exchange.upstreamTrace(),
    })
    runtime.usage.recordHeaders(res.headers as Record<string, string>, account.id)
    return res
  }
  let res = await attempt(creds.accessToken, first)
  if (isAuthFailure(res.status)) {
    await readBody(res.body)
    exchange.note('chatgpt: 401 from the backend; refreshed the token and retried once')
    let token: string
    try {
      token = await account.credentials.onUnauthorized(creds.accessToken)
    } catch (err) {
      return { kind: 'auth', error: authFailure(err) }
    }
    res = await attempt(token, false)
  }
  if (res.status < 400) return { kind: 'served', response: res }
  let text = await readBody(res.body)
  let error = chatgptHttpError(res.status, text, res.headers as Record<string, string>)
  // After a restart Switchboard no longer knows which account a conversation was on: the backend says so.
  if (
    error.code === 'invalid_encrypted_content' &&
    dropReasoning('that this account cannot read (encrypted by another account)')
  ) {
    exchange.frame('upstream', text)
    res = await attempt(creds.accessToken, false)
    if (res.status < 400) return { kind: 'served', response: res }
    text = await readBody(res.body)
    error = chatgptHttpError(res.status, text, res.headers as Record<string, string>)
  }
  exchange.frame('upstream', text)
  const failure = new BridgeError('BRIDGE_UPSTREAM_HTTP', error)
  if (error.code === 'usage_limit_reached') {
    const until =
      error.retryAfterSeconds !== undefined
        ? Date.now() + error.retryAfterSeconds * 1000
        : Date.now() + UNKNOWN_RESET_MS
    return { kind: 'limited', until, error: failure }
  }
  throw failure
}

/** Every account is at its limit: the provider steps aside, saying when it serves again. */
function unavailable(
  tried: string[],
  retryAt: number | undefined,
  clientError: BridgeError | undefined,
): ProviderUnavailableError {
  const when =
    retryAt === undefined ? '' : `; the first one resets at ${formatReset(new Date(retryAt))}`
  const err = new ProviderUnavailableError(
    tried.length === 1
      ? `ChatGPT usage limit reached (${tried[0] ?? ''})${when.replace('the first one', 'it')}.`
      : `ChatGPT usage limit reached on every account (${tried.join(', ') || 'none'})${when}.`,
    'usage_limit',
    retryAt,
    tried,
  )
  // What the client sees when nothing else can serve: with one account ChatGPT's own limit error (it names
  // the window), with several the earliest reset of them all.
  err.cause =
    (tried.length === 1 ? clientError : undefined) ??
    bridgeError('BRIDGE_UPSTREAM_HTTP', 'rate_limit', err.message, {
      status: 429,
      code: 'usage_limit_reached',
      ...(retryAt === undefined
        ? {}
        : { retryAfterSeconds: Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)) }),
    })
  return err
}

export async function sendChatgpt(
  runtime: ChatgptRuntime,
  call: ProviderCall,
): Promise<ChatgptSent> {
  const { exchange, canonical } = call
  if (!canonical) throw new Error('the ChatGPT provider needs the decoded request')
  const candidates = await runtime.candidates()
  if (candidates.length === 0)
    throw bridgeError(
      'BRIDGE_UPSTREAM_AUTH',
      'authentication',
      'Not signed in to ChatGPT. Run `switchboard login`.',
    )
  const accounts = runtime.credentials.known()
  const conversation = conversationKeyFor(call.incoming, canonical).key
  const sticky = runtime.accountOf(conversation)
  const plan = planAccounts(candidates, call.provider.accounts, sticky, Date.now())
  const label = (id: string): string => candidates.find((c) => c.id === id)?.label ?? id
  const tried: string[] = []
  let limitError: BridgeError | undefined
  let authError: BridgeError | undefined
  for (const id of plan.order) {
    const account = accounts.find((a) => a.id === id)
    if (!account) continue
    tried.push(label(id))
    const moved = sticky !== undefined && sticky !== id
    const result = await tryAccount(runtime, call, account, tried.length === 1, moved)
    switch (result.kind) {
      case 'served': {
        runtime.stick(conversation, id)
        if (sticky !== undefined && sticky !== id)
          exchange.note(`chatgpt: conversation moved from ${label(sticky)} to ${label(id)}`)
        // The account's email: its id is a credential header, which the log redacts everywhere.
        exchange.update(
          tried.length > 1 ? { account: label(id), accountsTried: tried } : { account: label(id) },
        )
        return { response: result.response, accountId: id }
      }
      case 'limited':
        runtime.usage.markLimited(id, result.until)
        limitError = result.error
        exchange.note(
          `chatgpt: ${label(id)} reached its usage limit (until ${new Date(result.until).toISOString()}); trying the next account`,
        )
        break
      case 'auth':
        authError ??= result.error
        exchange.note(`chatgpt: ${label(id)} cannot be used: ${result.error.message}`)
        break
    }
  }
  if (limitError === undefined && plan.limited.length === 0)
    throw (
      authError ??
      bridgeError(
        'BRIDGE_UPSTREAM_AUTH',
        'authentication',
        'Every ChatGPT account needs signing in again: run `switchboard login`.',
      )
    )
  const all = [...new Set([...plan.limited.map((l) => label(l.id)), ...tried])]
  exchange.update({ accountsTried: all })
  const resets = [
    earliestReset(plan),
    ...plan.order.map((id) => runtime.usage.limitedUntil(id)),
  ].filter((t): t is number => t !== undefined && t > Date.now())
  throw unavailable(all, resets.length > 0 ? Math.min(...resets) : undefined, limitError)
}
