// All 9 client × upstream pairs over real sockets, driven by the official SDKs: text streaming and not,
// and a full tool round trip (tool call, tool result, final text).
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderSettings } from '../../config/schema.js'
import {
  doneText,
  helloText,
  startAllFakes,
  type AllFakes,
  type FakeDialect,
  type FakeServer,
} from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const UPSTREAMS: {
  kind: ProviderSettings['kind']
  fake: keyof Omit<AllFakes, 'close'>
  dialect: FakeDialect
}[] = [
  { kind: 'openai-chat', fake: 'chat', dialect: 'chat' },
  { kind: 'openai-responses', fake: 'responses', dialect: 'responses' },
  { kind: 'anthropic', fake: 'anthropic', dialect: 'anthropic' },
]

const weatherSchema = {
  type: 'object' as const,
  properties: { city: { type: 'string' } },
  required: ['city'],
}

let fakes: AllFakes
beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

for (const up of UPSTREAMS) {
  describe(`upstream ${up.kind}`, () => {
    let gw: RunningGateway
    let fake: FakeServer
    beforeAll(async () => {
      fake = fakes[up.fake]
      gw = await startGateway(settingsFor(up.kind, fake))
    })
    afterAll(async () => {
      await gw.close()
    })
    const hello = (model: string): string => helloText(up.dialect, model)

    describe('Anthropic Messages client', () => {
      const client = (): Anthropic =>
        new Anthropic({ apiKey: ACCESS_KEY, baseURL: gw.url, maxRetries: 0 })
      it('answers text without streaming', async () => {
        const msg = await client().messages.create({
          model: 'm-a',
          max_tokens: 200,
          messages: [{ role: 'user', content: 'hi' }],
        })
        expect(msg.content).toEqual([expect.objectContaining({ type: 'text', text: hello('m-a') })])
        expect(msg.stop_reason).toBe('end_turn')
        expect(msg.usage.output_tokens).toBeGreaterThan(0)
      })
      it('streams text', async () => {
        const msg = await client()
          .messages.stream({
            model: 'm-a',
            max_tokens: 200,
            messages: [{ role: 'user', content: 'hi' }],
          })
          .finalMessage()
        expect(msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('')).toBe(
          hello('m-a'),
        )
      })
      it('runs a tool round trip', async () => {
        const tools = [
          { name: 'get_weather', description: 'Weather for a city', input_schema: weatherSchema },
        ]
        const first = await client()
          .messages.stream({
            model: 'm-a',
            max_tokens: 200,
            tools,
            messages: [{ role: 'user', content: 'weather?' }],
          })
          .finalMessage()
        expect(first.stop_reason).toBe('tool_use')
        const call = first.content.find((b) => b.type === 'tool_use')
        expect(call).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } })
        if (call?.type !== 'tool_use') throw new Error('no tool call')
        const second = await client().messages.create({
          model: 'm-a',
          max_tokens: 200,
          tools,
          messages: [
            { role: 'user', content: 'weather?' },
            { role: 'assistant', content: first.content },
            {
              role: 'user',
              content: [{ type: 'tool_result', tool_use_id: call.id, content: '18C and sunny' }],
            },
          ],
        })
        expect(second.content).toEqual([
          expect.objectContaining({ type: 'text', text: doneText('18C and sunny') }),
        ])
      })
    })

    describe('OpenAI Responses client', () => {
      const client = (): OpenAI =>
        new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
      it('answers text without streaming', async () => {
        const res = await client().responses.create({ model: 'm-r', input: 'hi' })
        expect(res.status).toBe('completed')
        expect(res.output_text).toBe(hello('m-r'))
      })
      it('streams text', async () => {
        const res = await client().responses.stream({ model: 'm-r', input: 'hi' }).finalResponse()
        expect(res.output_text).toBe(hello('m-r'))
        expect(res.usage?.total_tokens).toBeGreaterThan(0)
      })
      it('runs a tool round trip', async () => {
        const tools = [
          {
            type: 'function' as const,
            name: 'get_weather',
            description: 'Weather',
            parameters: weatherSchema,
            strict: false,
          },
        ]
        const first = await client()
          .responses.stream({ model: 'm-r', input: 'weather?', tools })
          .finalResponse()
        const call = first.output.find((i) => i.type === 'function_call')
        if (call?.type !== 'function_call') throw new Error('no function call')
        expect(call.name).toBe('get_weather')
        expect(JSON.parse(call.arguments)).toEqual({ city: expect.any(String) })
        const second = await client().responses.create({
          model: 'm-r',
          tools,
          input: [
            { role: 'user', content: 'weather?' },
            {
              type: 'function_call',
              call_id: call.call_id,
              name: call.name,
              arguments: call.arguments,
            },
            { type: 'function_call_output', call_id: call.call_id, output: '18C and sunny' },
          ],
        })
        expect(second.output_text).toBe(doneText('18C and sunny'))
      })
    })

    describe('OpenAI Chat Completions client', () => {
      const client = (): OpenAI =>
        new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
      it('answers text without streaming', async () => {
        const res = await client().chat.completions.create({
          model: 'm-c',
          messages: [{ role: 'user', content: 'hi' }],
        })
        expect(res.choices[0]?.message.content).toBe(hello('m-c'))
        expect(res.choices[0]?.finish_reason).toBe('stop')
      })
      it('streams text with usage', async () => {
        const res = await client()
          .chat.completions.stream({
            model: 'm-c',
            messages: [{ role: 'user', content: 'hi' }],
            stream_options: { include_usage: true },
          })
          .finalChatCompletion()
        expect(res.choices[0]?.message.content).toBe(hello('m-c'))
        expect(res.usage?.completion_tokens).toBeGreaterThan(0)
      })
      it('runs a tool round trip', async () => {
        const tools = [
          {
            type: 'function' as const,
            function: { name: 'get_weather', description: 'Weather', parameters: weatherSchema },
          },
        ]
        const first = await client()
          .chat.completions.stream({
            model: 'm-c',
            tools,
            messages: [{ role: 'user', content: 'weather?' }],
          })
          .finalChatCompletion()
        const choice = first.choices[0]
        expect(choice?.finish_reason).toBe('tool_calls')
        const call = choice?.message.tool_calls?.[0]
        if (!call || call.type !== 'function') throw new Error('no tool call')
        expect(call.function.name).toBe('get_weather')
        const second = await client().chat.completions.create({
          model: 'm-c',
          tools,
          messages: [
            { role: 'user', content: 'weather?' },
            { role: 'assistant', content: null, tool_calls: [call] },
            { role: 'tool', tool_call_id: call.id, content: '18C and sunny' },
          ],
        })
        expect(second.choices[0]?.message.content).toBe(doneText('18C and sunny'))
      })
    })
  })
}
