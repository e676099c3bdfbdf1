// The fake Codex backend takes an `additional_tools` input item as Codex 0.169 sends it to the real one on gpt-6,
// offers its default-namespace functions, and rejects a malformed one naming the path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import type { FakeCodexBackend } from '../../fakes/fake-codex-backend.js'
import { payloads, rawPost } from '../../fakes/raw-sse.js'
import { captureBodies } from '../../helpers/captures.js'

const [GPT6] = captureBodies('codex-responses-gpt6-sol')

let fake: FakeCodexBackend

const headers = (): Record<string, string> => ({
  authorization: `Bearer ${fake.validToken}`,
  'chatgpt-account-id': fake.accountId,
  session_id: 'conv-at',
})

function withTools(tools: unknown): Record<string, unknown> {
  return {
    model: 'gpt-6-sol',
    instructions: '',
    store: false,
    stream: true,
    input: [
      { type: 'additional_tools', id: 'at_1', role: 'developer', tools },
      { role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
    ],
  }
}

beforeAll(async () => {
  fake = await startFakeCodexBackend()
})
afterAll(() => fake.close())

describe('fake codex backend: additional_tools', () => {
  const url = (): string => `${fake.baseUrl}/responses`

  it("accepts Codex's recorded item and calls one of its default-namespace functions", async () => {
    const { instructions: _i, ...rest } = GPT6 ?? {}
    const reply = await rawPost(
      url(),
      { ...rest, instructions: '' },
      { ...headers(), session_id: String(rest['prompt_cache_key']) },
    )
    expect(reply.status, reply.text.slice(0, 500)).toBe(200)
    const done = payloads(reply).filter((p) => p['type'] === 'response.output_item.done')
    const call = done
      .map((p) => p['item'] as Record<string, unknown>)
      .find((i) => i['type'] === 'function_call')
    expect(['wait', 'request_user_input', 'request_user_input_async']).toContain(call?.['name'])
  })

  it.each([
    [{}, 'input[0].tools'],
    [[{ type: 'namespace', name: 'clock' }], 'input[0].tools[0].tools'],
    [[{ type: 'namespace', name: 'a b', tools: [] }], 'input[0].tools[0].name'],
    [
      [{ type: 'namespace', name: 'c', tools: [{ type: 'function', name: 'x.y' }] }],
      'input[0].tools[0].tools[0].name',
    ],
    [[{ type: 'function' }], 'input[0].tools[0].name'],
  ])('rejects tools %j naming %s', async (tools, param) => {
    const reply = await rawPost(url(), withTools(tools), headers())
    expect(reply.status).toBe(400)
    expect((JSON.parse(reply.text) as { error: { param: string } }).error.param).toBe(param)
  })
})
