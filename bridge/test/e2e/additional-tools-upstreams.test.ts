// Codex's gpt-6 request (its tools in an `additional_tools` input item) through Switchboard to each strict fake:
// a Responses upstream gets the item as sent, Chat and Anthropic upstreams get its tools in their tool list.
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProviderSettings } from '../../config/schema.js'
import { startFakeAnthropic, startFakeChat, startFakeResponses } from '../fakes/index.js'
import type { FakeServer } from '../fakes/index.js'
import { isObj, objs, str } from '../fakes/json-guards.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { CODEX_TOOLS, GPT6 } from '../helpers/codex-gpt6.js'

const ITEM = objs(GPT6['input'])[0]

let fake: FakeServer | undefined
let gw: RunningGateway | undefined

afterEach(async () => {
  await gw?.close()
  await fake?.close()
})

async function send(
  kind: ProviderSettings['kind'],
  start: () => Promise<FakeServer>,
): Promise<Record<string, unknown>> {
  fake = await start()
  gw = await startGateway(settingsFor(kind, fake))
  const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
  const stream = await client.responses.create({
    ...(GPT6 as unknown as OpenAI.Responses.ResponseCreateParamsStreaming),
    stream: true,
  })
  const types: string[] = []
  for await (const event of stream) types.push(event.type)
  expect(types.at(-1)).toBe('response.completed')
  const body = fake.requests.at(-1)?.body
  if (!isObj(body)) throw new Error('no JSON body reached the upstream')
  return body
}

describe('an additional_tools item through Switchboard', () => {
  it('a Responses upstream gets it as sent and no tools beside it', async () => {
    const body = await send('openai-responses', startFakeResponses)
    const items = objs(body['input']).filter((i) => i['type'] === 'additional_tools')
    expect(items.map((i) => JSON.stringify(i))).toEqual([JSON.stringify(ITEM)])
    expect(body['tools']).toBeUndefined()
  })

  it('a Chat upstream gets its tools as functions', async () => {
    const body = await send('openai-chat', startFakeChat)
    const tools = objs(body['tools']).map((t) => (isObj(t['function']) ? t['function'] : {}))
    expect(tools.map((f) => str(f['name']))).toEqual(CODEX_TOOLS)
    expect(JSON.stringify(body)).not.toContain('additional_tools')
  })

  it('an Anthropic upstream gets its tools as client tools', async () => {
    const body = await send('anthropic', startFakeAnthropic)
    expect(objs(body['tools']).map((t) => str(t['name']))).toEqual(CODEX_TOOLS)
    expect(JSON.stringify(body)).not.toContain('additional_tools')
  })
})
