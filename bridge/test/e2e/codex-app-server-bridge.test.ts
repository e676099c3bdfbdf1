// The Codex app-server bridge's API on the codex-cli provider, with the real Codex CLI and the fake model:
// /status, /chat (SSE by default and JSON), /threads, /history, behind the access key, and after a restart.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import type { Settings } from '../../config/schema.js'
import { buildServer } from '../../server.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import { CodexCliRuntime } from '../../upstream/codex-cli/index.js'
import { startFakeResponses, type FakeServer } from '../fakes/index.js'
import { startCodexGateway, type CodexGateway } from '../helpers/codex-gateway.js'
import { ACCESS_KEY } from '../helpers/gateway.js'
import { makeCodexHome, provider, type CodexSandbox } from '../upstream/codex-cli/harness.js'

let fake: FakeServer
let box: CodexSandbox
let stateDir = ''
const settings: Settings = defaultSettings()
const auth = { authorization: `Bearer ${ACCESS_KEY}` }

const gateway = (): Promise<CodexGateway> => startCodexGateway(settings, box, fake, { stateDir })

/** The `data:` payloads of an SSE body, `[DONE]` kept as a string. */
function dataLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6))
    .map((d) => (d === '[DONE]' ? d : (JSON.parse(d) as unknown)))
}

beforeAll(async () => {
  fake = await startFakeResponses()
  box = makeCodexHome(fake)
  stateDir = mkdtempSync(join(tmpdir(), 'sb-state-'))
  settings.providers.push(provider(box, 'codex-cli'))
  settings.defaultProvider = 'codex-cli'
}, 60_000)

afterAll(async () => {
  await fake.close()
})

describe('the Codex app-server bridge API', () => {
  it('works end to end, and the threads and their history survive a restart', async () => {
    const first = await gateway()
    try {
      const refused = await fetch(`${first.url}/status`)
      expect(refused.status).toBe(401)

      const status = (await (
        await fetch(`${first.url}/status`, { headers: auth })
      ).json()) as Record<string, unknown>
      expect(status).toMatchObject({
        status: 'ok',
        codex_available: true,
        codex_version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
      })

      // SSE by default: the session event with the thread id first, agent message deltas, completion, [DONE].
      const streamed = await fetch(`${first.url}/chat`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ content: 'remember the word heron' }] }),
      })
      expect(streamed.headers.get('content-type')).toMatch(/text\/event-stream/)
      const events = dataLines(await streamed.text())
      const session = events[0] as { type: string; thread_id: string }
      expect(session.type).toBe('session')
      expect(session.thread_id).toMatch(/^[0-9a-f-]{36}$/)
      expect(events).toContainEqual(expect.objectContaining({ method: 'item/agentMessage/delta' }))
      const completed = events.find(
        (e) => (e as { method?: string }).method === 'item/completed',
      ) as { params: { item: { type: string; text: string } } }
      expect(completed.params.item).toMatchObject({
        type: 'agentMessage',
        text: expect.stringMatching(/^done: /) as unknown,
      })
      expect(events).toContainEqual({
        method: 'turn/completed',
        params: { turn: { status: 'completed' } },
      })
      expect(events.at(-1)).toBe('[DONE]')

      // JSON with stream: false, continuing the same thread: Codex sends the first turn upstream again.
      const json = (await (
        await fetch(`${first.url}/chat`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            thread_id: session.thread_id,
            messages: [{ content: 'which word?' }],
            stream: false,
          }),
        })
      ).json()) as { thread_id: string; message: string; events: unknown[] }
      expect(json.thread_id).toBe(session.thread_id)
      expect(json.message).toMatch(/^done: /)
      expect(json.events.length).toBeGreaterThan(0)
      expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('remember the word heron')

      const empty = await fetch(`${first.url}/chat`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ content: '' }] }),
      })
      expect(empty.status).toBe(400)
      expect(await empty.json()).toEqual({ detail: 'Empty message' })
    } finally {
      await first.close()
    }

    const second = await gateway()
    try {
      const threads = (await (await fetch(`${second.url}/threads`, { headers: auth })).json()) as {
        threads: { thread_id: string; preview: string }[]
        next_cursor: null
      }
      expect(threads.next_cursor).toBeNull()
      const listed = threads.threads.find((t) => t.preview === 'remember the word heron')
      expect(listed).toBeDefined()
      const id = listed?.thread_id ?? ''
      const history = (await (
        await fetch(`${second.url}/history?thread_id=${id}`, { headers: auth })
      ).json()) as {
        thread_id: string
        turns: {
          status: string
          items: { type: string; text?: string; content?: { text: string }[] }[]
        }[]
      }
      expect(history.thread_id).toBe(id)
      expect(history.turns).toHaveLength(2)
      expect(history.turns[0]?.items[0]).toMatchObject({
        type: 'userMessage',
        content: [{ type: 'text', text: 'remember the word heron' }],
      })
      expect(history.turns[1]?.items[1]).toMatchObject({
        type: 'agentMessage',
        text: expect.stringMatching(/^done: /) as unknown,
      })
      const v1 = (await (
        await fetch(`${second.url}/v1/threads/${id}`, { headers: auth })
      ).json()) as { turns: unknown[] }
      expect(v1.turns).toHaveLength(4)
      const missing = await fetch(`${second.url}/history?thread_id=nope`, { headers: auth })
      expect(missing.status).toBe(404)
      expect(await missing.json()).toEqual({ detail: 'Thread not found: nope' })

      // The thread continues after the restart: Codex resumes it from its own session files.
      const again = (await (
        await fetch(`${second.url}/chat`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            thread_id: id,
            messages: [{ content: 'still there?' }],
            stream: false,
          }),
        })
      ).json()) as { thread_id: string; message: string }
      expect(again.thread_id).toBe(id)
      expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('remember the word heron')
    } finally {
      await second.close()
    }
  }, 120_000)

  it('answers 404 with {"detail"} when no codex-cli provider is configured', async () => {
    const plain = defaultSettings()
    const runtime = new CodexCliRuntime()
    const { app } = buildServer({
      settings: () => plain,
      accessKey: () => ACCESS_KEY,
      providers: createProviderRegistry({ codex: runtime }),
    })
    const res = await app.inject({ method: 'GET', url: '/status', headers: auth })
    expect(res.statusCode).toBe(404)
    expect(res.json<{ detail: string }>().detail).toMatch(/No codex-cli provider/)
    await app.close()
  })
})
