// The fake Codex backend over real sockets, with the openai SDK as the oracle, every rule and every fault.
import OpenAI from 'openai'
import type {
  FunctionTool,
  ResponseInputItem,
  ResponseOutputItem,
} from 'openai/resources/responses/responses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import type { FakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import { payloads, rawPost } from '../../fakes/raw-sse.js'
import { REASONING_TEXT, doneText, helloText } from '../../fakes/scripted-reply.js'

const EXEC: FunctionTool = {
  type: 'function',
  name: 'exec_command',
  description: 'Runs a command',
  strict: false,
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
}

let fake: FakeCodexBackend

const headersFor = (key = 'conv-1'): Record<string, string> => ({
  authorization: `Bearer ${fake.validToken}`,
  'chatgpt-account-id': fake.accountId,
  session_id: key,
})

function sdk(key = 'conv-1'): OpenAI {
  return new OpenAI({
    apiKey: fake.validToken,
    baseURL: fake.baseUrl,
    maxRetries: 0,
    defaultHeaders: { 'chatgpt-account-id': fake.accountId, session_id: key },
  })
}

const base = {
  model: 'gpt-5.6-terra',
  instructions: '',
  store: false,
  include: ['reasoning.encrypted_content' as const],
  prompt_cache_key: 'conv-1',
}

function okBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...base,
    stream: true,
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
    ...extra,
  }
}

beforeAll(async () => {
  // openai-node's responses.stream() throws on Codex's own codex.rate_limits event: these tests read the rest.
  fake = await startFakeCodexBackend({ rateLimitsEvent: false })
})
afterAll(() => fake.close())

describe('fake codex backend through the openai SDK', () => {
  it('streams a tool round trip whose response.completed carries no output, with verifiable reasoning', async () => {
    const done: ResponseOutputItem[] = []
    const first = sdk().responses.stream({
      ...base,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'run it' }] }],
      tools: [EXEC],
      reasoning: { effort: 'medium', summary: 'auto' },
    })
    first.on('response.output_item.done', (e) => done.push(e.item))
    const summary: string[] = []
    first.on('response.reasoning_summary_text.delta', (e) => summary.push(e.delta))
    const final1 = await first.finalResponse()
    // Like the real backend: the answer lives only in the output_item.done events.
    expect(final1.output).toEqual([])
    expect(summary.join('')).toBe(REASONING_TEXT)
    const [reasoning, call] = done
    if (reasoning?.type !== 'reasoning' || call?.type !== 'function_call')
      throw new Error(`unexpected items ${JSON.stringify(done)}`)
    expect(reasoning.encrypted_content).toMatch(/^gAAAAB/)
    expect(call.name).toBe('exec_command')
    expect(JSON.parse(call.arguments)).toEqual({ cmd: 'echo hi' })
    expect(final1.usage?.input_tokens_details.cached_tokens).toBe(0)

    const replay: ResponseInputItem[] = [
      { role: 'user', content: [{ type: 'input_text', text: 'run it' }] },
      {
        type: 'reasoning',
        summary: reasoning.summary,
        encrypted_content: reasoning.encrypted_content ?? null,
      } as ResponseInputItem,
      { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
      { type: 'function_call_output', call_id: call.call_id, output: 'hi' },
    ]
    const texts: string[] = []
    const second = sdk().responses.stream({
      ...base,
      input: replay,
      tools: [EXEC],
      reasoning: { effort: 'medium' },
    })
    second.on('response.output_text.delta', (e) => texts.push(e.delta))
    const final2 = await second.finalResponse()
    expect(texts.join('')).toBe(doneText('hi'))
    // Same prompt_cache_key: the second turn reads the first turn's prompt from cache.
    expect(final2.usage?.input_tokens_details.cached_tokens).toBeGreaterThan(0)
  })

  it('puts the items in response.completed when asked to', async () => {
    const full = await startFakeCodexBackend({ completedOutput: 'full', rateLimitsEvent: false })
    try {
      const client = new OpenAI({
        apiKey: full.validToken,
        baseURL: full.baseUrl,
        maxRetries: 0,
        defaultHeaders: { 'chatgpt-account-id': full.accountId, session_id: 'conv-1' },
      })
      const final = await client.responses
        .stream({ ...base, input: 'x' as never })
        .finalResponse()
        .catch((e: unknown) => e)
      // A string input is refused even here ("Input must be a list"); a list works.
      expect(final).toBeInstanceOf(OpenAI.BadRequestError)
      const ok = await client.responses
        .stream({ ...base, input: [{ role: 'user', content: 'Hi' }] })
        .finalResponse()
      expect(ok.output_text).toBe(helloText('responses', 'gpt-5.6-terra'))
    } finally {
      await full.close()
    }
  })

  it('sends the usage headers on every answer', async () => {
    const { response } = await sdk()
      .responses.create({ ...base, stream: true, input: [{ role: 'user', content: 'Hi' }] })
      .withResponse()
    expect(response.headers.get('x-codex-primary-window-minutes')).toBe('300')
    expect(response.headers.get('x-codex-secondary-window-minutes')).toBe('10080')
    expect(Number(response.headers.get('x-codex-primary-reset-at'))).toBeGreaterThan(
      Date.now() / 1000,
    )
    expect(response.headers.get('x-codex-credits-has-credits')).toBe('False')
  })
})

describe('fake codex backend rules', () => {
  const url = (): string => `${fake.baseUrl}/responses`

  it('accepts the request at /responses too and records it', async () => {
    const before = fake.responseRequests().length
    const reply = await rawPost(`${fake.origin}/responses`, okBody(), headersFor())
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/event-stream')
    const types = payloads(reply).map((p) => p.type)
    expect(types[0]).toBe('response.created')
    expect(types.at(-1)).toBe('response.completed')
    expect(reply.frames.every((f) => f.event === JSON.parse(f.data).type)).toBe(true)
    expect(fake.responseRequests().length).toBe(before + 1)
  })

  it.each([
    ['store true', { store: true }, 400, { detail: 'Store must be set to false' }],
    ['store missing', { store: undefined }, 400, { detail: 'Store must be set to false' }],
    ['stream false', { stream: false }, 400, { detail: 'Stream must be set to true' }],
    ['no instructions', { instructions: undefined }, 400, { detail: 'Instructions are required' }],
    ['string input', { input: 'hi' }, 400, { detail: 'Input must be a list' }],
    [
      'max_output_tokens',
      { max_output_tokens: 100 },
      400,
      { detail: 'Unsupported parameter: max_output_tokens' },
    ],
    ['temperature', { temperature: 0.2 }, 400, { detail: 'Unsupported parameter: temperature' }],
    ['metadata', { metadata: { a: 'b' } }, 400, { detail: 'Unsupported parameter: metadata' }],
    [
      'previous_response_id',
      { previous_response_id: 'resp_1' },
      400,
      { detail: 'Unsupported parameter: previous_response_id' },
    ],
    [
      'service_tier flex',
      { service_tier: 'flex' },
      400,
      { detail: 'Unsupported parameter: service_tier' },
    ],
    [
      'unknown model',
      { model: 'gpt-5.3-codex' },
      400,
      {
        detail:
          "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account.",
      },
    ],
    [
      'system role',
      { input: [{ role: 'system', content: 'x' }] },
      400,
      { detail: 'System messages are not allowed' },
    ],
    [
      'no include (strict)',
      { include: [] },
      400,
      { detail: 'fake-codex strict: include must contain reasoning.encrypted_content' },
    ],
  ])('rejects %s', async (_name, patch, status, body) => {
    const reply = await rawPost(url(), okBody(patch), headersFor())
    expect(reply.status).toBe(status)
    expect(JSON.parse(reply.text)).toEqual(body)
  })

  it('rejects an effort the model does not take, in the OpenAI error shape', async () => {
    const reply = await rawPost(
      url(),
      okBody({ model: 'gpt-5.6-sol', reasoning: { effort: 'minimal' } }),
      headersFor(),
    )
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.text)).toEqual({
      error: {
        message:
          "Unsupported value: 'minimal' is not supported with the 'gpt-5.6-sol' model. Supported values are: 'none', 'low', 'medium', 'high', 'xhigh', and 'max'.",
        type: 'invalid_request_error',
        param: 'reasoning.effort',
        code: 'unsupported_value',
      },
    })
  })

  it('rejects nested (Chat Completions) tools, forged reasoning and its own item ids', async () => {
    const nested = await rawPost(
      url(),
      okBody({ tools: [{ type: 'function', function: { name: 'x', parameters: {} } }] }),
      headersFor(),
    )
    expect(JSON.parse(nested.text)).toMatchObject({
      error: {
        message: "Missing required parameter: 'tools[0].name'.",
        code: 'missing_required_parameter',
      },
    })
    const forged = await rawPost(
      url(),
      okBody({
        input: [
          { type: 'reasoning', summary: [], encrypted_content: 'gAAAABforged' },
          { role: 'user', content: 'x' },
        ],
      }),
      headersFor(),
    )
    expect(forged.status).toBe(400)
    expect(JSON.parse(forged.text)).toMatchObject({ error: { code: 'invalid_encrypted_content' } })
    const first = payloads(await rawPost(url(), okBody(), headersFor()))
    const done = first.find(
      (p) =>
        p.type === 'response.output_item.done' && (p.item as { type: string }).type === 'message',
    )
    const id = (done?.item as { id: string }).id
    const replay = await rawPost(
      url(),
      okBody({
        input: [
          { role: 'user', content: 'x' },
          { id, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'y' }] },
        ],
      }),
      headersFor(),
    )
    expect(replay.status).toBe(404)
    expect(JSON.parse(replay.text)).toMatchObject({
      error: {
        message: expect.stringContaining(
          `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false.`,
        ),
      },
    })
  })

  it('checks the token and the account header, and rotates tokens', async () => {
    const none = await rawPost(url(), okBody(), {
      'chatgpt-account-id': fake.accountId,
      session_id: 'conv-1',
    })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.text)).toEqual({ detail: 'Unauthorized' })
    expect(none.headers.get('x-openai-authorization-error')).toBe('missing_authorization_header')
    const noAccount = await rawPost(url(), okBody(), {
      authorization: `Bearer ${fake.validToken}`,
      session_id: 'conv-1',
    })
    expect(noAccount.status).toBe(403)

    const old = fake.validToken
    fake.setValidToken('rotated-token-2')
    try {
      const stale = await rawPost(url(), okBody(), {
        ...headersFor(),
        authorization: `Bearer ${old}`,
      })
      expect(stale.status).toBe(401)
      expect(stale.headers.get('x-openai-authorization-error')).toBe('token_expired')
      const errorJson = JSON.parse(
        Buffer.from(stale.headers.get('x-error-json') ?? '', 'base64').toString('utf8'),
      )
      expect(errorJson).toEqual({ error: { code: 'token_expired' } })
      expect((await rawPost(url(), okBody(), headersFor())).status).toBe(200)
    } finally {
      fake.setValidToken(old)
    }
  })

  it('checks that the session header matches prompt_cache_key (strict)', async () => {
    const reply = await rawPost(url(), okBody(), headersFor('other-key'))
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.text).detail).toContain('differs from prompt_cache_key')
  })
})
