// Picks where secrets live: the OS keychain when it works, the opt-in file only when the user allowed it, else a clear error.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError } from '../config/errors.js'
import { FileSecretStore, SECRETS_FILE_NAME } from './file-secret-store.js'
import { probeKeychain } from './keychain-probe.js'
import type { KeychainProbe } from './keychain-probe.js'
import { KeytarSecretStore } from './keytar-secret-store.js'
import type { KeytarApi } from './keytar-secret-store.js'
import type { SecretStore } from './secret-store.js'

export interface OpenSecretStoreOptions {
  /** Settings directory; the opt-in file store lives at `<dir>/secrets.json`. */
  dir: string
  /** The user asked for the file store (`--secret-store file`) if the keychain is unusable. */
  allowFile: boolean
  timeoutMs?: number
  service?: string
  keytar?: KeytarApi
}

export class NoKeychainError extends Error {
  readonly probe: Extract<KeychainProbe, { available: false }>
  readonly filePath: string
  constructor(probe: Extract<KeychainProbe, { available: false }>, filePath: string) {
    super(
      `No keychain is available (${probe.message}). Run with --secret-store file to keep tokens in ${filePath} (mode 0600)`,
    )
    this.name = 'NoKeychainError'
    this.probe = probe
    this.filePath = filePath
  }
}

export function secretsFilePath(dir: string): string {
  return join(dir, SECRETS_FILE_NAME)
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const probe = await probeKeychain({
    timeoutMs: options.timeoutMs,
    service: options.service,
    keytar: options.keytar,
  })
  if (probe.available) {
    return new KeytarSecretStore({
      timeoutMs: options.timeoutMs,
      service: options.service,
      keytar: options.keytar,
    })
  }
  const filePath = secretsFilePath(options.dir)
  if (options.allowFile)
    return new FileSecretStore({ path: filePath, optIn: true, keychainProblem: probe.message })
  throw new NoKeychainError(probe, filePath)
}

/**
 * The store for a settings directory: the file store when asked for (`--secret-store file`) or when the user
 * opted into it before (its file exists), else the keychain. Throws ConfigError when neither is usable.
 */
export async function openSecrets(
  dir: string,
  choice: string | undefined,
  options: Pick<OpenSecretStoreOptions, 'keytar' | 'timeoutMs' | 'service'> = {},
): Promise<SecretStore> {
  if (choice !== undefined && choice !== 'file' && choice !== 'keychain')
    throw new ConfigError(`--secret-store must be keychain or file, got '${choice}'`)
  const allowFile = choice === 'file' || (choice === undefined && existsSync(secretsFilePath(dir)))
  try {
    return await openSecretStore({ ...options, dir, allowFile })
  } catch (err) {
    if (err instanceof NoKeychainError) throw new ConfigError(err.message)
    throw err
  }
}
