// The usage history: every answered exchange adds its tokens to a SQLite database in the config directory,
// the history survives a restart, an unreadable file is moved aside (and reported), and `switchboard usage`
// prints it as JSON or a table.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Anthropic from '@anthropic-ai/sdk'
import Database from 'better-sqlite3'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runUsage, usageTable } from '../../cli/usage-command.js'
import type { HostNotice } from '../../control/contract/gateway-status.js'
import type { UsageRow } from '../../control/contract/usage-history.js'
import { openUsageLedger } from '../../usage/open-ledger.js'
import { FLUSH_MS, localDay, USAGE_DB_FILE, UsageDb } from '../../usage/usage-db.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { settingsFor } from '../helpers/gateway.js'
import { startHost } from '../control/host-helpers.js'

let fakes: AllFakes
let dir: string
beforeAll(async () => {
  fakes = await startAllFakes()
  dir = await mkdtemp(join(tmpdir(), 'sb-usage-'))
})
afterAll(async () => {
  await fakes.close()
  await rm(dir, { recursive: true, force: true })
})

function capture(): { out: Writable; text: () => string } {
  let text = ''
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  return { out, text: () => text }
}

async function usageCli(home: string, args: string[]): Promise<string> {
  const { out, text } = capture()
  expect(await runUsage(args, { SWITCHBOARD_HOME: home }, out)).toBe(0)
  return text()
}

describe('usage history', () => {
  it('records each exchange per day × model × provider, keeps it across a restart, and `switchboard usage` prints it', async () => {
    const home = join(dir, 'restart')
    const settings = settingsFor('openai-chat', fakes.chat, (s) => {
      s.providers.push({
        id: 'claude',
        kind: 'anthropic',
        baseUrl: fakes.anthropic.url,
        apiKeyEnv: 'FAKE_UPSTREAM_KEY',
      })
    })
    const first = await startHost(structuredClone(settings), { dataDir: home })
    let expected: UsageRow[]
    try {
      const openai = new OpenAI({
        apiKey: first.keys.key,
        baseURL: `${first.url}/v1`,
        maxRetries: 0,
      })
      await openai.chat.completions.create({
        model: 'model-a',
        messages: [{ role: 'user', content: 'hi' }],
      })
      const stream = await openai.chat.completions.create({
        model: 'model-a',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'hello again' }],
      })
      for await (const _ of stream) void _
      const anthropic = new Anthropic({ apiKey: first.keys.key, baseURL: first.url, maxRetries: 0 })
      await anthropic.messages.create({
        model: 'claude/claude-sonnet-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      })
      const entries = first.host.log.snapshot()
      expect(entries).toHaveLength(3)
      const sum = (
        provider: string,
        pick: (u: NonNullable<(typeof entries)[0]['usage']>) => number,
      ) =>
        entries
          .filter((e) => e.provider === provider)
          .reduce((a, e) => a + (e.usage ? pick(e.usage) : 0), 0)
      const today = localDay(Date.now())
      expected = [
        {
          day: today,
          model: 'claude-sonnet-4-5',
          provider: 'claude',
          account: '',
          inputTokens: sum('claude', (u) => u.inputTokens),
          cachedInputTokens: sum('claude', (u) => u.cachedInputTokens),
          outputTokens: sum('claude', (u) => u.outputTokens),
          reasoningTokens: sum('claude', (u) => u.reasoningTokens),
        },
        {
          day: today,
          model: 'model-a',
          provider: 'up',
          account: '',
          inputTokens: sum('up', (u) => u.inputTokens),
          cachedInputTokens: sum('up', (u) => u.cachedInputTokens),
          outputTokens: sum('up', (u) => u.outputTokens),
          reasoningTokens: sum('up', (u) => u.reasoningTokens),
        },
      ]
      expect(expected[1]?.inputTokens).toBeGreaterThan(0)
      expect(expected[0]?.outputTokens).toBeGreaterThan(0)
      const history = await first.host.usageHistory({ days: 7 })
      expect(history.available).toBe(true)
      expect(history.rows).toEqual(expected)
    } finally {
      await first.host.close()
    }

    // A new process on the same directory: the rows are still there, and new ones add to them.
    const second = await startHost(structuredClone(settings), { dataDir: home })
    try {
      expect((await second.host.usageHistory()).rows).toEqual(expected)
      expect(second.host.notices.filter((n) => n.code === 'usage-history')).toEqual([])
      const json = JSON.parse(await usageCli(home, ['--json'])) as UsageRow[]
      expect(json).toEqual(expected)
      const table = await usageCli(home, ['--days', '3'])
      const lines = table.trimEnd().split('\n')
      expect(lines[0]).toMatch(
        /^day\s+provider\s+account\s+model\s+input\s+cached\s+output\s+reasoning$/,
      )
      expect(lines[1]).toContain('claude-sonnet-4-5')
      expect(lines[2]).toMatch(new RegExp(`^${expected[1]?.day}\\s+up\\s+-\\s+model-a\\s+`))
      expect(lines[3]).toMatch(/^total/)
    } finally {
      await second.host.close()
    }
  })

  it('keeps the tokens of a request that finishes while the host closes', async () => {
    const home = join(dir, 'closing')
    const { host, url, keys } = await startHost(settingsFor('openai-chat', fakes.chat), {
      dataDir: home,
    })
    const openai = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
    // The fake paces its frames: the answer is still streaming when close starts.
    const stream = await openai.chat.completions.create({
      model: 'model-slow-40',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    })
    const chunks = stream[Symbol.asyncIterator]()
    await chunks.next()
    const closed = host.close()
    for (let c = await chunks.next(); !c.done; c = await chunks.next()) void c
    await closed
    const db = UsageDb.openReadOnly(join(home, USAGE_DB_FILE))
    try {
      expect(db?.rows(1).map((r) => [r.model, r.outputTokens > 0])).toEqual([
        ['model-slow-40', true],
      ])
    } finally {
      db?.close()
    }
  })

  it('moves an unreadable database aside with a notice, starts a fresh one, and keeps the old bytes', async () => {
    const home = join(dir, 'corrupt')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(home, { recursive: true })
    const garbage = 'this is not a SQLite database\n'.repeat(200)
    await writeFile(join(home, USAGE_DB_FILE), garbage)
    const { host, url, keys } = await startHost(settingsFor('openai-chat', fakes.chat), {
      dataDir: home,
    })
    try {
      const notice = host.notices.find((n) => n.code === 'usage-history')
      expect(notice?.message).toMatch(/could not be read .* moved to .*corrupt/)
      expect(notice?.keptAs).toBeDefined()
      expect(await readFile(notice?.keptAs ?? '', 'utf8')).toBe(garbage)
      expect((await readdir(home)).filter((f) => f.includes('.corrupt-'))).toHaveLength(1)
      const openai = new OpenAI({ apiKey: keys.key, baseURL: `${url}/v1`, maxRetries: 0 })
      await openai.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect((await host.usageHistory()).rows).toHaveLength(1)
      expect(JSON.parse(await usageCli(home, ['--json']))).toHaveLength(1)
    } finally {
      await host.close()
    }
  })

  it('leaves the database where it is when SQLite itself cannot load (a binding built for another runtime)', async () => {
    const home = join(dir, 'foreign-binding')
    const path = join(home, USAGE_DB_FILE)
    const first = UsageDb.open(path)
    first.db.add({
      day: localDay(Date.now()),
      model: 'm',
      provider: 'p',
      account: '',
      inputTokens: 5,
      cachedInputTokens: 0,
      outputTokens: 2,
      reasoningTokens: 0,
    })
    first.db.close()
    const before = await readFile(path)
    const binding = join(home, 'better_sqlite3.node')
    await writeFile(binding, 'not a shared object')
    const notices: HostNotice[] = []
    const opened = openUsageLedger(home, (n) => notices.push(n), undefined, binding)
    expect(opened.db).toBeUndefined()
    expect(notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/could not open .*usage is not recorded/),
    ])
    expect(notices[0]?.keptAs).toBeUndefined()
    expect(await readFile(path)).toEqual(before)
    expect((await readdir(home)).filter((f) => f.includes('.corrupt-'))).toEqual([])
    const again = UsageDb.open(path)
    expect(again.keptAs).toBeUndefined()
    expect(again.db.rows(1).map((r) => r.inputTokens)).toEqual([5])
    again.db.close()
  })

  it('the CLI refuses a bad --days and reads an absent history as empty', async () => {
    const home = join(dir, 'empty')
    expect(JSON.parse(await usageCli(home, ['--json']))).toEqual([])
    expect(await usageCli(home, [])).toBe('No usage recorded in this period.\n')
    await expect(runUsage(['--days', '0'], { SWITCHBOARD_HOME: home })).rejects.toThrow(/--days/)
  })

  it('keeps only the asked-for days and adds rows up per key', () => {
    const path = join(dir, 'days', USAGE_DB_FILE)
    const { db } = UsageDb.open(path)
    try {
      const now = new Date(2026, 2, 10, 12).getTime()
      const row = (day: string, account = ''): UsageRow => ({
        day,
        model: 'gpt-5',
        provider: 'p',
        account,
        inputTokens: 100,
        cachedInputTokens: 40,
        outputTokens: 10,
        reasoningTokens: 2,
      })
      db.add(row('2026-03-01'))
      db.add(row('2026-03-09'))
      db.add(row('2026-03-10'))
      db.add(row('2026-03-10'))
      db.add(row('2026-03-10', 'acct-2'))
      expect(db.rows(1, now)).toEqual([
        {
          ...row('2026-03-10'),
          inputTokens: 200,
          cachedInputTokens: 80,
          outputTokens: 20,
          reasoningTokens: 4,
        },
        row('2026-03-10', 'acct-2'),
      ])
      expect(db.rows(2, now).map((r) => r.day)).toEqual(['2026-03-09', '2026-03-10', '2026-03-10'])
      expect(db.rows(30, now)).toHaveLength(4)
      expect(usageTable(db.rows(1, now))).toContain('acct-2')
    } finally {
      db.close()
    }
  })

  it('writes the rows of a burst together within FLUSH_MS, yet every read (and close, and exit) sees them at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const path = join(dir, 'batched', USAGE_DB_FILE)
    const { db } = UsageDb.open(path)
    const onDisk = (): { day: string; input: number; requests: number }[] => {
      const reader = new Database(path, { readonly: true })
      try {
        return reader
          .prepare('SELECT day, input_tokens AS input, requests FROM usage ORDER BY day')
          .all() as { day: string; input: number; requests: number }[]
      } finally {
        reader.close()
      }
    }
    const row = (day: string): UsageRow => ({
      day,
      model: 'm',
      provider: 'p',
      account: '',
      inputTokens: 10,
      cachedInputTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    })
    try {
      for (let i = 0; i < 3; i++) db.add(row('2026-03-10'))
      expect(onDisk()).toEqual([])
      vi.advanceTimersByTime(FLUSH_MS)
      expect(onDisk()).toEqual([{ day: '2026-03-10', input: 30, requests: 3 }])

      db.add(row('2026-03-10'))
      expect(db.rows(1, new Date(2026, 2, 10, 12).getTime())[0]?.inputTokens).toBe(40)
      expect(onDisk()).toEqual([{ day: '2026-03-10', input: 40, requests: 4 }])

      // A process that exits without closing (an uncaught error) still writes what it had added.
      const before = process.listeners('exit')
      db.add(row('2026-03-11'))
      const added = process.listeners('exit').filter((l) => !before.includes(l))
      expect(added).toHaveLength(1)
      for (const listener of added) listener(0)
      expect(onDisk().at(-1)).toEqual({ day: '2026-03-11', input: 10, requests: 1 })

      db.add(row('2026-03-12'))
    } finally {
      db.close()
      vi.useRealTimers()
    }
    expect(onDisk().at(-1)).toEqual({ day: '2026-03-12', input: 10, requests: 1 })
  })
})
