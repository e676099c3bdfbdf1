// The request side of a log entry through the gateway: the entry appears already naming the client's dialect,
// and the client's body in it is the text the client sent (redacted, capped), not the parsed body serialised
// again; with body capture off nothing of it is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import type { LogEvent } from '../../log/request-log.js'

let fakes: AllFakes
let gw: RunningGateway

beforeAll(async () => {
  fakes = await startAllFakes()
  gw = await startGateway(
    settingsFor('openai-chat', fakes.chat, (s) => {
      s.log.captureBodies = true
      s.log.maxBodyBytes = 2048
    }),
  )
})
afterAll(async () => {
  await gw.close()
  await fakes.close()
})

const post = (body: string, contentType = 'application/json') =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': contentType },
    body,
  })

// Spacing and key order as a client wrote them, a secret in the text, a unicode escape left as written.
const sent = `{
  "messages": [ { "role": "user", "content": "my key is ${ACCESS_KEY} \\u00e9" } ],
  "model" : "m"
}`

describe('the logged client request', () => {
  it('is the text the client sent, with its secrets redacted', async () => {
    const res = await post(sent)
    expect(res.status).toBe(200)
    const entry = gw.log.snapshot().at(-1)
    expect(entry?.clientRequest).toBe(sent.replace(ACCESS_KEY, '[redacted]'))
  })

  it('without the byte order mark, also when sent as text/plain', async () => {
    const res = await post(`\ufeff${sent}`, 'text/plain')
    expect(res.status).toBe(200)
    expect(gw.log.snapshot().at(-1)?.clientRequest).toBe(sent.replace(ACCESS_KEY, '[redacted]'))
  })

  it('is capped at log.maxBodyBytes', async () => {
    const long = JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: 'x'.repeat(5000) }],
    })
    expect((await post(long)).status).toBe(200)
    expect(gw.log.snapshot().at(-1)?.clientRequest).toBe(
      `${long.slice(0, 2048)}… [${long.length - 2048} more bytes]`,
    )
  })

  it('is not kept at all while body capture is off', async () => {
    gw.settings.log.captureBodies = false
    try {
      expect((await post(sent)).status).toBe(200)
      expect(gw.log.snapshot().at(-1)?.clientRequest).toBeUndefined()
    } finally {
      gw.settings.log.captureBodies = true
    }
  })
})

describe('the log entry of a model request', () => {
  it('appears already naming the client dialect', async () => {
    const seen: { type: LogEvent['type']; dialect?: string }[] = []
    const stop = gw.log.subscribe((e) => {
      if (e.type === 'appended' || e.type === 'updated')
        seen.push({
          type: e.type,
          ...(e.entry.clientDialect ? { dialect: e.entry.clientDialect } : {}),
        })
    })
    try {
      const res = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': ACCESS_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'm',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      })
      expect(res.status).toBe(200)
    } finally {
      stop()
    }
    expect(seen[0]).toEqual({ type: 'appended', dialect: 'anthropic-messages' })
    expect(seen.at(-1)?.dialect).toBe('anthropic-messages')
  })
})
