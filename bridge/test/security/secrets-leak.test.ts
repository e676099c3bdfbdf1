// Known secrets go through every path — model calls in all dialects, passthrough, upstream errors, bad
// requests, the control API and its events — and no output, log entry or event may contain them.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ControlEvent } from '../../control/contract.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost } from '../control/host-helpers.js'
import type { GatewayHost } from '../../control/gateway-host.js'

const UPSTREAM_KEY = 'sk-fake-upstream-key'
let fakes: AllFakes
let host: GatewayHost
let url = ''
let accessKey = ''
const outputs: string[] = []
const events: ControlEvent[] = []

beforeAll(async () => {
  fakes = await startAllFakes()
  const settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.log.captureBodies = true
    s.providers.push({ id: 'anth', kind: 'anthropic', baseUrl: fakes.anthropic.url, apiKeyEnv: 'FAKE_UPSTREAM_KEY' })
    s.providers.push({ id: 'resp', kind: 'openai-responses', baseUrl: fakes.responses.url, apiKeyEnv: 'FAKE_UPSTREAM_KEY' })
  })
  const started = await startHost(settings)
  host = started.host
  url = started.url
  accessKey = started.keys.key
  host.subscribe((e) => events.push(e))
})
afterAll(async () => {
  await host.close()
  await fakes.close()
})

describe('secrets never leak', () => {
  it('through model calls, errors and the log', async () => {
    const openai = new OpenAI({ apiKey: accessKey, baseURL: `${url}/v1`, maxRetries: 0 })
    const anthropic = new Anthropic({ apiKey: accessKey, baseURL: url, maxRetries: 0 })
    const collect = async (p: Promise<unknown>): Promise<void> => {
      try {
        outputs.push(JSON.stringify(await p))
      } catch (err) {
        outputs.push(JSON.stringify(err), String(err))
      }
    }
    await collect(openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `my key is ${accessKey}` }] }))
    await collect(openai.chat.completions.stream({ model: 'anth/m', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion())
    await collect(anthropic.messages.stream({ model: 'resp/m', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage())
    await collect(openai.responses.create({ model: 'resp/status-401', input: 'hi' }))
    await collect(openai.responses.create({ model: 'anth/status-500', input: 'hi' }))
    await collect(anthropic.messages.create({ model: 'm-midstream-error', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }))
    const bad = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': `${accessKey}x`, 'content-type': 'application/json' }, body: '{}' })
    outputs.push(await bad.text())

    const snapshot = await host.logSnapshot()
    expect(snapshot.length).toBeGreaterThanOrEqual(6)
    for (const s of snapshot) outputs.push(JSON.stringify(await host.logEntry({ id: s.id })))
    outputs.push(JSON.stringify(snapshot), JSON.stringify(events), JSON.stringify(await host.getSettings()), JSON.stringify(await host.authStatus()))

    const all = outputs.join('\n')
    expect(all.length).toBeGreaterThan(10_000)
    expect(all).not.toContain(UPSTREAM_KEY)
    expect(all).not.toContain(accessKey)
    // The body capture really captured the request that carried the key (redacted), so the check is not vacuous.
    expect(all).toContain('my key is [redacted]')
  })
})
