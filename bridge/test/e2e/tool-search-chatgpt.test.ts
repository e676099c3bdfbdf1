// A Codex turn after a client-run tool search, through Switchboard's /v1/responses to the strict fake ChatGPT
// backend: the tool_search_call and tool_search_output items reach it unchanged (but for the server ids the
// provider drops from every item) and in their place.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthHarness } from '../auth/auth-harness.js'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { isObj, objs } from '../fakes/json-guards.js'
import { BODY, CALL, OUTPUT, user } from '../helpers/tool-search-items.js'
import { fakeUsage, startPoolBackend, startPoolHost, type PoolHost } from './chatgpt-pool.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }

let auth: AuthHarness
let backend: FakeCodexBackend
let gw: PoolHost
let client: OpenAI

beforeAll(async () => {
  ;({ auth, backend } = await startPoolBackend([ADA]))
  backend.setUsage(fakeUsage(10))
  gw = await startPoolHost(auth, backend)
  client = new OpenAI({ apiKey: gw.key, baseURL: `${gw.url}/v1`, maxRetries: 0 })
}, 60_000)

afterAll(async () => {
  await gw.host.close()
  await backend.close()
  await auth.close()
})

describe('tool search items through Switchboard to the ChatGPT backend', () => {
  it('reach it as Codex sent them, and the turn completes', async () => {
    const stream = await client.responses.create({
      ...(BODY as unknown as OpenAI.Responses.ResponseCreateParamsStreaming),
      stream: true,
    })
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types.at(-1)).toBe('response.completed')
    const body = backend.responseRequests().at(-1)?.body
    if (!isObj(body)) throw new Error('no JSON body reached the backend')
    const input = objs(body['input'])
    const at = input.findIndex((i) => i['type'] === 'tool_search_call')
    // As every earlier item, without its server id: a store:false backend knows none (shape-items.ts).
    const { id: _call, ...call } = CALL
    const { id: _output, ...output } = OUTPUT
    expect(JSON.stringify(input.slice(at, at + 2))).toBe(JSON.stringify([call, output]))
    expect(input[at + 2]).toMatchObject({ type: 'function_call', name: 'spawn_agent' })
  })

  it("the backend's refusal of an output without its call reaches the client as a Responses 400", async () => {
    const bad = { model: 'gpt-5.5', input: [user('go'), OUTPUT, user('again')] }
    const error = await client.responses
      .create(bad as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      'No tool search call found',
    )
  })
})
