// Passthrough relays the upstream's bytes as they are: a character whose UTF-8 bytes arrive in two reads
// reaches the client whole, and the relayed stream is still tapped for usage.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { ACCESS_KEY, startGateway, type RunningGateway } from '../helpers/gateway.js'

let upstream: Server
let gw: RunningGateway

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`

beforeAll(async () => {
  // A Chat Completions upstream whose socket writes split "é" (C3 A9) and "🙂" (F0 9F 99 82) between reads.
  upstream = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      // Model `unended`: the stream's last event has no blank line after it (some servers end so).
      const unended = body.includes('"model":"unended"')
      // Model `broken`: a content chunk in the usual shape whose JSON is broken (a trailing comma).
      const broken = body.includes('"model":"broken"')
      const bytes = Buffer.from(
        chunk({ role: 'assistant', content: '' }) +
          chunk({ content: 'café 🙂' }) +
          (broken ? chunk({ content: 'x' }).replace(/\}\n\n$/, ',}\n\n') : '') +
          `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'length' }], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } })}\n\ndata: [DONE]${unended ? '' : '\n\n'}`,
      )
      const e = bytes.indexOf(Buffer.from('é')) + 1
      const smile = bytes.indexOf(Buffer.from('🙂')) + 2
      const parts = [bytes.subarray(0, e), bytes.subarray(e, smile), bytes.subarray(smile)]
      let i = 0
      const next = (): void => {
        const part = parts[i++]
        if (!part) {
          res.end()
          return
        }
        res.write(part)
        setTimeout(next, 40)
      }
      next()
    })
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  const address = upstream.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const settings = defaultSettings()
  settings.providers.push({
    id: 'up',
    kind: 'openai-chat',
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKeyEnv: 'FAKE_UPSTREAM_KEY',
  })
  settings.defaultProvider = 'up'
  gw = await startGateway(settings)
})
afterAll(async () => {
  await gw.close()
  await new Promise((r) => upstream.close(r))
})

const ask = (model: string): Promise<Response> =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  })

describe('passthrough relay', () => {
  it('keeps a character split across upstream reads whole, and still reads the usage', async () => {
    const res = await ask('m')
    const text = await res.text()
    expect(text).not.toContain('\uFFFD')
    expect(text).toContain('café 🙂')
    const entry = gw.log.snapshot().at(-1)
    expect(entry?.passthrough).toBe(true)
    expect(entry?.usage).toMatchObject({ inputTokens: 5, outputTokens: 3 })
  })

  it('reads the stop and the usage from a last event that has no blank line after it', async () => {
    const text = await (await ask('unended')).text()
    expect(text.endsWith('data: [DONE]')).toBe(true)
    const entry = gw.log.snapshot().at(-1)
    expect(entry?.usage).toMatchObject({ inputTokens: 5, outputTokens: 3 })
    expect(entry?.notes).toContain('stop: max_tokens')
  })

  it("records a relayed content chunk whose JSON is broken as the exchange's error", async () => {
    const text = await (await ask('broken')).text()
    expect(text).toContain('"content":"x"},"finish_reason":null}],}')
    const entry = gw.log.snapshot().at(-1)
    expect(entry?.state).toBe('error')
    expect(entry?.error).toMatch(/malformed upstream chunk/)
  })
})
