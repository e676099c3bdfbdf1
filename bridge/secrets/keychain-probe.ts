// Tells, in bounded time, whether the OS keychain can really keep a secret (a locked keyring reads as "empty", so we write).
import { randomBytes } from 'node:crypto'
import {
  classifyKeychainError,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  describeKeychainReason,
  KEYCHAIN_SERVICE,
  KeychainError,
  loadKeytar,
  withTimeout,
} from './keytar-secret-store.js'
import type { KeychainUnavailableReason, KeytarApi } from './keytar-secret-store.js'

export const PROBE_ACCOUNT = 'switchboard-keychain-probe'

export type KeychainProbe =
  { available: true } | { available: false; reason: KeychainUnavailableReason; message: string }

export interface ProbeOptions {
  service?: string
  /** Bound for the whole probe (set, get, delete). */
  timeoutMs?: number
  keytar?: KeytarApi
}

export async function probeKeychain(options: ProbeOptions = {}): Promise<KeychainProbe> {
  const service = options.service ?? KEYCHAIN_SERVICE
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
  try {
    const api = options.keytar ?? (await loadKeytar())
    await withTimeout(roundTrip(api, service), timeoutMs, 'the probe')
    return { available: true }
  } catch (error) {
    const failure = classifyKeychainError(error)
    return {
      available: false,
      reason: failure.reason,
      message: `${describeKeychainReason(failure.reason)}: ${failure.message}`,
    }
  }
}

async function roundTrip(api: KeytarApi, service: string): Promise<void> {
  const value = randomBytes(12).toString('hex')
  await api.setPassword(service, PROBE_ACCOUNT, value)
  const back = await api.getPassword(service, PROBE_ACCOUNT)
  await api.deletePassword(service, PROBE_ACCOUNT)
  if (back !== value) {
    throw new KeychainError('locked', 'a value written to the keychain could not be read back')
  }
}
