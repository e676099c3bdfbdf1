// Sends a translated request to the ChatGPT backend: fresh credentials, the backend's body and headers,
// usage windows recorded, and one refresh-and-retry on 401 before any byte went to the client.
import { AuthError } from '../../auth/index.js'
import { BridgeError, bridgeError } from '../../errors.js'
import { readBody, sendUpstream, type UpstreamResponse } from '../http.js'
import type { ProviderCall } from '../provider.js'
import { prepareChatgptCall } from './call.js'
import { chatgptHttpError, isAuthFailure } from './errors.js'
import type { ChatgptRuntime } from './runtime.js'
import { headerSecrets } from '../../log/redact.js'

function authFailure(err: unknown): never {
  if (err instanceof AuthError)
    throw bridgeError('BRIDGE_UPSTREAM_AUTH', 'authentication', err.message)
  throw err
}

export function notSetUp(): BridgeError {
  return bridgeError(
    'BRIDGE_UPSTREAM_AUTH',
    'authentication',
    'ChatGPT is not set up in this gateway: run `switchboard login` and restart it.',
  )
}

export async function sendChatgpt(
  runtime: ChatgptRuntime,
  call: ProviderCall,
): Promise<UpstreamResponse> {
  const { exchange, canonical } = call
  if (!canonical) throw new Error('the ChatGPT provider needs the decoded request')
  const creds = await runtime.credentials.getCredentials().catch(authFailure)
  const model = runtime.modelsFor(call.provider).info(call.model)
  const attempt = async (accessToken: string, first: boolean): Promise<UpstreamResponse> => {
    const prepared = prepareChatgptCall({
      baseUrl: runtime.baseUrl(call.provider),
      accessToken,
      accountId: creds.accountId ?? '',
      incoming: call.incoming,
      canonical,
      body: call.body,
      ...(model ? { model } : {}),
    })
    // The account id header is a credential too, and hostile upstreams echo it with the token.
    for (const s of [...prepared.secrets, ...headerSecrets(prepared.headers)]) call.redact(s)
    if (first) for (const n of prepared.notes) exchange.note(`${n.code}: ${n.message}`)
    exchange.body('upstreamRequest', () => JSON.stringify(prepared.body))
    exchange.update({ upstreamUrl: prepared.url })
    const res = await sendUpstream({
      url: prepared.url,
      headers: prepared.headers,
      body: JSON.stringify(prepared.body),
      signal: call.signal,
      trace: exchange.upstreamTrace(),
    })
    runtime.usage.recordHeaders(res.headers as Record<string, string>)
    return res
  }
  let res = await attempt(creds.accessToken, true)
  if (isAuthFailure(res.status)) {
    await readBody(res.body)
    exchange.note('chatgpt: 401 from the backend; refreshed the token and retried once')
    const token = await runtime.credentials.onUnauthorized(creds.accessToken).catch(authFailure)
    res = await attempt(token, false)
  }
  if (res.status >= 400) {
    const text = await readBody(res.body)
    exchange.frame('upstream', text)
    throw new BridgeError(
      'BRIDGE_UPSTREAM_HTTP',
      chatgptHttpError(res.status, text, res.headers as Record<string, string>),
    )
  }
  return res
}
