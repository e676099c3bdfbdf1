// The live answer to a request with previous_response_id names it, as OpenAI's does (and as GET does later),
// though the store resolved it into the full input: the JSON answer and the streamed response.created and
// response.completed, on every upstream wire, with `store` as the client asked.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderSettings } from '../../config/schema.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const UPSTREAMS: { kind: ProviderSettings['kind']; fake: 'chat' | 'responses' | 'anthropic' }[] = [
  { kind: 'openai-chat', fake: 'chat' },
  { kind: 'openai-responses', fake: 'responses' },
  { kind: 'anthropic', fake: 'anthropic' },
]

let fakes: AllFakes
beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

interface Echo {
  previous_response_id: string | null | undefined
  store: boolean | undefined
}

const echoOf = (r: { previous_response_id?: string | null; store?: boolean | null }): Echo => ({
  previous_response_id: r.previous_response_id,
  store: r.store ?? undefined,
})

for (const up of UPSTREAMS) {
  describe(`live answers on a ${up.kind} upstream`, () => {
    let gw: RunningGateway
    const client = (): OpenAI =>
      new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
    beforeAll(async () => {
      gw = await startGateway(settingsFor(up.kind, fakes[up.fake]))
    })
    afterAll(async () => {
      await gw.close()
    })

    it('name previous_response_id and store:true in JSON, as GET does', async () => {
      const first = await client().responses.create({ model: 'm-r', input: 'my name is Ada' })
      expect(echoOf(first)).toEqual({ previous_response_id: null, store: true })
      const second = await client().responses.create({
        model: 'm-r',
        previous_response_id: first.id,
        input: 'what is my name?',
      })
      expect(echoOf(second)).toEqual({ previous_response_id: first.id, store: true })
      const stored = await client().responses.retrieve(second.id)
      expect(echoOf(stored)).toEqual(echoOf(second))
    })

    it('name them in the streamed response.created and response.completed', async () => {
      const first = await client().responses.create({ model: 'm-r', input: 'my name is Ada' })
      const stream = await client().responses.create({
        model: 'm-r',
        previous_response_id: first.id,
        input: 'what is my name?',
        stream: true,
      })
      const seen: Record<string, Echo> = {}
      for await (const event of stream) {
        if (event.type === 'response.created' || event.type === 'response.completed')
          seen[event.type] = echoOf(event.response)
      }
      const expected = { previous_response_id: first.id, store: true }
      expect(seen).toEqual({ 'response.created': expected, 'response.completed': expected })
    })

    it('say store:false when the client asked for it, still naming the response it continued', async () => {
      const first = await client().responses.create({ model: 'm-r', input: 'my name is Ada' })
      const second = await client().responses.create({
        model: 'm-r',
        previous_response_id: first.id,
        input: 'what is my name?',
        store: false,
      })
      expect(echoOf(second)).toEqual({ previous_response_id: first.id, store: false })
    })
  })
}
