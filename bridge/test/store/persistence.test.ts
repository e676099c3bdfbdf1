// responseStore.persist: stored responses survive a restart of the host, deletions too; the file is private,
// survives a torn last line, stays bounded by rewriting itself, and goes away when persistence is turned off.
import OpenAI from 'openai'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Settings } from '../../config/schema.js'
import { ownerOf, ResponseStore } from '../../store/response-store.js'
import { FileJournal, JOURNAL_FILE_NAME } from '../../store/store-journal.js'
import { startHost } from '../control/host-helpers.js'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'

let fake: FakeServer
let dir: string
beforeAll(async () => {
  fake = await startFakeChat()
  dir = mkdtempSync(join(tmpdir(), 'sb-store-'))
})
afterAll(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

const persisted = (): Settings =>
  settingsFor('openai-chat', fake, (s) => (s.responseStore.persist = true))

async function withHost<T>(
  settings: Settings,
  run: (client: OpenAI, host: Awaited<ReturnType<typeof startHost>>['host']) => Promise<T>,
): Promise<T> {
  const started = await startHost(settings, { dataDir: dir })
  try {
    return await run(
      new OpenAI({ apiKey: started.keys.key, baseURL: `${started.url}/v1`, maxRetries: 0 }),
      started.host,
    )
  } finally {
    await started.host.close()
  }
}

describe('response store on disk', () => {
  it('a conversation continues after the host restarts; a deleted response stays deleted', async () => {
    const file = join(dir, JOURNAL_FILE_NAME)
    const { first, gone } = await withHost(persisted(), async (client) => {
      const first = await client.responses.create({ model: 'm-c', input: 'my name is Ada' })
      const gone = await client.responses.create({ model: 'm-c', input: 'forget this' })
      await client.responses.delete(gone.id)
      return { first, gone }
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).not.toContain('sb-control-test-key')

    await withHost(persisted(), async (client) => {
      expect((await client.responses.retrieve(first.id)).output_text).toBe(first.output_text)
      await expect(client.responses.retrieve(gone.id)).rejects.toMatchObject({ status: 404 })
      await client.responses.create({
        model: 'm-c',
        previous_response_id: first.id,
        input: 'what is my name?',
      })
      expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('my name is Ada')
    })
  })

  it('skips a line cut short by a crash and keeps everything before it', async () => {
    const file = join(dir, JOURNAL_FILE_NAME)
    const kept = await withHost(persisted(), (client) =>
      client.responses.create({ model: 'm-c', input: 'before the crash' }),
    )
    appendFileSync(file, '{"op":"put","id":"resp_torn","owner":"x","crea')
    await withHost(persisted(), async (client, host) => {
      expect((await client.responses.retrieve(kept.id)).id).toBe(kept.id)
      expect(host.notices.map((n) => n.message).join('\n')).toMatch(
        /1 unreadable or incomplete entries/,
      )
    })
  })

  it('turning persistence off removes the file and keeps the responses in memory', async () => {
    const file = join(dir, JOURNAL_FILE_NAME)
    await withHost(persisted(), async (client, host) => {
      const r = await client.responses.create({ model: 'm-c', input: 'still here' })
      expect(existsSync(file)).toBe(true)
      const settings = await host.getSettings()
      settings.responseStore.persist = false
      await host.updateSettings(settings)
      expect(existsSync(file)).toBe(false)
      expect((await client.responses.retrieve(r.id)).id).toBe(r.id)
      await client.responses.create({ model: 'm-c', input: 'not written' })
      expect(existsSync(file)).toBe(false)
    })
  })

  it('rewrites itself from the live state once it has grown past twice that, so the file stays bounded', async () => {
    const file = join(dir, 'bounded.jsonl')
    const store = new ResponseStore(() => ({
      enabled: true,
      maxResponses: 5,
      maxMb: 64,
      ttlHours: 24,
      persist: true,
    }))
    const { journal } = await FileJournal.open(file, store, (m) => {
      throw new Error(m)
    })
    const owner = ownerOf('k')
    const text = 'x'.repeat(100_000)
    for (let n = 0; n < 40; n++) {
      const id = `resp_${n}`
      store.put({
        id,
        owner,
        envelope: { id },
        input: [{ id: `msg_in${n}`, item: { type: 'message', role: 'user', content: text } }],
        output: [],
      })
    }
    await journal.flush()
    const size = statSync(file).size
    expect(size).toBeLessThan(2 * store.stats().bytes + (1 << 20) + 200_000)
    const reopened = new ResponseStore(() => ({
      enabled: true,
      maxResponses: 5,
      maxMb: 64,
      ttlHours: 24,
      persist: true,
    }))
    await FileJournal.open(file, reopened, () => undefined)
    expect(reopened.live().map((r) => r.id)).toEqual([
      'resp_35',
      'resp_36',
      'resp_37',
      'resp_38',
      'resp_39',
    ])
    await journal.close(true)
  })
})
