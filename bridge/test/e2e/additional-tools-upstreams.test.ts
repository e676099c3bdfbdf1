// Codex's gpt-6 request (its tools in an `additional_tools` input item) through Switchboard to each strict fake:
// a Responses upstream gets the item as sent, Chat and Anthropic upstreams get its tools in their tool list.
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProviderSettings, Settings } from '../../config/schema.js'
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

async function exchange(
  kind: ProviderSettings['kind'],
  start: () => Promise<FakeServer>,
  patch?: (s: Settings) => void,
): Promise<{
  body: Record<string, unknown>
  /** What the model answered besides its reasoning. */
  output: OpenAI.Responses.ResponseOutputItem[]
}> {
  fake = await start()
  gw = await startGateway(settingsFor(kind, fake, patch))
  const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
  const stream = await client.responses.create({
    ...(GPT6 as unknown as OpenAI.Responses.ResponseCreateParamsStreaming),
    stream: true,
  })
  const types: string[] = []
  let output: OpenAI.Responses.ResponseOutputItem[] = []
  for await (const event of stream) {
    types.push(event.type)
    if (event.type === 'response.completed') output = event.response.output
  }
  expect(types.at(-1)).toBe('response.completed')
  const body = fake.requests.at(-1)?.body
  if (!isObj(body)) throw new Error('no JSON body reached the upstream')
  return { body, output: output.filter((i) => i.type !== 'reasoning') }
}

const send = async (
  kind: ProviderSettings['kind'],
  start: () => Promise<FakeServer>,
): Promise<Record<string, unknown>> => (await exchange(kind, start)).body

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

  // The fake model calls the tool its upstream model name asks for (scenario `call-<tool>`).
  const calling = (tool: string) => (s: Settings) => {
    s.routing.rules.push({ match: 'gpt-6-sol', provider: 'up', model: `gpt-6-sol-call-${tool}` })
  }

  it.each([
    ['openai-chat', startFakeChat],
    ['anthropic', startFakeAnthropic],
  ] as const)(
    "a %s model's call to a namespaced tool reaches Codex with the namespace",
    async (kind, start) => {
      const { output } = await exchange(kind, start, calling('sleep'))
      expect(output).toMatchObject([
        {
          type: 'function_call',
          name: 'sleep',
          namespace: 'clock',
          arguments: '{"duration_ms":1}',
        },
      ])
    },
  )

  it('a call to exec names its namespace, functions', async () => {
    const { output } = await exchange('openai-chat', startFakeChat, calling('exec'))
    expect(output).toMatchObject([
      { type: 'custom_tool_call', name: 'exec', namespace: 'functions', input: 'fake-input' },
    ])
  })
})
