// Stateful Responses clients over real sockets with the official openai client: previous_response_id and
// item_reference resolve on every upstream wire, stored responses can be read, listed and deleted, and
// unknown ids get the OpenAI API's own errors.
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
  fake: 'chat' | 'responses' | 'anthropic'
  dialect: FakeDialect
}[] = [
  { kind: 'openai-chat', fake: 'chat', dialect: 'chat' },
  { kind: 'openai-responses', fake: 'responses', dialect: 'responses' },
  { kind: 'anthropic', fake: 'anthropic', dialect: 'anthropic' },
]

const weather = [
  {
    type: 'function' as const,
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    strict: false,
  },
]

let fakes: AllFakes
beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await fakes.close()
})

const lastBody = (fake: FakeServer): string => JSON.stringify(fake.requests.at(-1)?.body ?? null)

for (const up of UPSTREAMS) {
  describe(`Responses client → ${up.kind} upstream`, () => {
    let gw: RunningGateway
    let fake: FakeServer
    const client = (): OpenAI =>
      new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
    beforeAll(async () => {
      fake = fakes[up.fake]
      gw = await startGateway(settingsFor(up.kind, fake))
    })
    afterAll(async () => {
      await gw.close()
    })

    it('continues with previous_response_id: the upstream gets the earlier turn in full', async () => {
      const first = await client().responses.create({ model: 'm-r', input: 'my name is Ada' })
      expect(first.output_text).toBe(helloText(up.dialect, 'm-r'))
      const second = await client()
        .responses.stream({
          model: 'm-r',
          previous_response_id: first.id,
          input: 'what is my name?',
        })
        .finalResponse()
      expect(second.output_text).toBe(helloText(up.dialect, 'm-r'))
      const sent = lastBody(fake)
      expect(sent).toContain('my name is Ada')
      expect(sent).toContain(JSON.stringify(first.output_text).slice(1, -1))
      expect(sent).toContain('what is my name?')
      expect(sent).not.toContain('previous_response_id')
      const third = await client().responses.create({
        model: 'm-r',
        previous_response_id: second.id,
        input: 'and again?',
      })
      expect(third.status).toBe('completed')
      const chain = lastBody(fake)
      expect(chain).toContain('my name is Ada')
      expect(chain).toContain('what is my name?')
      expect(chain).toContain('and again?')
    })

    it('runs a tool round trip the Agents SDK way: only the tool output after previous_response_id', async () => {
      const first = await client()
        .responses.stream({ model: 'm-r', input: 'weather in Paris?', tools: weather })
        .finalResponse()
      const call = first.output.find((i) => i.type === 'function_call')
      if (call?.type !== 'function_call') throw new Error('no function call')
      const second = await client().responses.create({
        model: 'm-r',
        tools: weather,
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: '18C and sunny' }],
      })
      expect(second.output_text).toBe(doneText('18C and sunny'))
    })

    it('resolves item_reference to an item Switchboard returned', async () => {
      const first = await client().responses.stream({ model: 'm-r', input: 'hi' }).finalResponse()
      const message = first.output.find((i) => i.type === 'message')
      if (!message) throw new Error('no message item')
      const second = await client().responses.create({
        model: 'm-r',
        input: [
          { role: 'user', content: 'hi' },
          { type: 'item_reference', id: message.id },
          { role: 'user', content: 'tell me more' },
        ],
      })
      expect(second.status).toBe('completed')
      expect(lastBody(fake)).toContain(JSON.stringify(first.output_text).slice(1, -1))
      expect(lastBody(fake)).not.toContain('item_reference')
    })
  })
}

describe('stored responses over HTTP', () => {
  let gw: RunningGateway
  const client = (): OpenAI =>
    new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
  beforeAll(async () => {
    gw = await startGateway(settingsFor('openai-chat', fakes.chat))
  })
  afterAll(async () => {
    await gw.close()
  })

  it('retrieves, lists the input items of, and deletes a stored response', async () => {
    const first = await client().responses.create({
      model: 'm-c',
      instructions: 'be brief',
      input: 'my name is Ada',
    })
    expect(first).toMatchObject({ store: true })
    const second = await client()
      .responses.stream({
        model: 'm-c',
        previous_response_id: first.id,
        input: [{ role: 'user', content: 'and yours?' }],
      })
      .finalResponse()

    const got = await client().responses.retrieve(second.id)
    expect(got.id).toBe(second.id)
    expect(got.output_text).toBe(second.output_text)
    expect(got.output.map((o) => o.id)).toEqual(second.output.map((o) => o.id))
    expect(got.previous_response_id).toBe(first.id)
    expect(got).toMatchObject({ store: true })

    const items = await client().responses.inputItems.list(second.id, { order: 'asc' })
    const texts = items.data.map((i) =>
      i.type === 'message' ? i.content.map((c) => ('text' in c ? c.text : '')).join('') : i.type,
    )
    expect(texts).toEqual(['my name is Ada', first.output_text, 'and yours?'])
    expect(items.data[1]?.id).toBe(first.output[0]?.id)
    const newestFirst = await client().responses.inputItems.list(second.id, { limit: 1 })
    expect(newestFirst.data.map((i) => i.id)).toEqual([items.data[2]?.id])
    expect(newestFirst.has_more).toBe(true)

    expect(await client().responses.delete(second.id)).toEqual({
      id: second.id,
      object: 'response',
      deleted: true,
    })
    await expect(client().responses.retrieve(second.id)).rejects.toMatchObject({ status: 404 })
    // The first response still resolves: deleting one turn does not break the chain before it.
    expect((await client().responses.retrieve(first.id)).id).toBe(first.id)
  })

  it('answers unknown ids with the OpenAI API wording', async () => {
    await expect(
      client().responses.create({ model: 'm-c', previous_response_id: 'resp_unknown', input: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      error: {
        message: "Previous response with id 'resp_unknown' not found.",
        type: 'invalid_request_error',
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    })
    await expect(
      client().responses.create({
        model: 'm-c',
        input: [{ type: 'item_reference', id: 'msg_unknown' }],
      }),
    ).rejects.toMatchObject({
      status: 404,
      error: {
        message: "Item with id 'msg_unknown' not found.",
        type: 'invalid_request_error',
        param: 'input',
        code: null,
      },
    })
    for (const call of [
      () => client().responses.retrieve('resp_unknown'),
      () => client().responses.delete('resp_unknown'),
      () => client().responses.inputItems.list('resp_unknown'),
    ]) {
      await expect(call()).rejects.toMatchObject({
        status: 404,
        error: {
          message: "Response with id 'resp_unknown' not found.",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      })
    }
  })

  it('keeps nothing for store:false, yet resolves what it refers to', async () => {
    const kept = await client().responses.create({ model: 'm-c', input: 'remember me' })
    const stateless = await client().responses.create({
      model: 'm-c',
      store: false,
      previous_response_id: kept.id,
      input: 'next',
    })
    expect(stateless).toMatchObject({ store: false })
    expect(lastBody(fakes.chat)).toContain('remember me')
    await expect(client().responses.retrieve(stateless.id)).rejects.toMatchObject({ status: 404 })
    await expect(
      client().responses.create({ model: 'm-c', previous_response_id: stateless.id, input: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      error: { code: 'previous_response_not_found' },
    })
  })

  it('needs the access key like every model endpoint', async () => {
    const kept = await client().responses.create({ model: 'm-c', input: 'secret' })
    const res = await fetch(`${gw.url}/v1/responses/${kept.id}`)
    expect(res.status).toBe(401)
    const other = await fetch(`${gw.url}/v1/responses/${kept.id}/input_items`, {
      headers: { authorization: 'Bearer sb-wrong-key' },
    })
    expect(other.status).toBe(401)
  })
})
