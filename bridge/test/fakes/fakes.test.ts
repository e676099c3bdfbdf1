// Self-test of the fake Anthropic upstream through the official SDK, plus startAllFakes.
import Anthropic from '@anthropic-ai/sdk'
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REASONING_TEXT, doneText, helloText, startAllFakes, startFakeAnthropic } from './index.js'
import type { FakeServer } from './index.js'
import { payloads, rawPost } from './raw-sse.js'

const BASH: Tool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: {
    type: 'object',
    properties: { command: { type: 'string' }, description: { type: 'string' } },
    required: ['command'],
  },
}
const READ: Tool = {
  name: 'Read',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' } },
    required: ['file_path'],
  },
}

let fake: FakeServer
let client: Anthropic

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-test' })
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 0 })
})
afterAll(() => fake.close())

describe('fake-anthropic through @anthropic-ai/sdk', () => {
  it('answers a plain turn as JSON with usage derived from the body', async () => {
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(message.content).toEqual([
      { type: 'text', text: helloText('anthropic', 'claude-test'), citations: null },
    ])
    expect(message.stop_reason).toBe('end_turn')
    expect(message.usage.output_tokens).toBe(5)
    const request = fake.requests.at(-1)
    expect(request?.path).toBe('/v1/messages')
    expect(message.usage.input_tokens).toBe(Math.ceil(JSON.stringify(request?.body).length / 4))
  })

  it('streams text in several deltas, multi-byte included', async () => {
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    const deltas: string[] = []
    stream.on('text', (text) => deltas.push(text))
    const final = await stream.finalMessage()
    expect(deltas.length).toBeGreaterThan(3)
    expect(deltas).toContain('🌍')
    expect(deltas.join('')).toBe(helloText('anthropic', 'claude-test'))
    expect(final.content[0]).toMatchObject({ type: 'text', text: deltas.join('') })
    expect(final.stop_reason).toBe('end_turn')
  })

  it('runs a full tool round trip, streaming, through ?beta=true as Claude Code calls it', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'say hi' }]
    const first = await client.beta.messages
      .stream(
        { model: 'claude-test', max_tokens: 512, tools: [READ, BASH], messages },
        { query: { beta: 'true' } },
      )
      .finalMessage()
    expect(fake.requests.at(-1)?.url).toBe('/v1/messages?beta=true')
    expect(first.stop_reason).toBe('tool_use')
    const call = first.content[0]
    if (call?.type !== 'tool_use') throw new Error('expected tool_use')
    expect(call.name).toBe('Bash')
    expect(call.input).toEqual({ command: 'echo hi' })
    expect(call.id).toMatch(/^[a-zA-Z0-9_-]+$/)
    messages.push(
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: call.id, content: 'hi\n' },
          { type: 'text', text: 'go on' },
        ],
      },
    )
    const second = await client.messages.create({
      model: 'claude-test',
      max_tokens: 512,
      tools: [BASH],
      messages,
    })
    expect(second.content).toEqual([{ type: 'text', text: doneText('hi\n'), citations: null }])
    expect(doneText('x'.repeat(50))).toBe(`done: ${'x'.repeat(40)}`)
  })

  it('calls two tools at once for a model named *parallel*', async () => {
    const final = await client.messages
      .stream({
        model: 'claude-parallel',
        max_tokens: 512,
        tools: [BASH, READ],
        messages: [{ role: 'user', content: 'x' }],
      })
      .finalMessage()
    expect(final.content.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : b.type))).toEqual([
      ['Bash', { command: 'echo hi' }],
      ['Read', { file_path: 'fake-file_path' }],
    ])
  })

  it('streams a signed thinking block that verifies when sent back, and rejects a forged one', async () => {
    const params = {
      model: 'claude-test',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    } as const
    const first = await client.messages
      .stream({ ...params, tools: [BASH], messages: [{ role: 'user', content: 'x' }] })
      .finalMessage()
    const [thinking, call] = first.content
    if (thinking?.type !== 'thinking' || call?.type !== 'tool_use')
      throw new Error('expected thinking + tool_use')
    expect(thinking.thinking).toBe(REASONING_TEXT)
    expect(thinking.signature.length).toBeGreaterThan(10)
    const turn = (signature: string): MessageParam[] => [
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: thinking.thinking, signature },
          { type: 'tool_use', id: call.id, name: call.name, input: call.input },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'ok' }] },
    ]
    const second = await client.messages.create({
      ...params,
      tools: [BASH],
      messages: turn(thinking.signature),
    })
    expect(second.content.map((b) => b.type)).toEqual(['thinking', 'text'])
    await expect(
      client.messages.create({ ...params, tools: [BASH], messages: turn('Zm9yZ2Vk') }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Invalid `signature`'),
    })
  })

  it('counts tokens', async () => {
    const count = await client.messages.countTokens({
      model: 'claude-test',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(count.input_tokens).toBeGreaterThan(0)
  })

  it('accepts Authorization: Bearer and rejects a wrong key with the Anthropic envelope', async () => {
    const oauth = new Anthropic({
      apiKey: null,
      authToken: 'sk-ant-test',
      baseURL: fake.url,
      maxRetries: 0,
    })
    await expect(oauth.models.list()).resolves.toBeDefined()
    const wrong = new Anthropic({ apiKey: 'nope', baseURL: fake.url, maxRetries: 0 })
    const error = await wrong.messages
      .create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
    expect(error).toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error' } },
    })
  })
})

describe('fake-anthropic validation (400 invalid_request_error)', () => {
  const user = { role: 'user', content: 'x' }
  const use = (id: string) => ({
    role: 'assistant',
    content: [{ type: 'tool_use', id, name: 'Bash', input: {} }],
  })
  const result = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'ok' })
  const cases: [string, Record<string, unknown>, string][] = [
    ['model', { max_tokens: 5, messages: [user] }, 'model: Field required'],
    ['max_tokens', { model: 'm', messages: [user] }, 'max_tokens: Field required'],
    ['messages', { model: 'm', max_tokens: 5 }, 'messages: Field required'],
    [
      "an OpenAI field (a translation's leak)",
      { model: 'm', max_tokens: 5, messages: [user], max_completion_tokens: 5 },
      'max_completion_tokens: Extra inputs are not permitted',
    ],
    [
      'unanswered tool_use',
      { model: 'm', max_tokens: 5, messages: [user, use('toolu_1'), user] },
      'tool_use` ids were found without',
    ],
    [
      'result not first',
      {
        model: 'm',
        max_tokens: 5,
        messages: [
          user,
          use('toolu_1'),
          { role: 'user', content: [{ type: 'text', text: 'a' }, result('toolu_1')] },
        ],
      },
      'must come first',
    ],
    [
      'stray tool_result',
      { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [result('toolu_9')] }] },
      'unexpected `tool_use_id`',
    ],
    [
      'tool id pattern',
      {
        model: 'm',
        max_tokens: 5,
        messages: [user, use('call.1'), { role: 'user', content: [result('call.1')] }],
      },
      "String should match pattern '^[a-zA-Z0-9_-]+$'",
    ],
    [
      'budget < 1024',
      {
        model: 'm',
        max_tokens: 5000,
        thinking: { type: 'enabled', budget_tokens: 512 },
        messages: [user],
      },
      'greater than or equal to 1024',
    ],
    [
      'budget >= max_tokens',
      {
        model: 'm',
        max_tokens: 1024,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [user],
      },
      '`max_tokens` must be greater than `thinking.budget_tokens`',
    ],
  ]
  it.each(cases)('rejects %s', async (_name, body, message) => {
    const reply = await rawPost(`${fake.url}/v1/messages`, body, { 'x-api-key': 'sk-ant-test' })
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.text)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining(message) },
    })
  })

  it('accepts a valid pair and frames every SSE event with a matching event: line', async () => {
    const messages = [user, use('toolu_1'), { role: 'user', content: [result('toolu_1')] }]
    const reply = await rawPost(
      `${fake.url}/v1/messages`,
      { model: 'm', max_tokens: 5, stream: true, messages },
      { 'x-api-key': 'sk-ant-test' },
    )
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/event-stream')
    const types = payloads(reply).map((p) => p.type)
    expect(reply.frames.map((f) => f.event)).toEqual(types)
    expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping'])
    expect(types.slice(-4)).toEqual([
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
  })
})

describe('startAllFakes', () => {
  it('starts the three dialects on distinct loopback ports with SDK-style base URLs', async () => {
    const all = await startAllFakes()
    try {
      expect(all.anthropic.url).toBe(all.anthropic.origin)
      expect(all.responses.url).toBe(`${all.responses.origin}/v1`)
      expect(all.chat.url).toBe(`${all.chat.origin}/v1`)
      expect(new Set([all.anthropic.origin, all.responses.origin, all.chat.origin]).size).toBe(3)
      expect(all.chat.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    } finally {
      await all.close()
    }
  })
})
