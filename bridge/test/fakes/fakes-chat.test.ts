// Self-test of the fake Chat Completions upstream through the official openai SDK and the raw wire.
import OpenAI from 'openai'
import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REASONING_TEXT, doneText, helloText, startFakeChat } from './index.js'
import type { FakeServer } from './index.js'
import { payloads, rawPost } from './raw-sse.js'

const tool = (name: string, required: string): ChatCompletionTool => ({
  type: 'function',
  function: {
    name,
    parameters: {
      type: 'object',
      properties: { [required]: { type: 'string' } },
      required: [required],
    },
  },
})
const WEATHER = tool('get_weather', 'city')
const SEARCH = tool('search', 'query')

let fake: FakeServer
let client: OpenAI
const auth = (): Record<string, string> => ({ authorization: `Bearer ${fake.apiKey}` })

beforeAll(async () => {
  fake = await startFakeChat({ apiKey: 'sk-chat' })
  client = new OpenAI({ apiKey: 'sk-chat', baseURL: fake.url, maxRetries: 0 })
})
afterAll(() => fake.close())

describe('fake-chat through openai', () => {
  it('answers a plain turn as JSON', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(completion.choices[0]?.message.content).toBe(helloText('chat', 'gpt-4o'))
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage?.completion_tokens).toBe(5)
  })

  it('streams content deltas and a usage chunk that ChatCompletionStream accepts', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    })
    const deltas: string[] = []
    stream.on('content.delta', ({ delta }) => deltas.push(delta))
    const final = await stream.finalChatCompletion()
    expect(deltas).toContain('🌍')
    expect(deltas.join('')).toBe(helloText('chat', 'gpt-4o'))
    expect(final.choices[0]?.message.content).toBe(deltas.join(''))
    expect(final.usage?.completion_tokens).toBe(deltas.length)
  })

  it('runs a full tool round trip, streaming', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'weather?' }]
    const first = await client.chat.completions
      .stream({ model: 'gpt-4o', messages, tools: [SEARCH, WEATHER] })
      .finalChatCompletion()
    const choice = first.choices[0]
    expect(choice?.finish_reason).toBe('tool_calls')
    const call = choice?.message.tool_calls?.[0]
    if (call?.type !== 'function') throw new Error('expected a function call')
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' })
    expect(call.id.length).toBeLessThanOrEqual(40)
    messages.push(
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: call.id, content: '18C and sunny' },
    )
    const second = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      tools: [WEATHER],
    })
    expect(second.choices[0]?.message.content).toBe(doneText('18C and sunny'))
  })

  it('interleaves two parallel calls by index, with id/type/name only in each first delta', async () => {
    const body = {
      model: 'gpt-parallel',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
      tools: [WEATHER, SEARCH],
    }
    const reply = await rawPost(`${fake.url}/chat/completions`, body, auth())
    type Delta = {
      index: number
      id?: string
      type?: string
      function: { name?: string; arguments?: string }
    }
    const deltas = payloads(reply).flatMap((chunk) => {
      const choices = chunk.choices as { delta: { tool_calls?: Delta[] } }[]
      return choices[0]?.delta.tool_calls ?? []
    })
    const order = deltas.map((d) => d.index)
    expect(order.slice(0, 2)).toEqual([0, 1])
    expect(order.slice(2, 4)).toEqual([0, 1])
    for (const index of [0, 1]) {
      const mine = deltas.filter((d) => d.index === index)
      expect(mine[0]).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function' })
      expect(
        mine
          .slice(1)
          .every(
            (d) => d.id === undefined && d.type === undefined && d.function.name === undefined,
          ),
      ).toBe(true)
    }
    const final = await client.chat.completions
      .stream({
        ...body,
        stream: true,
        tools: [WEATHER, SEARCH],
        messages: [{ role: 'user', content: 'x' }],
      })
      .finalChatCompletion()
    expect(
      final.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? c.function : null)),
    ).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'search', arguments: '{"query":"fake-query"}' },
    ])
  })

  it('streams reasoning_content when reasoning_effort is set', async () => {
    const body = {
      model: 'deepseek',
      stream: true,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'x' }],
    }
    const reply = await rawPost(`${fake.url}/chat/completions`, body, auth())
    const reasoning = payloads(reply)
      .map(
        (c) =>
          (c.choices as { delta: { reasoning_content?: string } }[])[0]?.delta.reasoning_content ??
          '',
      )
      .join('')
    expect(reasoning).toBe(REASONING_TEXT)
    const json = await client.chat.completions.create({
      model: 'deepseek',
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'x' }],
    })
    expect(json.choices[0]?.message).toMatchObject({ reasoning_content: REASONING_TEXT })
    expect(json.usage?.completion_tokens_details?.reasoning_tokens).toBe(2)
  })

  it('frames chunks with data: only, role first, usage:null until the usage chunk, then [DONE]', async () => {
    const body = {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'x' }],
    }
    const reply = await rawPost(`${fake.url}/chat/completions`, body, auth())
    expect(reply.frames.every((f) => f.event === undefined)).toBe(true)
    expect(reply.frames.at(-1)?.data).toBe('[DONE]')
    const chunks = payloads(reply)
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant' } }],
    })
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true)
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: expect.any(Number) },
    })
    expect(chunks.at(-2)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] })
  })

  it('rejects a wrong key with 401', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-nope-1234', baseURL: fake.url, maxRetries: 0 })
    const error = await wrong.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' })
  })
})

describe('fake-chat validation (400)', () => {
  const user = { role: 'user', content: 'x' }
  const asked = (id: string, name = 'get_weather') => ({
    role: 'assistant',
    content: null,
    tool_calls: [{ id, type: 'function', function: { name, arguments: '{}' } }],
  })
  const answer = (id: string) => ({ role: 'tool', tool_call_id: id, content: 'ok' })
  const cases: [string, Record<string, unknown>, string][] = [
    ['model', { messages: [user] }, 'you must provide a model parameter'],
    ['messages', { model: 'm' }, "Missing required parameter: 'messages'."],
    [
      'orphan tool message',
      { model: 'm', messages: [user, answer('call_1')] },
      "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'",
    ],
    [
      'tool message after a user turn',
      { model: 'm', messages: [user, asked('call_1'), answer('call_1'), user, answer('call_1')] },
      'must be a response to a preceeding message',
    ],
    [
      'unanswered call',
      { model: 'm', messages: [user, asked('call_1'), user] },
      'did not have response messages: call_1',
    ],
    [
      'id over 40 chars',
      { model: 'm', messages: [user, asked('c'.repeat(41)), answer('c'.repeat(41))] },
      'Expected a string with maximum length 40, but got a string with length 41',
    ],
    [
      'bad call name',
      { model: 'm', messages: [user, asked('call_1', 'bad.name'), answer('call_1')] },
      "Invalid 'messages[1].tool_calls[0].function.name'",
    ],
    [
      'bad tool name',
      { model: 'm', messages: [user], tools: [tool('has space', 'q')] },
      "Invalid 'tools[0].function.name'",
    ],
    [
      "a Responses field (a translation's leak)",
      { model: 'm', messages: [user], reasoning: { effort: 'low' } },
      'Unrecognized request argument supplied: reasoning',
    ],
    [
      'an Anthropic field',
      { model: 'm', messages: [user], system: 'be brief' },
      'Unrecognized request argument supplied: system',
    ],
    [
      'stream_options without stream',
      { model: 'm', messages: [user], stream_options: { include_usage: true } },
      "'stream_options' parameter is only allowed",
    ],
  ]
  it.each(cases)('rejects %s', async (_name, body, message) => {
    const reply = await rawPost(`${fake.url}/chat/completions`, body, auth())
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.text)).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining(message) },
    })
  })
})
