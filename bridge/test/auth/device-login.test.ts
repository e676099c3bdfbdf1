// Device-code sign-in against the fake issuer: pending polls, slow_down, expiry, cancel, and an issuer without it.
import { afterEach, describe, expect, it } from 'vitest'
import { loginWithDeviceCode } from '../../auth/device-login.js'
import type { DeviceCodePrompt } from '../../auth/device-login.js'
import type { AuthHarness } from './auth-harness.js'
import { ADA_ACCOUNT, authHarness } from './auth-harness.js'

let h: AuthHarness
afterEach(async () => h.close())

/** A sleep that only moves the harness clock, and records how long it was asked to wait. */
function fakeSleep(h: AuthHarness, waits: number[]) {
  return async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted === true) throw new Error('aborted')
    waits.push(ms)
    h.clock.now += ms
  }
}

describe('device code login', () => {
  it('polls while pending, then exchanges the code and stores the tokens', async () => {
    h = await authHarness({ deviceInterval: '2', devicePolls: ['pending', 'pending', 'approve'] })
    const prompts: DeviceCodePrompt[] = []
    const waits: number[] = []
    const status = await h.pool.loginWithDeviceCode({
      onUserCode: (p) => prompts.push(p),
      sleep: fakeSleep(h, waits),
      now: () => h.clock.now,
    })
    expect(prompts).toHaveLength(1)
    expect(prompts[0]?.verificationUrl).toBe(`${h.issuer.url}/codex/device`)
    expect(prompts[0]?.userCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{6}$/)
    expect(waits).toEqual([2000, 2000, 2000])
    expect(h.issuer.counts.devicePolls).toBe(3)
    expect(h.issuer.counts.codeExchanges).toBe(1)
    expect(status).toMatchObject({
      id: ADA_ACCOUNT,
      signedIn: true,
      email: 'ada@example.com',
      mode: 'own',
    })
    expect((await h.storedAccount())?.refresh_token).toMatch(/^rt_/)
    expect((await h.pool.accounts()).map((a) => a.id)).toEqual([ADA_ACCOUNT])
  })

  it('waits 5 s longer after slow_down', async () => {
    h = await authHarness({
      deviceInterval: '1',
      devicePolls: ['pending', 'slow_down', 'pending', 'approve'],
    })
    const waits: number[] = []
    await loginWithDeviceCode({
      config: h.config,
      onUserCode: () => undefined,
      sleep: fakeSleep(h, waits),
      now: () => h.clock.now,
    })
    expect(waits).toEqual([1000, 1000, 6000, 6000])
  })

  it('gives up when the code expires (15 min by default)', async () => {
    h = await authHarness({ deviceInterval: '5', devicePolls: ['pending'] })
    const waits: number[] = []
    const run = loginWithDeviceCode({
      config: h.config,
      onUserCode: () => undefined,
      sleep: fakeSleep(h, waits),
      now: () => h.clock.now,
    })
    await expect(run).rejects.toMatchObject({ code: 'device_code_expired' })
    expect(h.issuer.counts.devicePolls).toBe((15 * 60) / 5 - 1)
    expect(h.issuer.counts.codeExchanges).toBe(0)
  })

  it('stops when the issuer says the code expired', async () => {
    h = await authHarness({ deviceInterval: '1', devicePolls: ['pending', 'expired'] })
    const run = loginWithDeviceCode({
      config: h.config,
      onUserCode: () => undefined,
      sleep: fakeSleep(h, []),
      now: () => h.clock.now,
    })
    await expect(run).rejects.toMatchObject({ code: 'device_code_expired' })
  })

  it('is cancelled by an AbortSignal while waiting', async () => {
    h = await authHarness({ deviceInterval: '30', devicePolls: ['pending'] })
    const abort = new AbortController()
    const run = loginWithDeviceCode({
      config: h.config,
      onUserCode: () => abort.abort(),
      signal: abort.signal,
    })
    await expect(run).rejects.toMatchObject({ code: 'login_cancelled' })
    expect(h.issuer.counts.devicePolls).toBe(0)
  })

  it('says so when the issuer has no device code login', async () => {
    h = await authHarness({ deviceEnabled: false })
    const run = loginWithDeviceCode({ config: h.config, onUserCode: () => undefined })
    await expect(run).rejects.toMatchObject({ code: 'device_code_unsupported' })
  })
})
