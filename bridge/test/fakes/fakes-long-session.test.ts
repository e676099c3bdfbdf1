// Self-test of what the fakes do in long sessions, through the official SDKs: overflow errors with the real
// wordings once a prompt exceeds the `context-N` window, and the Chat API's refusals of `tools: []` and `detail:"original"`.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from './index.js'

let fakes: AllFakes
const LONG = 'word '.repeat(400)

beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(() => fakes.close())

const chat = (): OpenAI =>
  new OpenAI({ apiKey: fakes.chat.apiKey, baseURL: fakes.chat.url, maxRetries: 0 })
const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  )

describe('overflow once the prompt exceeds context-N', () => {
  it('chat: 400 context_length_exceeded with both counts, and a small prompt still passes', async () => {
    const err = await caught(
      chat().chat.completions.create({
        model: 'gpt-4o-context-200',
        messages: [{ role: 'user', content: LONG }],
      }),
    )
    expect(err).toBeInstanceOf(OpenAI.BadRequestError)
    const e = err as InstanceType<typeof OpenAI.BadRequestError>
    expect(e.code).toBe('context_length_exceeded')
    expect(e.message).toMatch(
      /maximum context length is 200 tokens\. However, your messages resulted in \d+ tokens/,
    )
    const ok = await chat().chat.completions.create({
      model: 'gpt-4o-context-200',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(ok.choices[0]?.message.content).toContain('Hello')
  })

  it('responses: 400 with the Responses wording', async () => {
    const client = new OpenAI({
      apiKey: fakes.responses.apiKey,
      baseURL: fakes.responses.url,
      maxRetries: 0,
    })
    const err = (await caught(
      client.responses.create({ model: 'gpt-5-context-200', input: LONG }),
    )) as InstanceType<typeof OpenAI.APIError>
    expect(err.status).toBe(400)
    expect(err.code).toBe('context_length_exceeded')
    expect(err.message).toContain('Your input exceeds the context window of this model.')
  })

  it('anthropic: 400 invalid_request_error "prompt is too long: N tokens > M maximum"', async () => {
    const client = new Anthropic({
      apiKey: fakes.anthropic.apiKey,
      baseURL: fakes.anthropic.url,
      maxRetries: 0,
    })
    const err = (await caught(
      client.messages.create({
        model: 'claude-context-200',
        max_tokens: 10,
        messages: [{ role: 'user', content: LONG }],
      }),
    )) as InstanceType<typeof Anthropic.APIError>
    expect(err.status).toBe(400)
    expect(err.message).toMatch(/prompt is too long: \d+ tokens > 200 maximum/)
  })
})

describe('chat refuses what the real Chat Completions API refuses', () => {
  it('tools: [] with the real wording', async () => {
    const err = (await caught(
      chat().chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [],
      }),
    )) as InstanceType<typeof OpenAI.APIError>
    expect(err.status).toBe(400)
    expect(err.message).toContain(
      "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    )
  })

  it('image detail "original" (a Responses-only value)', async () => {
    const image = {
      type: 'image_url' as const,
      image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'original' as 'auto' },
    }
    const err = (await caught(
      chat().chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, image] }],
      }),
    )) as InstanceType<typeof OpenAI.APIError>
    expect(err.status).toBe(400)
    expect(err.param).toBe('messages[0].content[1].image_url.detail')
  })
})
