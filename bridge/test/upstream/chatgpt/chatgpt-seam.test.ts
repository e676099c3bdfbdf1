// Captured Claude Code / Codex requests through codec + prepareChatgptCall to the fake backend over a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shortenToolNames, restoreToolName } from '../../../pipeline/tool-names.js'
import { Accumulator } from '../../../protocol/canonical/accumulate.js'
import type { AccumulateResult } from '../../../protocol/canonical/accumulate.js'
import type { CanonicalError } from '../../../protocol/canonical/errors.js'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { codecFor } from '../../../protocol/registry.js'
import { createSseParser } from '../../../protocol/sse/parse.js'
import { prepareChatgptCall } from '../../../upstream/chatgpt/call.js'
import { chatgptHttpError, isAuthFailure } from '../../../upstream/chatgpt/errors.js'
import { BUILTIN_MODELS, mapModelName } from '../../../upstream/chatgpt/model-catalog.js'
import { shapeChatgptBody } from '../../../upstream/chatgpt/shape-request.js'
import { conversationKeyFor } from '../../../upstream/chatgpt/conversation-key.js'
import { chatgptHeaders } from '../../../upstream/chatgpt/headers.js'
import { UsageTracker } from '../../../upstream/chatgpt/usage-tracker.js'
import { readBatches } from '../../../upstream/body-reader.js'
import { readBody, sendUpstream } from '../../../upstream/http.js'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import type { FakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import { doneText } from '../../fakes/scripted-reply.js'
import { captureRequest } from '../../helpers/captures.js'
import { testContext } from '../../helpers/context.js'

const capture = captureRequest

const anthropic = codecFor('anthropic-messages')
const responses = codecFor('openai-responses')
let fake: FakeCodexBackend
let token: string
const tracker = new UsageTracker()

beforeAll(async () => {
  fake = await startFakeCodexBackend()
  token = fake.validToken
})
afterAll(() => fake.close())

type TurnResult =
  { http: CanonicalError } | { result: AccumulateResult; canonical: CanonicalRequest }

/** What the lead's pipeline will do for a `chatgpt` provider, minus fastify. */
async function turn(clientBody: JsonObject, incoming: Record<string, string>): Promise<TurnResult> {
  const canonical = anthropic.decodeRequest(clientBody)
  const names = shortenToolNames(canonical)
  const slug = mapModelName(canonical.model)
  const encoded = responses.encodeRequest({ ...canonical, model: slug, stream: true })
  const call = prepareChatgptCall({
    baseUrl: fake.baseUrl,
    accessToken: token,
    accountId: fake.accountId,
    incoming,
    canonical,
    body: encoded.body,
    model: BUILTIN_MODELS.find((m) => m.slug === slug),
  })
  const res = await sendUpstream({
    url: call.url,
    headers: call.headers,
    body: JSON.stringify(call.body),
    signal: new AbortController().signal,
  })
  if (res.status >= 400)
    return { http: chatgptHttpError(res.status, await readBody(res.body), res.headers) }
  tracker.recordHeaders(res.headers, fake.accountId)
  const parser = createSseParser()
  const decoder = responses.createStreamDecoder({ ...testContext(), request: canonical })
  const acc = new Accumulator()
  const reads = readBatches(res.body, {
    read: (text) => parser.push(text),
    end: (rest) => [...parser.push(rest), ...parser.end()],
  })
  for await (const frames of reads)
    for (const frame of frames)
      for (const e of decoder.push(frame)) acc.push(restoreToolName(e, names))
  for (const e of decoder.end()) acc.push(e)
  return { result: acc.result(), canonical }
}

function ok(t: TurnResult): {
  result: Extract<AccumulateResult, { ok: true }>
  canonical: CanonicalRequest
} {
  if ('http' in t) throw new Error(`HTTP error: ${t.http.message}`)
  if (!t.result.ok) throw new Error(`stream error: ${t.result.error.message}`)
  return { result: t.result, canonical: t.canonical }
}

describe('Claude Code → ChatGPT backend', () => {
  const cc = capture('claude-stream-json', 2)
  const session = cc.headers['x-claude-code-session-id'] ?? ''

  it('runs a tool round trip with encrypted reasoning replayed as the thinking signature', async () => {
    const first = ok(await turn(cc.body, cc.headers))
    const sent = fake.responseRequests().at(-1)
    const body = sent?.body as JsonObject
    expect(body['model']).toBe('gpt-5.6-sol')
    expect(body['instructions']).toBe('')
    expect(body['prompt_cache_key']).toBe(session)
    expect(sent?.headers['session_id']).toBe(session)
    expect(sent?.headers['authorization']).toBe(`Bearer ${token}`)
    const input = body['input'] as JsonObject[]
    expect(input[0]).toMatchObject({ type: 'message', role: 'developer' })
    expect(JSON.stringify(input[0])).not.toContain('x-anthropic-billing-header')
    expect(JSON.stringify(input[0])).toContain('Claude')
    for (const field of ['max_output_tokens', 'temperature', 'metadata', 'user'])
      expect(body).not.toHaveProperty(field)

    const call = first.result.response.content.find((p) => p.type === 'tool_call')
    expect(call).toMatchObject({ type: 'tool_call', name: 'Bash' })
    expect(JSON.parse(call?.type === 'tool_call' ? call.arguments : '{}')).toMatchObject({
      command: 'echo hi',
    })
    expect(first.result.response.stopReason).toBe('tool_use')

    // Claude Code's next request: the assistant turn as it received it, plus the tool result.
    const message = anthropic.encodeResponse(first.result.response, {
      ...testContext(),
      model: 'claude-opus-4-8',
      request: first.canonical,
    }) as JsonObject
    const content = message['content'] as JsonObject[]
    const thinking = content.find((b) => b['type'] === 'thinking')
    expect(String(thinking?.['signature'])).not.toBe('')
    const toolUse = content.find((b) => b['type'] === 'tool_use')
    const messages = [
      ...(cc.body['messages'] as JsonObject[]),
      { role: 'assistant', content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: String(toolUse?.['id']), content: 'hi' }],
      },
    ]
    const second = ok(await turn({ ...cc.body, messages }, cc.headers))
    const replayed = (fake.responseRequests().at(-1)?.body as JsonObject)['input'] as JsonObject[]
    expect(
      replayed.some((i) => i['type'] === 'reasoning' && typeof i['encrypted_content'] === 'string'),
    ).toBe(true)
    const text = second.result.response.content
      .flatMap((p) => (p.type === 'text' ? [p.text] : []))
      .join('')
    expect(text).toBe(doneText('hi'))
    // Same session → same prompt_cache_key → the fake serves the prefix from cache.
    expect(second.result.response.usage.cachedInputTokens).toBeGreaterThan(0)
    expect(tracker.latest(fake.accountId)?.fiveHour?.label).toBe('5-hour')
  })

  it("turns a 429 usage limit into the client's rate-limit error with the reset time and retry-after", async () => {
    fake.failNext('usage-limit')
    const t = await turn(cc.body, cc.headers)
    if (!('http' in t)) throw new Error('expected an HTTP error')
    expect(t.http).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterSeconds: 3600 })
    expect(t.http.message).toMatch(
      /^ChatGPT usage limit reached \(5-hour window\); resets at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d UTC/,
    )
    const envelope = anthropic.encodeError(t.http)
    expect(envelope.status).toBe(429)
    expect(envelope.body).toMatchObject({ error: { type: 'rate_limit_error' } })
  })

  it('a rotated token answers 401; a retry with the new one succeeds', async () => {
    fake.setValidToken('fresh-token-2')
    try {
      const stale = await turn(cc.body, cc.headers)
      if (!('http' in stale)) throw new Error('expected 401')
      expect(stale.http).toMatchObject({ kind: 'authentication', code: 'token_expired' })
      expect(isAuthFailure(401)).toBe(true)
      token = 'fresh-token-2'
      ok(await turn(cc.body, cc.headers))
    } finally {
      fake.setValidToken(token)
    }
  })

  it('a mid-stream response.failed ends the answer as an error', async () => {
    fake.failNext('midstream-failed')
    const t = await turn(cc.body, cc.headers)
    if ('http' in t) throw new Error('expected a stream')
    expect(t.result.ok).toBe(false)
  })
})

describe('Codex CLI (same dialect, passthrough) → ChatGPT backend', () => {
  it('its own body, shaped, is accepted: developer prompt, client ids, namespace tools', async () => {
    const codex = capture('codex-responses', 1)
    const canonical = responses.decodeRequest(codex.body)
    const key = conversationKeyFor(codex.headers, canonical)
    expect(key.source).toBe('prompt_cache_key')
    const shaped = shapeChatgptBody(
      { ...codex.body, model: 'gpt-5.5' },
      { conversationKey: key.key },
    )
    const res = await fetch(`${fake.baseUrl}/responses`, {
      method: 'POST',
      headers: chatgptHeaders({
        accessToken: token,
        accountId: fake.accountId,
        sessionId: key.sessionId,
        incoming: codex.headers,
      }),
      body: JSON.stringify(shaped.body),
    })
    const text = await res.text()
    expect(res.status, text).toBe(200)
    expect(fake.responseRequests().at(-1)?.headers['x-codex-window-id']).toBe(
      codex.headers['x-codex-window-id'],
    )
  })
})
