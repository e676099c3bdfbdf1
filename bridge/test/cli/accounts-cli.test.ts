// `switchboard login` adds accounts, `accounts [--json]` lists them with state and usage, `logout --account`
// removes one: the commands scripts use, run against the fake issuer with the opt-in file secret store.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { accountSecretName } from '../../auth/account-pool.js'
import { ISSUER_ENV } from '../../auth/auth-config.js'
import { main } from '../../cli.js'
import { accountViews, runAccounts } from '../../cli/accounts-command.js'
import { authContext } from '../../cli/auth-context.js'
import { runLogin, runLogout, runStatus } from '../../cli/auth-commands.js'
import { defaultChatgptProvider, defaultSettings } from '../../config/defaults.js'
import type { AccountView } from '../../control/contract/accounts.js'
import { ChatgptAuth } from '../../host/chatgpt-auth.js'
import { readUsage, writeUsage } from '../../host/usage-file.js'
import { UsageTracker } from '../../upstream/chatgpt/usage-tracker.js'
import { startFakeIssuer, type FakeIssuer } from '../fakes/fake-issuer.js'

const ADA = '11111111-2222-4333-8444-555555555555'
const BOB = 'bbbbbbbb-2222-4333-8444-555555555555'
const CAROL = 'cccccccc-2222-4333-8444-555555555555'

let dir = ''
let issuer: FakeIssuer
let env: NodeJS.ProcessEnv = {}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-accounts-'))
  issuer = await startFakeIssuer({ deviceInterval: '0.01', devicePolls: ['approve'] })
  env = { HOME: dir, [ISSUER_ENV]: issuer.url }
  await writeFile(join(dir, 'settings.json'), JSON.stringify(defaultSettings()))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await issuer.close()
  await rm(dir, { recursive: true, force: true })
})

const common = (): string[] => ['--config', join(dir, 'settings.json'), '--secret-store', 'file']

/** Runs a command and returns what it printed. */
async function run(
  command: (argv: string[], env: NodeJS.ProcessEnv) => Promise<number>,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk)
    return true
  })
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk)
    return true
  })
  try {
    return { code: await command([...argv, ...common()], env), out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

async function secrets(): Promise<Record<string, string>> {
  const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as {
    secrets: Record<string, string>
  }
  return file.secrets
}

describe('switchboard login / accounts / logout', () => {
  it('adds a second account, renews a known one, lists both and removes one by email', async () => {
    expect((await run(runLogin, ['--device'])).out).toMatch(
      /ChatGPT accounts: 1 \(ada@example.com\)/,
    )
    issuer.setIdentity({ email: 'bob@example.com', accountId: BOB, planType: 'pro' })
    const second = await run(runLogin, ['--device'])
    expect(second.code).toBe(0)
    expect(second.out).toMatch(/ChatGPT accounts: 2 \(ada@example.com, bob@example.com\)/)
    const renewed = await run(runLogin, ['--device'])
    expect(renewed.out).toMatch(/ChatGPT accounts: 2 /)

    const stored = await secrets()
    expect(Object.keys(stored).sort()).toEqual(
      ['chatgpt-accounts', accountSecretName(ADA), accountSecretName(BOB)].sort(),
    )

    const listed = await run(runAccounts, ['--json'])
    const views = JSON.parse(listed.out) as AccountView[]
    expect(views).toEqual([
      {
        id: ADA,
        email: 'ada@example.com',
        plan: 'plus',
        state: 'ready',
        mode: 'own',
        servesNext: true,
      },
      { id: BOB, email: 'bob@example.com', plan: 'pro', state: 'ready', mode: 'own' },
    ])
    expect((await run(runAccounts, [])).out).toMatch(
      /ada@example.com \(plus\): ready[\s\S]*bob@example.com \(pro\): ready/,
    )

    const out = await run(runLogout, ['--account', 'bob@example.com'])
    expect(out.out).toMatch(/Signed out bob@example.com and revoked its refresh token/)
    expect(Object.keys(await secrets())).not.toContain(accountSecretName(BOB))
    expect(JSON.parse((await run(runAccounts, ['--json'])).out)).toMatchObject([{ id: ADA }])
    const unknown = await run(runLogout, ['--account', 'carol@example.com'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(
      /no signed-in account 'carol@example.com' \(accounts: ada@example.com\)/,
    )
    expect((await run(runLogout, [])).out).toMatch(/Signed out ada@example.com/)
    expect(JSON.parse((await run(runAccounts, ['--json'])).out)).toEqual([])
  })

  it('shows usage, limited until …, and the burn-rate forecast the gateway saved', async () => {
    await run(runLogin, ['--device'])
    issuer.setIdentity({ email: 'bob@example.com', accountId: BOB, planType: 'pro' })
    await run(runLogin, ['--device'])
    const now = Date.now()
    const reset = now + 3 * 3600_000
    await writeUsage(dir, {
      [ADA]: {
        primary: { usedPercent: 60, windowMinutes: 300, resetsAt: reset },
        secondary: { usedPercent: 20, windowMinutes: 10080, resetsAt: now + 5 * 86400_000 },
        updatedAt: now,
        // 40 points in the last 30 minutes: at 80 per hour the last 40 go in 30 minutes, before the reset.
        samples: [
          { at: now - 30 * 60_000, fiveHour: { usedPercent: 20, resetsAt: reset } },
          { at: now, fiveHour: { usedPercent: 60, resetsAt: reset } },
        ],
      },
      [BOB]: {
        primary: { usedPercent: 100, windowMinutes: 300, resetsAt: now + 3600_000 },
        updatedAt: now,
        samples: [],
      },
    })
    const views = JSON.parse((await run(runAccounts, ['--json'])).out) as AccountView[]
    expect(views[0]).toMatchObject({
      id: ADA,
      state: 'ready',
      usage: {
        primary: { usedPercent: 60, windowMinutes: 300, resetsAt: new Date(reset).toISOString() },
        secondary: { usedPercent: 20, windowMinutes: 10080 },
      },
    })
    const runsOut = Date.parse(views[0]?.usage?.primary?.runsOutAt ?? '')
    expect(Math.abs(runsOut - (now + 30 * 60_000))).toBeLessThan(5_000)
    expect(views[1]).toMatchObject({
      id: BOB,
      state: 'limited',
      limitedUntil: new Date(now + 3600_000).toISOString(),
    })
    const text = (await run(runAccounts, [])).out
    expect(text).toMatch(
      /bob@example.com \(pro\): limited until (?:\w{3} (?:\d{1,2} \w{3} )?)?\d\d:\d\d/,
    )
    expect(text).toMatch(
      /at this rate the 5-hour window runs out at (?:\w{3} (?:\d{1,2} \w{3} )?)?\d\d:\d\d/,
    )
    const status = (await run(runStatus, [])).out
    expect(status).toMatch(/ChatGPT accounts:  2/)
    expect(status).toMatch(/at this rate the 5-hour window runs out at/)
  })

  it('marks the account new conversations go to and the reserve, exactly as the control API does', async () => {
    await run(runLogin, ['--device'])
    issuer.setIdentity({ email: 'bob@example.com', accountId: BOB, planType: 'pro' })
    await run(runLogin, ['--device'])
    issuer.setIdentity({ email: 'carol@example.com', accountId: CAROL, planType: 'pro' })
    await run(runLogin, ['--device'])
    const settings = defaultSettings()
    const accounts = {
      order: ['carol@example.com'],
      reserve: 'ada@example.com',
      switchAtPercent: 80,
    }
    settings.providers = [{ ...defaultChatgptProvider(), accounts }]
    await writeFile(join(dir, 'settings.json'), JSON.stringify(settings))
    const now = Date.now()
    // Carol (first in order) is past the switch point, Bob below it: Bob serves next, Ada is held back.
    const saved = {
      [CAROL]: {
        primary: { usedPercent: 85, windowMinutes: 300, resetsAt: now + 3600_000 },
        updatedAt: now,
        samples: [],
      },
      [BOB]: {
        primary: { usedPercent: 10, windowMinutes: 300, resetsAt: now + 3600_000 },
        updatedAt: now,
        samples: [],
      },
    }
    await writeUsage(dir, saved)
    const marks = (views: AccountView[]) =>
      views.map((v) => [v.email, v.servesNext === true, v.reserve === true])
    const listed = JSON.parse((await run(runAccounts, ['--json'])).out) as AccountView[]
    expect(marks(listed)).toEqual([
      ['carol@example.com', false, false],
      ['ada@example.com', false, true],
      ['bob@example.com', true, false],
    ])
    // The control API over the same pool, usage and settings lists the same views.
    // The human-readable list says the same, in the UI's words.
    const text = (await run(runAccounts, [])).out
    expect(text).toMatch(
      /\nNew conversations go to bob@example\.com, switching at 80% of a window\.\nReserve: ada@example\.com serves only when every other account is past 80% of a window\./,
    )
    expect(text).toMatch(/carol@example\.com \(pro\): ready\n/)
    expect(text).toMatch(/ada@example\.com \(plus\): ready {2}\[reserve\]\n/)
    expect(text).toMatch(/bob@example\.com \(pro\): ready {2}\[serves new conversations\]\n/)
    const ctx = await authContext({ config: join(dir, 'settings.json'), secretStore: 'file' }, env)
    const usage = new UsageTracker()
    usage.restore(await readUsage(dir))
    const host = new ChatgptAuth(ctx.accounts, { usage, accountsSettings: () => accounts })
    expect(await accountViews(ctx, now)).toEqual(await host.accounts(now))
    // Once Bob passes the switch point too, the reserve serves.
    saved[BOB].primary.usedPercent = 90
    await writeUsage(dir, saved)
    const later = JSON.parse((await run(runAccounts, ['--json'])).out) as AccountView[]
    expect(marks(later)).toEqual([
      ['carol@example.com', false, false],
      ['ada@example.com', true, true],
      ['bob@example.com', false, false],
    ])
    expect((await run(runAccounts, [])).out).toMatch(
      /ada@example\.com \(plus\): ready {2}\[serves new conversations, reserve\][\s\S]*\nNew conversations go to ada@example\.com/,
    )
    // When nobody can serve, the list says so rather than naming nobody.
    for (const id of [ADA, BOB, CAROL])
      (saved as Record<string, (typeof saved)[typeof BOB]>)[id] = {
        primary: { usedPercent: 100, windowMinutes: 300, resetsAt: now + 3600_000 },
        updatedAt: now,
        samples: [],
      }
    await writeUsage(dir, saved)
    const none = (await run(runAccounts, [])).out
    expect(none).toMatch(/None can serve new conversations right now, switching at 80%/)
    expect(none).not.toMatch(/serves new conversations\]/)
  })

  it('each ChatGPT command takes --config and --secret-store besides its own options, and refuses the rest', async () => {
    const commands = {
      login: runLogin,
      logout: runLogout,
      status: runStatus,
      accounts: runAccounts,
    }
    const refused = async (
      command: (argv: string[], env: NodeJS.ProcessEnv) => Promise<number>,
      argv: string[],
    ): Promise<string> => {
      const error = await command(argv, env).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toMatchObject({ code: expect.stringMatching(/^ERR_PARSE_ARGS/) })
      return (error as Error).message
    }
    for (const command of Object.values(commands)) {
      expect(await refused(command, ['--bogus'])).toBe("Unknown option '--bogus'")
      expect(await refused(command, ['extra'])).toMatch(/^Unexpected argument 'extra'/)
      expect(await refused(command, ['--config'])).toMatch(
        /^Option '--config <value>' argument missing/,
      )
      expect(await refused(command, ['--secret-store'])).toMatch(
        /^Option '--secret-store <value>' argument missing/,
      )
    }
    // Another command's options are not taken.
    expect(await refused(commands.logout, ['--json'])).toMatch(/^Unknown option '--json'/)
    expect(await refused(commands.accounts, ['--account', 'x'])).toMatch(
      /^Unknown option '--account'/,
    )
    expect(await refused(commands.status, ['--device'])).toMatch(/^Unknown option '--device'/)
    expect(await refused(commands.login, ['--device=yes'])).toMatch(
      /^Option '--device' does not take an argument/,
    )
    // Both options are read: the settings named by --config, the file store named by --secret-store.
    const other = join(dir, 'other')
    await mkdir(other)
    const settings = defaultSettings()
    settings.server.port = 18_301
    await writeFile(join(other, 'settings.json'), JSON.stringify(settings))
    let out = ''
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk)
      return true
    })
    try {
      expect(
        await runStatus(
          ['--json', '--config', join(other, 'settings.json'), '--secret-store', 'file'],
          env,
        ),
      ).toBe(0)
    } finally {
      o.mockRestore()
    }
    expect(JSON.parse(out)).toMatchObject({
      settings: join(other, 'settings.json'),
      server: { port: 18_301 },
    })
    await expect(
      runStatus(['--config', join(other, 'settings.json'), '--secret-store', 'vault'], env),
    ).rejects.toThrow(/secret-store/)
  })

  it('is a command of the CLI and says so in its help', async () => {
    let out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk)
      return true
    })
    expect(await main(['help'])).toBe(0)
    expect(out).toMatch(/accounts\s+list the ChatGPT accounts/)
    expect(out).toMatch(/--account EMAIL\|ID/)
  })
})
