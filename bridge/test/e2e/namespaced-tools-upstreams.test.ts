// A Codex request with a `namespace` in `tools` (multi_agent_v1, as Codex sends it on gpt-5-codex) through
// Switchboard: a Chat upstream is offered the members and the ChatGPT backend the namespace as sent; the
// model's call to a member reaches the client with its namespace either way, or Codex answers "unsupported call".
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { isObj, objs, str } from '../fakes/json-guards.js'
import type { AuthHarness } from '../auth/auth-harness.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { startPoolBackend, startPoolHost, type PoolHost } from './chatgpt-pool.js'

const fn = (name: string): OpenAI.Responses.FunctionTool => ({
  type: 'function',
  name,
  description: name,
  strict: false,
  parameters: { type: 'object', properties: {}, additionalProperties: false },
})

const MULTI_AGENT = {
  type: 'namespace',
  name: 'multi_agent_v1',
  description: 'Sub-agents',
  tools: [fn('spawn_agent'), fn('close_agent')],
}

let chat: FakeServer | undefined
let gw: RunningGateway | undefined
let pool: { auth: AuthHarness; backend: FakeCodexBackend; host: PoolHost } | undefined

afterEach(async () => {
  await gw?.close()
  await chat?.close()
  await pool?.host.host.close()
  await pool?.backend.close()
  await pool?.auth.close()
  gw = undefined
  chat = undefined
  pool = undefined
})

/** Streams one Codex-shaped turn and returns the call items of the completed response. */
async function turn(
  baseURL: string,
  key: string,
  model: string,
): Promise<OpenAI.Responses.ResponseOutputItem[]> {
  const client = new OpenAI({ apiKey: key, baseURL, maxRetries: 0 })
  const stream = await client.responses.create({
    model,
    stream: true,
    store: false,
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'spawn one' }] },
    ],
    tools: [fn('exec_command'), MULTI_AGENT as unknown as OpenAI.Responses.Tool],
  })
  let output: OpenAI.Responses.ResponseOutputItem[] = []
  for await (const event of stream)
    if (event.type === 'response.completed') output = event.response.output
  return output.filter((i) => i.type === 'function_call')
}

describe('a namespace in `tools` through Switchboard', () => {
  it('a Chat upstream gets its members as functions, and its call comes back named', async () => {
    chat = await startFakeChat()
    gw = await startGateway(
      settingsFor('openai-chat', chat, (s) => {
        s.routing.rules.push({ match: 'gpt-5-codex', provider: 'up', model: 'm-call-spawn_agent' })
      }),
    )
    const calls = await turn(`${gw.url}/v1`, ACCESS_KEY, 'gpt-5-codex')
    const body = chat.requests.at(-1)?.body
    const tools = objs(isObj(body) ? body['tools'] : []).map((t) =>
      isObj(t['function']) ? str(t['function']['name']) : undefined,
    )
    expect(tools).toEqual(['exec_command', 'spawn_agent', 'close_agent'])
    expect(calls).toMatchObject([{ name: 'spawn_agent', namespace: 'multi_agent_v1' }])
  })

  it('the ChatGPT backend gets the namespace as sent, and the namespace it names on its call reaches the client', async () => {
    const started = await startPoolBackend([
      { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' },
    ])
    pool = { ...started, host: await startPoolHost(started.auth, started.backend) }
    pool.backend.callTool('spawn_agent')
    const calls = await turn(`${pool.host.url}/v1`, pool.host.key, 'gpt-5.5')
    const sent = pool.backend.responseRequests().at(-1)?.body
    const tools = objs(isObj(sent) ? sent['tools'] : [])
    expect(JSON.stringify(tools.find((t) => t['type'] === 'namespace'))).toBe(
      JSON.stringify(MULTI_AGENT),
    )
    expect(calls).toMatchObject([{ name: 'spawn_agent', namespace: 'multi_agent_v1' }])
  })
})
