// The OpenAI Agents SDK (@openai/agents) keeping a conversation on the server with previous_response_id:
// a tool run, then a second turn that sends only the new message, on every upstream wire.
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { doneText } from '../fakes/index.js'
import { ACCESS_KEY } from '../helpers/gateway.js'
import { startWire, WIRES, type WireSetup } from './upstreams.js'

setTracingDisabled(true)

const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async () => '18C and sunny',
})

for (const wire of WIRES) {
  describe(`OpenAI Agents SDK → ${wire} upstream`, () => {
    let setup: WireSetup
    beforeAll(async () => {
      setup = await startWire(wire)
    })
    afterAll(async () => {
      await setup.close()
    })

    it('runs a tool, then continues the conversation with previous_response_id across two turns', async () => {
      const sent: Record<string, unknown>[] = []
      const client = new OpenAI({
        apiKey: ACCESS_KEY,
        baseURL: `${setup.gateway.url}/v1`,
        maxRetries: 0,
        fetch: async (url, init) => {
          if (typeof init?.body === 'string')
            sent.push(JSON.parse(init.body) as Record<string, unknown>)
          return fetch(url, init)
        },
      })
      const runner = new Runner({
        modelProvider: new OpenAIProvider({ openAIClient: client, useResponses: true }),
      })
      const agent = new Agent({
        name: 'Forecaster',
        instructions: 'Answer about the weather.',
        model: 'gpt-5.5',
        tools: [weather],
      })

      const first = await runner.run(agent, 'What is the weather in Paris?')
      expect(first.finalOutput).toBe(doneText('18C and sunny'))
      const firstId = first.lastResponseId
      expect(firstId).toMatch(/^resp_/)

      const upstreamBefore = setup.upstreamBodies().length
      const sentBefore = sent.length
      const second = await runner.run(agent, 'Thanks! And what did I ask first?', {
        previousResponseId: firstId ?? '',
      })
      // The fake model calls the tool again, so the SDK chains each model call to the one before it.
      expect(second.finalOutput).toBe(doneText('18C and sunny'))
      const turns = sent.slice(sentBefore)
      expect(turns.length).toBeGreaterThanOrEqual(2)
      expect(turns[0]?.['previous_response_id']).toBe(firstId)
      for (const turn of turns) {
        expect(turn['previous_response_id']).toMatch(/^resp_/)
        expect(JSON.stringify(turn['input'])).not.toContain('What is the weather in Paris?')
      }
      // The upstream got the whole conversation: the first question, the tool call and its output, the new message.
      const upstream = JSON.stringify(setup.upstreamBodies().slice(upstreamBefore).at(-1))
      expect(upstream).toContain('What is the weather in Paris?')
      expect(upstream).toContain('18C and sunny')
      expect(upstream).toContain('And what did I ask first?')
    })
  })
}
