// A usage limit saved before a restart, through the real composition root (createHost: usage file beside the
// settings, restored at start) and the official OpenAI client: it still holds after a restart while it lasts,
// and once its reset time has passed the restarted gateway serves from that account again.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fileSettingsStore } from '../../control/file-stores.js'
import { createHost, type BuiltHost } from '../../host/create-host.js'
import { USAGE_FILE } from '../../host/usage-file.js'
import { memoryKeys } from '../control/host-helpers.js'
import type { AuthHarness } from '../auth/auth-harness.js'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { fakeUsage, poolSettings, startPoolBackend } from './chatgpt-pool.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = { email: 'bob@example.com', accountId: 'bbbbbbbb-2222-4333-8444-555555555555' }
const HOUR = 3600_000

let auth: AuthHarness
let backend: FakeCodexBackend
let dir = ''
let built: BuiltHost | undefined

beforeAll(async () => {
  ;({ auth, backend } = await startPoolBackend([ADA, BOB]))
  dir = await mkdtemp(join(tmpdir(), 'sb-restart-'))
  const settings = poolSettings(backend)
  settings.auth = { issuer: auth.issuer.url }
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings))
})

afterEach(async () => {
  await built?.host.close()
  built = undefined
  vi.useRealTimers()
})

afterAll(async () => {
  await backend.close()
  await auth.close()
  // Close awaited the host's last usage write: nothing is still landing in the folder.
  await rm(dir, { recursive: true, force: true })
})

/** A gateway process starting on the same settings directory and keychain. */
async function start(): Promise<OpenAI> {
  const keys = memoryKeys()
  built = await createHost({
    env: {},
    configDir: dir,
    settingsStore: fileSettingsStore(join(dir, 'settings.json')),
    openSecrets: async () => auth.store,
    accessKeys: keys,
  })
  const url = (await built.host.startGateway()).url ?? ''
  return new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
}

/** One request; the accounts the backend was asked with, in order. */
async function ask(client: OpenAI, conversation: string): Promise<string[]> {
  const before = backend.responseRequests().length
  const answer = await client.responses.create({
    model: 'gpt-5.5',
    input: 'hi',
    prompt_cache_key: conversation,
  })
  expect(answer.status).toBe('completed')
  return backend
    .responseRequests()
    .slice(before)
    .map((r) => String(r.headers['chatgpt-account-id']))
}

async function savedLimit(accountId: string): Promise<number | undefined> {
  const file = JSON.parse(await readFile(join(dir, USAGE_FILE), 'utf8')) as {
    accounts: Record<string, { limitedUntil?: number }>
  }
  return file.accounts[accountId]?.limitedUntil
}

describe('a usage limit saved before a restart', () => {
  it('holds while it lasts, and blocks nothing once its reset time has passed', async () => {
    // ADA, first in sign-in order, is at its limit for an hour: the backend refuses it and BOB answers.
    backend.setUsage(fakeUsage(100, 10, 3600))
    backend.setAccountUsage(BOB.accountId, fakeUsage(10))
    const first = await start()
    expect(await ask(first, 'before-restart')).toEqual([ADA.accountId, BOB.accountId])
    await vi.waitFor(async () =>
      expect(await savedLimit(ADA.accountId)).toBeGreaterThan(Date.now()),
    )
    const until = (await savedLimit(ADA.accountId)) ?? 0
    await built?.host.close()

    // Restarted within the hour: the saved limit still holds, so ADA is not even tried.
    const again = await start()
    expect(built?.chatgpt.usage.limitedUntil(ADA.accountId)).toBe(until)
    expect(await ask(again, 'within-the-hour')).toEqual([BOB.accountId])
    await built?.host.close()

    // Restarted after the reset (the clock moved two hours; ADA's window started again on the backend).
    backend.setUsage(fakeUsage(5))
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    vi.setSystemTime(Date.now() + 2 * HOUR)
    const later = await start()
    // The stale time was restored with the rest of the usage, and it blocks nothing: ADA serves first.
    expect(built?.chatgpt.usage.limitedUntil(ADA.accountId)).toBe(until)
    expect(until).toBeLessThan(Date.now())
    expect(await ask(later, 'after-the-reset')).toEqual([ADA.accountId])
    // The control API says so too.
    const accounts = (await built?.host.authStatus())?.accounts ?? []
    expect(accounts.find((a) => a.id === ADA.accountId)).toMatchObject({
      state: 'ready',
      servesNext: true,
    })
  })
})
