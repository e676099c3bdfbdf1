// Sends a translated request to the ChatGPT backend: fresh credentials, the backend's body and headers,
// usage windows recorded, and one refresh-and-retry on 401 before any byte went to the client.
import { AuthError } from '../auth/index.js'
import { BridgeError, bridgeError } from '../errors.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { chatgptHttpError, isAuthFailure, prepareChatgptCall } from '../upstream/chatgpt/index.js'
import { readBody, sendUpstream, type UpstreamResponse } from '../upstream/http.js'
import type { UpstreamTarget } from '../upstream/target.js'
import type { ExchangeContext } from './exchange-context.js'

function authFailure(err: unknown): never {
  if (err instanceof AuthError)
    throw bridgeError('BRIDGE_UPSTREAM_AUTH', 'authentication', err.message)
  throw err
}

export async function sendChatgpt(
  ctx: ExchangeContext,
  target: UpstreamTarget,
  canonical: CanonicalRequest,
  body: JsonObject,
): Promise<UpstreamResponse> {
  const runtime = ctx.deps.chatgpt
  if (!runtime)
    throw bridgeError(
      'BRIDGE_UPSTREAM_AUTH',
      'authentication',
      'ChatGPT is not set up in this gateway: run `switchboard login` and restart it.',
    )
  const creds = await runtime.credentials.getCredentials().catch(authFailure)
  const models = runtime.modelsFor(target.provider)
  const model = models.info(String(body['model'] ?? ''))
  const attempt = async (accessToken: string, first: boolean): Promise<UpstreamResponse> => {
    const call = prepareChatgptCall({
      baseUrl: runtime.baseUrl(target.provider),
      accessToken,
      accountId: creds.accountId ?? '',
      incoming: ctx.request.headers,
      canonical,
      body,
      ...(model ? { model } : {}),
    })
    for (const s of call.secrets) ctx.deps.log.redactor.add(s)
    if (first) for (const n of call.notes) ctx.exchange.note(`${n.code}: ${n.message}`)
    ctx.exchange.body('upstreamRequest', () => JSON.stringify(call.body))
    ctx.exchange.update({ upstreamUrl: call.url })
    const res = await sendUpstream({
      url: call.url,
      headers: call.headers,
      body: JSON.stringify(call.body),
      signal: ctx.abort.signal,
      trace: ctx.exchange.upstreamTrace(),
    })
    runtime.usage.recordHeaders(res.headers as Record<string, string>)
    return res
  }
  let res = await attempt(creds.accessToken, true)
  if (isAuthFailure(res.status)) {
    await readBody(res.body)
    ctx.exchange.note('chatgpt: 401 from the backend; refreshed the token and retried once')
    const token = await runtime.credentials.onUnauthorized(creds.accessToken).catch(authFailure)
    res = await attempt(token, false)
  }
  if (res.status >= 400) {
    const text = await readBody(res.body)
    ctx.exchange.frame('upstream', text)
    throw new BridgeError(
      'BRIDGE_UPSTREAM_HTTP',
      chatgptHttpError(res.status, text, res.headers as Record<string, string>),
    )
  }
  return res
}
