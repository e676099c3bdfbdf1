// GET /v1/responses/{id}?stream=true replays a stored response as the Responses event stream: the openai SDK's
// own stream parser reads it (client.responses.retrieve with stream:true), its accumulator rebuilds exactly
// the stored response, and starting_after resumes after a sequence number as OpenAI documents.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderSettings } from '../../config/schema.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { responsesFinal } from '../helpers/sdk-oracles.js'

const UPSTREAMS: { kind: ProviderSettings['kind']; fake: 'chat' | 'responses' | 'anthropic' }[] = [
  { kind: 'openai-chat', fake: 'chat' },
  { kind: 'openai-responses', fake: 'responses' },
  { kind: 'anthropic', fake: 'anthropic' },
]

const weather: OpenAI.Responses.FunctionTool[] = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    strict: false,
  },
]

/** What openai-node's accumulator adds on its own to the response, its text parts and its calls. */
const SDK_FIELDS = new Set(['output_text', 'output_parsed', 'parsed', 'parsed_arguments'])
function withoutSdkFields(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (SDK_FIELDS.has(key) ? undefined : v)),
  )
}

let fakes: AllFakes
beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

for (const up of UPSTREAMS) {
  describe(`replaying a stored response (${up.kind} upstream)`, () => {
    let gw: RunningGateway
    const client = (): OpenAI =>
      new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
    const raw = async (id: string, query = 'stream=true'): Promise<Response> =>
      fetch(`${gw.url}/v1/responses/${id}?${query}`, {
        headers: { authorization: `Bearer ${ACCESS_KEY}` },
      })
    beforeAll(async () => {
      gw = await startGateway(settingsFor(up.kind, fakes[up.fake]))
    })
    afterAll(async () => {
      await gw.close()
    })

    /** Answers kept by the store: text with reasoning, a tool call, and a search where the upstream has one. */
    const kept = async (): Promise<OpenAI.Responses.Response[]> => [
      await client().responses.create({
        model: 'm-r',
        input: 'hello',
        reasoning: { effort: 'low', summary: 'auto' },
      }),
      await client().responses.create({ model: 'm-r', input: 'weather in Paris?', tools: weather }),
      ...(up.fake === 'chat'
        ? []
        : [
            await client().responses.create({
              model: 'm-r',
              input: 'search the web for switchboard gateway',
              tools: [{ type: 'web_search' }],
            }),
          ]),
    ]

    /** The stored response as the wire has it (the SDK's retrieve adds its `output_text` convenience). */
    const storedJson = async (id: string): Promise<OpenAI.Responses.Response> =>
      (await (await raw(id, '')).json()) as OpenAI.Responses.Response

    it('is read by the SDK stream parser, numbered from 0, ending with the stored response', async () => {
      const types = new Set<string>()
      for (const created of await kept()) {
        const stored = await storedJson(created.id)
        for (const item of stored.output) types.add(item.type)
        const stream = await client().responses.retrieve(created.id, { stream: true })
        const events: OpenAI.Responses.ResponseStreamEvent[] = []
        for await (const event of stream) events.push(event)
        expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i))
        expect(events[0]?.type).toBe('response.created')
        expect(events[0]?.type === 'response.created' && events[0].response).toMatchObject({
          id: created.id,
          status: 'in_progress',
          output: [],
        })
        const last = events.at(-1)
        expect(last?.type).toBe('response.completed')
        expect(last?.type === 'response.completed' && last.response).toEqual(stored)
        const added = events.flatMap((e) => (e.type === 'response.output_item.added' ? [e] : []))
        expect(added.map((e) => e.item.id)).toEqual(stored.output.map((o) => o.id))
      }
      const expected = ['reasoning', 'message', 'function_call']
      expect([...types].sort()).toEqual(
        (up.fake === 'chat' ? expected : [...expected, 'web_search_call']).sort(),
      )
    })

    it("is rebuilt exactly by the SDK's accumulator (identity and order checks included)", async () => {
      for (const created of await kept()) {
        const stored = await storedJson(created.id)
        const res = await raw(created.id)
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
        const final = await responsesFinal(await res.text())
        expect(withoutSdkFields(final)).toEqual(stored)
      }
    })

    it('resumes after starting_after', async () => {
      const [created] = await kept()
      if (!created) throw new Error('nothing kept')
      const all: OpenAI.Responses.ResponseStreamEvent[] = []
      for await (const e of await client().responses.retrieve(created.id, { stream: true }))
        all.push(e)
      for (const after of [0, 3, all.length - 2, all.length - 1, all.length + 5]) {
        const rest: OpenAI.Responses.ResponseStreamEvent[] = []
        const stream = await client().responses.retrieve(created.id, {
          stream: true,
          starting_after: after,
        })
        for await (const e of stream) rest.push(e)
        expect(rest).toEqual(all.slice(after + 1))
      }
    })
  })
}

describe('replay errors', () => {
  let gw: RunningGateway
  beforeAll(async () => {
    gw = await startGateway(settingsFor('openai-chat', fakes.chat))
  })
  afterAll(async () => {
    await gw.close()
  })
  const client = (): OpenAI =>
    new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })

  it('names a bad starting_after, and answers an unknown id with the 404 of a plain GET', async () => {
    const created = await client().responses.create({ model: 'm-r', input: 'hello' })
    for (const bad of ['-1', 'x', '1.5', '']) {
      const res = await fetch(
        `${gw.url}/v1/responses/${created.id}?stream=true&starting_after=${bad}`,
        { headers: { authorization: `Bearer ${ACCESS_KEY}` } },
      )
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: { param: 'starting_after' } })
    }
    const plain = await client()
      .responses.retrieve('resp_unknown')
      .catch((e: unknown) => e)
    const streamed = await client()
      .responses.retrieve('resp_unknown', { stream: true })
      .catch((e: unknown) => e)
    expect(streamed).toBeInstanceOf(OpenAI.NotFoundError)
    expect((streamed as Error).message).toBe((plain as Error).message)
  })
})
