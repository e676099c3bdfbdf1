// Self-test of the fake Responses upstream through the official openai SDK and the raw wire.
import OpenAI from 'openai'
import type {
  FunctionTool,
  ResponseCreateParamsBase,
  ResponseInputItem,
} from 'openai/resources/responses/responses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REASONING_TEXT, doneText, helloText, startFakeResponses } from './index.js'
import type { FakeServer } from './index.js'
import { payloads, rawPost } from './raw-sse.js'

const EXEC: FunctionTool = {
  type: 'function',
  name: 'exec_command',
  description: 'Runs a command',
  strict: false,
  parameters: {
    type: 'object',
    properties: { cmd: { type: 'string' }, workdir: { type: 'string' } },
    required: ['cmd'],
  },
}
const WEATHER: FunctionTool = {
  type: 'function',
  name: 'get_weather',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}

let fake: FakeServer
let client: OpenAI
const auth = (): Record<string, string> => ({ authorization: `Bearer ${fake.apiKey}` })

beforeAll(async () => {
  fake = await startFakeResponses()
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 })
})
afterAll(() => fake.close())

describe('fake-responses through openai', () => {
  it('answers a plain turn as JSON', async () => {
    const response = await client.responses.create({ model: 'gpt-5', input: 'Hi' })
    expect(response.output_text).toBe(helloText('responses', 'gpt-5'))
    expect(response.status).toBe('completed')
    expect(response.usage).toMatchObject({
      output_tokens: 5,
      total_tokens: response.usage!.input_tokens + 5,
    })
  })

  it('streams text deltas that ResponseStream accumulates', async () => {
    const stream = client.responses.stream({
      model: 'gpt-5',
      input: [{ role: 'user', content: 'Hi' }],
    })
    const deltas: string[] = []
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta))
    const final = await stream.finalResponse()
    expect(deltas.length).toBeGreaterThan(3)
    expect(deltas).toContain('🌍')
    expect(final.output_text).toBe(helloText('responses', 'gpt-5'))
  })

  it('runs a Codex-style tool round trip with encrypted reasoning and store:false', async () => {
    const base: Omit<ResponseCreateParamsBase, 'input' | 'stream'> = {
      model: 'gpt-5-codex',
      instructions: 'You are a coding agent.',
      tools: [WEATHER, EXEC],
      store: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
    }
    const input: ResponseInputItem[] = [
      { role: 'user', content: [{ type: 'input_text', text: 'say hi' }] },
    ]
    const first = await client.responses.stream({ ...base, input }).finalResponse()
    const [reasoning, call] = first.output
    if (reasoning?.type !== 'reasoning' || call?.type !== 'function_call')
      throw new Error('unexpected output')
    expect(reasoning.encrypted_content).toMatch(/^gAAAAB/)
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: REASONING_TEXT }])
    expect(call).toMatchObject({ name: 'exec_command', arguments: '{"cmd":"echo hi"}' })
    expect(first.usage?.output_tokens_details.reasoning_tokens).toBe(2)
    input.push(reasoning, call, {
      type: 'function_call_output',
      call_id: call.call_id,
      output: 'hi',
    })
    const second = await client.responses.create({ ...base, input })
    expect(second.output_text).toBe(doneText('hi'))
    const sent = fake.requests.at(-1)?.body as { tools: { strict: boolean }[] }
    expect(sent.tools.map((t) => t.strict)).toEqual([true, false])
  })

  it('leaves encrypted_content out unless include asks for it', async () => {
    const response = await client.responses.create({
      model: 'gpt-5',
      input: 'Hi',
      reasoning: { effort: 'low' },
    })
    expect(response.output[0]).toEqual({
      id: expect.stringMatching(/^rs_/),
      type: 'reasoning',
      summary: [],
    })
  })

  it('calls two tools for a model named *parallel*', async () => {
    const final = await client.responses
      .stream({ model: 'gpt-parallel', input: 'x', tools: [WEATHER, EXEC] })
      .finalResponse()
    const calls = final.output.filter((o) => o.type === 'function_call')
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['exec_command', { cmd: 'echo hi' }],
      ['get_weather', { city: 'London' }],
    ])
    expect(new Set(calls.map((c) => c.call_id)).size).toBe(2)
  })

  it('rejects a wrong key with 401 and the OpenAI envelope', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key', baseURL: fake.url, maxRetries: 0 })
    const error = await wrong.responses
      .create({ model: 'gpt-5', input: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    })
  })

  it('numbers every SSE event from 0 and names it with a matching event: line', async () => {
    const reply = await rawPost(
      `${fake.url}/responses`,
      { model: 'm', input: 'x', stream: true },
      auth(),
    )
    const events = payloads(reply)
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i))
    expect(reply.frames.map((f) => f.event)).toEqual(events.map((e) => e.type))
    expect(events[0]?.type).toBe('response.created')
    expect(events[1]?.type).toBe('response.in_progress')
    expect(events.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { status: 'completed' },
    })
  })
})

describe('fake-responses validation (400)', () => {
  const user = { role: 'user', content: 'x' }
  const fc = { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{}' }
  const cases: [string, Record<string, unknown>, string][] = [
    ['model', { input: 'x' }, "Missing required parameter: 'model'."],
    ['input', { model: 'm' }, "Missing required parameter: 'input'."],
    [
      'implicit strict',
      { model: 'm', input: 'x', tools: [{ ...EXEC, strict: undefined }] },
      "'tools[0].strict'",
    ],
    [
      'previous_response_id',
      { model: 'm', input: 'x', previous_response_id: 'resp_1' },
      "Previous response with id 'resp_1' not found.",
    ],
    [
      'orphan output',
      {
        model: 'm',
        input: [user, { type: 'function_call_output', call_id: 'call_9', output: 'x' }],
      },
      'No tool call found for function call output with call_id call_9.',
    ],
    [
      'unanswered call',
      { model: 'm', input: [user, fc, user] },
      'No tool output found for function call call_1.',
    ],
    [
      'reasoning without blob',
      {
        model: 'm',
        store: false,
        input: [user, { type: 'reasoning', id: 'rs_1', summary: [] }, fc],
      },
      'Items are not persisted when `store` is set to false',
    ],
    [
      'foreign blob',
      {
        model: 'm',
        input: [
          user,
          { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAABxyz' },
          fc,
        ],
      },
      'could not be verified',
    ],
    [
      'input_text in assistant',
      { model: 'm', input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'a' }] }] },
      "Invalid value: 'input_text'.",
    ],
  ]
  it.each(cases)('rejects %s', async (_name, body, message) => {
    const reply = await rawPost(`${fake.url}/responses`, body, auth())
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.text)).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining(message) },
    })
  })

  it('surfaces as BadRequestError in the SDK', async () => {
    const error = await client.responses
      .create({ model: 'm', input: 'x', previous_response_id: 'resp_gone' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect(error).toMatchObject({
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    })
  })
})
