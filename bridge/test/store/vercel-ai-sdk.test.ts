// The Vercel AI SDK (`ai` + `@ai-sdk/openai`, Responses API by default) with its default store: from the
// second step on it sends item_reference for the items Switchboard returned; on every upstream wire the
// step completes because the store resolves them.
import { createOpenAI } from '@ai-sdk/openai'
import { stepCountIs, streamText, tool, type ModelMessage } from 'ai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { doneText } from '../fakes/index.js'
import { ACCESS_KEY } from '../helpers/gateway.js'
import { startWire, WIRES, type WireSetup } from './upstreams.js'

interface Sent {
  path: string
  body: { input?: unknown[]; store?: unknown; previous_response_id?: unknown }
}

function recordingProvider(baseURL: string, sent: Sent[]): ReturnType<typeof createOpenAI> {
  return createOpenAI({
    baseURL,
    apiKey: ACCESS_KEY,
    fetch: async (url, init) => {
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
      sent.push({ path: new URL(String(url)).pathname, body: (body ?? {}) as Sent['body'] })
      return fetch(url, init)
    },
  })
}

const references = (s: Sent | undefined): unknown[] =>
  (s?.body.input ?? []).filter((i) => (i as { type?: unknown }).type === 'item_reference')

const weather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  // The fake Responses upstream wants `strict` said out loud (OpenAI's default silently changes the schema).
  strict: false,
  execute: async () => '18C and sunny',
})

for (const wire of WIRES) {
  describe(`Vercel AI SDK → ${wire} upstream`, () => {
    let setup: WireSetup
    beforeAll(async () => {
      setup = await startWire(wire)
    })
    afterAll(async () => {
      await setup.close()
    })

    it('streamText with a tool and the default store completes two steps', async () => {
      const sent: Sent[] = []
      const openai = recordingProvider(`${setup.gateway.url}/v1`, sent)
      const result = streamText({
        model: openai('gpt-5.5'),
        prompt: 'What is the weather in Paris?',
        tools: { get_weather: weather },
        stopWhen: stepCountIs(2),
        providerOptions: { openai: { reasoningEffort: 'low', reasoningSummary: 'auto' } },
      })
      expect(await result.text).toBe(doneText('18C and sunny'))
      const steps = await result.steps
      expect(steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop'])
      // The SDK's defaults, as shipped: the Responses API, store left to its default (true).
      expect(sent.map((s) => s.path)).toEqual(['/v1/responses', '/v1/responses'])
      expect(sent[0]?.body.store).toBeUndefined()
      expect(references(sent[1])).toEqual([
        { type: 'item_reference', id: expect.stringMatching(/^rs_/) },
      ])
      // The upstream got the reasoning item itself, never the reference.
      expect(JSON.stringify(setup.upstreamBodies().at(-1))).not.toContain('item_reference')
    })

    it('a second conversation turn refers to the earlier answer by id and still completes', async () => {
      const sent: Sent[] = []
      const openai = recordingProvider(`${setup.gateway.url}/v1`, sent)
      const options = { openai: { reasoningEffort: 'low' as const, reasoningSummary: 'auto' } }
      const first = streamText({
        model: openai('gpt-5.5'),
        prompt: 'Say hello.',
        providerOptions: options,
      })
      const firstText = await first.text
      const messages: ModelMessage[] = [
        { role: 'user', content: 'Say hello.' },
        ...(await first.response).messages,
        { role: 'user', content: 'Again, please.' },
      ]
      const second = streamText({ model: openai('gpt-5.5'), messages, providerOptions: options })
      expect(await second.text).toBe(firstText)
      expect(references(sent[1]).map((r) => (r as { id: string }).id)).toEqual([
        expect.stringMatching(/^rs_/),
        expect.stringMatching(/^msg_/),
      ])
      expect(JSON.stringify(setup.upstreamBodies().at(-1))).toContain('Say hello.')
    })
  })
}
