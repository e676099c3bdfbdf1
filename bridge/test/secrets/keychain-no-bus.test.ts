// The real keytar with no reachable session bus: the probe must fail fast with the reason, not hang.
import { beforeAll, describe, expect, it } from 'vitest'
import { probeKeychain } from '../../secrets/keychain-probe.js'
import { openSecretStore } from '../../secrets/open-secret-store.js'

// Each test file runs in its own process, so this bus address is the only one libsecret here ever sees.
beforeAll(() => {
  process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/switchboard-test-bus'
})

describe('no Secret Service', () => {
  it('probe reports no session bus within its bound', async () => {
    const probe = await probeKeychain({ timeoutMs: 3_000 })
    expect(probe).toMatchObject({ available: false, reason: 'no_session_bus' })
    if (!probe.available) expect(probe.message).toMatch(/D-Bus session bus.*Could not connect/)
  })

  it('openSecretStore refuses to fall back silently', async () => {
    await expect(
      openSecretStore({ dir: '/tmp/sb-nobus', allowFile: false, timeoutMs: 3_000 }),
    ).rejects.toThrow(/No keychain is available \(no D-Bus session bus.*--secret-store file/)
  })
})
