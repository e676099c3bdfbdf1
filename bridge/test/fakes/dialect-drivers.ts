// Test helper: one table entry per dialect, so fault tests run the same checks against all three fakes.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { startFakeAnthropic, startFakeChat, startFakeResponses } from './index.js'
import type { FakeDialect, FakeServer } from './index.js'

export interface DialectDriver {
  name: FakeDialect
  start(): Promise<FakeServer>
  endpoint(fake: FakeServer): string
  headers(fake: FakeServer): Record<string, string>
  body(model: string, stream: boolean): Record<string, unknown>
  /** Text deltas in raw payloads, read by hand. */
  textDeltas(payloads: Record<string, unknown>[]): string[]
  /** Whether the raw frames include the dialect's terminal event. */
  hasTerminal(frames: { event?: string; data: string }[]): boolean
  /** Runs one turn through the official SDK and returns the final text; rejects like the SDK does. */
  sdkText(fake: FakeServer, model: string, stream: boolean, signal?: AbortSignal): Promise<string>
  /** Marker seen in the raw stream once the events before the first delta have arrived. */
  beforeFirstDelta: string
}

const user = [{ role: 'user' as const, content: 'Hi' }]
type Payload = Record<string, unknown>
const chatDelta = (p: Payload): string | undefined =>
  (p.choices as { delta?: { content?: string } }[] | undefined)?.[0]?.delta?.content

export const DRIVERS: DialectDriver[] = [
  {
    name: 'anthropic',
    start: () => startFakeAnthropic(),
    endpoint: (fake) => `${fake.url}/v1/messages`,
    headers: (fake) => ({ 'x-api-key': fake.apiKey, 'anthropic-version': '2023-06-01' }),
    body: (model, stream) => ({ model, max_tokens: 256, stream, messages: user }),
    textDeltas: (payloads) =>
      payloads.flatMap((p) => {
        const delta = p.delta as { type?: string; text?: string } | undefined
        return p.type === 'content_block_delta' && delta?.type === 'text_delta'
          ? [delta.text ?? '']
          : []
      }),
    hasTerminal: (frames) => frames.some((f) => f.event === 'message_stop'),
    sdkText: async (fake, model, stream, signal) => {
      const client = new Anthropic({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 })
      const params = { model, max_tokens: 256, messages: user }
      const message = stream
        ? await client.messages.stream(params, { signal }).finalMessage()
        : await client.messages.create(params, { signal })
      return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('')
    },
    beforeFirstDelta: 'event: ping',
  },
  {
    name: 'responses',
    start: () => startFakeResponses(),
    endpoint: (fake) => `${fake.url}/responses`,
    headers: (fake) => ({ authorization: `Bearer ${fake.apiKey}` }),
    body: (model, stream) => ({ model, stream, input: 'Hi' }),
    textDeltas: (payloads) =>
      payloads.flatMap((p) => (p.type === 'response.output_text.delta' ? [String(p.delta)] : [])),
    hasTerminal: (frames) => frames.some((f) => f.event === 'response.completed'),
    sdkText: async (fake, model, stream, signal) => {
      const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 })
      const response = stream
        ? await client.responses.stream({ model, input: 'Hi' }, { signal }).finalResponse()
        : await client.responses.create({ model, input: 'Hi' }, { signal })
      if (response.status !== 'completed') throw new Error(`response ${response.status}`)
      return response.output_text
    },
    beforeFirstDelta: 'response.content_part.added',
  },
  {
    name: 'chat',
    start: () => startFakeChat(),
    endpoint: (fake) => `${fake.url}/chat/completions`,
    headers: (fake) => ({ authorization: `Bearer ${fake.apiKey}` }),
    body: (model, stream) => ({ model, stream, messages: user }),
    textDeltas: (payloads) =>
      payloads.map(chatDelta).filter((t): t is string => t !== undefined && t !== ''),
    hasTerminal: (frames) => frames.some((f) => f.data === '[DONE]'),
    sdkText: async (fake, model, stream, signal) => {
      const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 })
      if (!stream) {
        const completion = await client.chat.completions.create(
          { model, messages: user },
          { signal },
        )
        return completion.choices[0]?.message.content ?? ''
      }
      // Raw iteration: the SDK's own [DONE] and `error`-chunk handling is what is under test.
      const chunks = await client.chat.completions.create(
        { model, messages: user, stream: true },
        { signal },
      )
      let text = ''
      for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? ''
      return text
    },
    beforeFirstDelta: '"role":"assistant"',
  },
]

/** Reads a raw stream until `marker` has arrived, then aborts it; returns what was read. */
export async function readUntilThenAbort(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  marker: string,
): Promise<string> {
  const controller = new AbortController()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: controller.signal,
  })
  const reader = response.body?.getReader()
  if (!reader) throw new Error('no body')
  const decoder = new TextDecoder()
  let text = ''
  while (!text.includes(marker)) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  controller.abort()
  await reader.cancel().catch(() => undefined)
  return text
}
