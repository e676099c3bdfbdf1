// SecretStore on the OS keychain through keytar, with every call bounded so a frozen or locked Secret Service never hangs us.
import type { SecretStore } from './secret-store.js'

export const KEYCHAIN_SERVICE = 'Switchboard'
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000

/** The part of keytar we use; injectable so tests can stand in a frozen or failing keychain. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export type KeychainUnavailableReason =
  'no_session_bus' | 'no_secret_service' | 'locked' | 'timeout' | 'not_installed' | 'error'

export class KeychainError extends Error {
  readonly reason: KeychainUnavailableReason
  constructor(reason: KeychainUnavailableReason, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'KeychainError'
    this.reason = reason
  }
}

let loaded: Promise<KeytarApi> | undefined

/** keytar is a native module; loading it lazily turns a missing or broken build into "unavailable" instead of a crash at startup. */
export function loadKeytar(): Promise<KeytarApi> {
  loaded ??= import('keytar').then(
    (mod) => (mod.default ?? mod) as KeytarApi,
    (error: unknown) => {
      loaded = undefined
      throw new KeychainError(
        'not_installed',
        `keytar could not be loaded: ${messageOf(error)}`,
        error,
      )
    },
  )
  return loaded
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KeychainError(
            'timeout',
            `The keychain did not answer ${what} within ${ms} ms (frozen or waiting for an unlock prompt).`,
          ),
        ),
      ms,
    )
    // A hung native call must not keep the process alive on its own.
    timer.unref()
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/** Maps keytar/libsecret/D-Bus failure texts to a reason a user can act on. */
export function classifyKeychainError(error: unknown): KeychainError {
  if (error instanceof KeychainError) return error
  const text = messageOf(error)
  const reason: KeychainUnavailableReason =
    /autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Connection refused/i.test(
      text,
    )
      ? 'no_session_bus'
      : /org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files/i.test(text)
        ? 'no_secret_service'
        : /locked|Object does not exist at path|prompt was dismissed|Cannot create an item/i.test(
              text,
            )
          ? 'locked'
          : /Timeout was reached|Did not receive a reply/i.test(text)
            ? 'timeout'
            : 'error'
  return new KeychainError(reason, text, error)
}

export function describeKeychainReason(reason: KeychainUnavailableReason): string {
  switch (reason) {
    case 'no_session_bus':
      return 'no D-Bus session bus'
    case 'no_secret_service':
      return 'no Secret Service (org.freedesktop.secrets) on the session bus'
    case 'locked':
      return 'the keyring is locked or has no default collection'
    case 'timeout':
      return 'the keychain did not answer in time'
    case 'not_installed':
      return 'the keytar native module is not available'
    case 'error':
      return 'the keychain reported an error'
  }
}

export interface KeytarSecretStoreOptions {
  service?: string
  timeoutMs?: number
  keytar?: KeytarApi
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain'
  readonly service: string
  private readonly timeoutMs: number
  private readonly injected: KeytarApi | undefined

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
    this.injected = options.keytar
  }

  get(name: string): Promise<string | null> {
    return this.call(`reading "${name}"`, (k) => k.getPassword(this.service, name))
  }

  set(name: string, value: string): Promise<void> {
    return this.call(`storing "${name}"`, (k) => k.setPassword(this.service, name, value))
  }

  delete(name: string): Promise<boolean> {
    return this.call(`deleting "${name}"`, (k) => k.deletePassword(this.service, name))
  }

  private async call<T>(what: string, run: (k: KeytarApi) => Promise<T>): Promise<T> {
    const api = this.injected ?? (await loadKeytar())
    try {
      return await withTimeout(run(api), this.timeoutMs, what)
    } catch (error) {
      throw classifyKeychainError(error)
    }
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
