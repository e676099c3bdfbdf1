// Chat → Chat passthrough of a context overflow: a local server's code-less wording (vLLM, Ollama, llama.cpp)
// reaches the openai SDK as OpenAI's own `context_length_exceeded` (400, invalid_request_error), so the client
// can compact; OpenAI's own overflow and every other answer still pass byte for byte.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import type { ChatOverflowWording } from '../fakes/scenario.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

let fake: FakeServer
let gw: RunningGateway

beforeAll(async () => {
  fake = await startFakeChat()
  gw = await startGateway(settingsFor('openai-chat', fake))
})
afterAll(async () => {
  await gw.close()
  await fake.close()
})

/** A prompt of about 250 rough tokens: over a `context-100` window. */
const LONG = 'word '.repeat(200)

function body(model: string, stream: boolean): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: LONG }], ...(stream ? { stream } : {}) }
}

async function post(
  base: string,
  key: string,
  json: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  })
  return { status: res.status, text: await res.text() }
}

const CODELESS: ChatOverflowWording[] = ['vllm', 'ollama', 'llama-cpp']

describe('Chat → Chat passthrough of an overflow', () => {
  const client = (): OpenAI =>
    new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })

  for (const wording of CODELESS) {
    for (const stream of [false, true]) {
      it(`${wording}${stream ? ' (stream)' : ''}: the SDK gets context_length_exceeded, 400`, async () => {
        const model = `m-context-100-overflow-${wording}`
        // The upstream really says it without OpenAI's code.
        const direct = await post(fake.url, fake.apiKey, body(model, stream))
        expect(direct.status).toBe(400)
        expect(direct.text).not.toContain('context_length_exceeded')

        const err: unknown = await client()
          .chat.completions.create({
            model,
            messages: [{ role: 'user', content: LONG }],
            stream,
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          )
        expect(err).toBeInstanceOf(OpenAI.BadRequestError)
        const e = err as InstanceType<typeof OpenAI.BadRequestError>
        expect(e.status).toBe(400)
        expect(e.code).toBe('context_length_exceeded')
        expect(e.type).toBe('invalid_request_error')
        expect(gw.log.snapshot().at(-1)?.passthrough).toBe(true)
      })
    }
  }

  it("passes OpenAI's own overflow and other errors byte for byte", async () => {
    for (const model of ['m-context-100', 'm-status-429', 'm-status-400']) {
      const direct = await post(fake.url, fake.apiKey, body(model, false))
      const relayed = await post(`${gw.url}/v1`, ACCESS_KEY, body(model, false))
      expect(relayed).toEqual(direct)
    }
  })
})
