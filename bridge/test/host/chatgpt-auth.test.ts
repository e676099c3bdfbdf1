// The sign-in the UI starts, as the control API reports it: open, then added or renewed (by whom), refused, or
// cancelled without a word; and which pool account new conversations go to, and which is the reserve.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthStatus } from '../../control/contract/accounts.js'
import { ChatgptAuth } from '../../host/chatgpt-auth.js'
import type { AccountsSettings } from '../../upstream/chatgpt/account-choice.js'
import { UsageTracker } from '../../upstream/chatgpt/usage-tracker.js'
import { parseUsageHeaders } from '../../upstream/chatgpt/usage-limits.js'
import { authHarness, type AuthHarness } from '../auth/auth-harness.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }
const BOB = { email: 'bob@example.com', accountId: 'bbbbbbbb-2222-4333-8444-555555555555' }

let h: AuthHarness
let auth: ChatgptAuth
let usage: UsageTracker
let settings: AccountsSettings | undefined
let heard: AuthStatus[]

beforeEach(async () => {
  h = await authHarness()
  usage = new UsageTracker()
  settings = undefined
  auth = new ChatgptAuth(h.pool, { usage, accountsSettings: () => settings })
  heard = []
  auth.onChange((s) => heard.push(s))
})

afterEach(async () => h.close())

/** The browser's part of a sign-in: the authorize page redirects to the loopback callback. */
async function completeInBrowser(): Promise<void> {
  const start = await auth.signIn('browser', async () => undefined)
  if (start.method !== 'browser') throw new Error('expected a browser sign-in')
  const redirect = await fetch(start.authorizeUrl, { redirect: 'manual' })
  const location = redirect.headers.get('location')
  if (!location) throw new Error('the issuer did not redirect')
  await fetch(location)
}

async function until(check: (s: AuthStatus) => boolean): Promise<AuthStatus> {
  for (let i = 0; i < 200; i++) {
    const s = await auth.status()
    if (check(s)) return s
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('the sign-in never ended')
}

describe('a sign-in started from the UI', () => {
  it('is open until it ends, then says who signed in and whether they are new to the pool', async () => {
    h.issuer.setIdentity(ADA)
    await completeInBrowser()
    let s = await until((x) => x.signIn?.state === 'done')
    expect(s.signIn).toMatchObject({ method: 'browser', account: ADA.email, added: true })
    expect(heard.some((x) => x.signIn?.state === 'pending')).toBe(true)
    expect(heard.at(-1)?.signIn?.state).toBe('done')

    h.issuer.setIdentity(BOB)
    await completeInBrowser()
    s = await until((x) => x.signIn?.account === BOB.email)
    expect(s.signIn).toMatchObject({ state: 'done', added: true })
    expect(s.accounts?.map((a) => a.email)).toEqual([ADA.email, BOB.email])

    h.issuer.setIdentity(ADA)
    await completeInBrowser()
    s = await until((x) => x.signIn?.account === ADA.email)
    expect(s.signIn).toMatchObject({ state: 'done', added: false })
    expect(s.accounts).toHaveLength(2)
  })

  it('a cancelled sign-in leaves no trace; a refused one says why', async () => {
    await auth.signIn('browser', async () => undefined)
    expect((await auth.status()).signIn?.state).toBe('pending')
    await auth.cancelSignIn()
    expect((await auth.status()).signIn).toBeUndefined()

    const refusing = await authHarness({
      denyAuthorize: { error: 'access_denied', description: 'the user said no' },
    })
    try {
      auth = new ChatgptAuth(refusing.pool, { usage })
      await completeInBrowser()
      const s = await until((x) => x.signIn?.state !== 'pending')
      expect(s.signIn?.state).toBe('failed')
      expect(s.signIn?.message).toMatch(/access_denied|the user said no/)
      expect(s.accounts).toBeUndefined()
    } finally {
      await refusing.close()
    }
  })
})

describe('the pool as the UI lists it', () => {
  const reading = (primary: number) =>
    parseUsageHeaders({
      'x-codex-primary-used-percent': String(primary),
      'x-codex-primary-window-minutes': '300',
      'x-codex-primary-reset-after-seconds': '3600',
      'x-codex-secondary-used-percent': '5',
      'x-codex-secondary-window-minutes': '10080',
      'x-codex-secondary-reset-after-seconds': '400000',
    })

  it('marks the account new conversations go to, and the reserve, as the settings say', async () => {
    for (const who of [ADA, BOB]) {
      h.issuer.setIdentity(who)
      await completeInBrowser()
      await until((x) => x.signIn?.account === who.email)
    }
    const marks = async () =>
      ((await auth.status()).accounts ?? []).map((a) => [
        a.email,
        a.servesNext === true,
        a.reserve === true,
      ])
    expect(await marks()).toEqual([
      [ADA.email, true, false],
      [BOB.email, false, false],
    ])
    settings = { reserve: ADA.email }
    expect(await marks()).toEqual([
      [ADA.email, false, true],
      [BOB.email, true, false],
    ])
    // Past the switch point the reserve serves again.
    usage.record(reading(90)!, BOB.accountId)
    settings = { reserve: ADA.email, switchAtPercent: 80 }
    expect(await marks()).toEqual([
      [ADA.email, true, true],
      [BOB.email, false, false],
    ])
  })
})
