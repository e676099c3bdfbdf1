// Opt-in SecretStore in a private JSON file (0600 in a 0700 dir) for machines without a keychain; never chosen silently.
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import {
  ensurePrivateDir,
  errorCode as errnoCode,
  writeFileAtomic as writePrivateFileAtomic,
} from '../config/atomic-write.js'
import type { SecretStore } from './secret-store.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export const SECRETS_FILE_NAME = 'secrets.json'

export interface FileSecretStoreOptions {
  path: string
  /** Plain-text tokens on disk must be an explicit choice of the user (`--secret-store file`). */
  optIn: true
  /** Why the keychain was passed over (the probe's words), for the warning that tokens are in a file. */
  keychainProblem?: string
}

interface SecretsFile {
  version: 1
  secrets: Record<string, string>
}

export class FileSecretStore implements SecretStore {
  readonly kind = 'file'
  readonly path: string
  readonly keychainProblem: string | undefined
  // Writes are read-modify-write; chaining them keeps two concurrent sets from losing one.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: FileSecretStoreOptions) {
    if ((options as { optIn?: unknown }).optIn !== true) {
      throw new Error(
        'FileSecretStore stores tokens in a file and needs an explicit { optIn: true }.',
      )
    }
    this.path = options.path
    this.keychainProblem = options.keychainProblem
  }

  async get(name: string): Promise<string | null> {
    await this.queue.catch(() => undefined)
    const file = await this.read()
    return Object.hasOwn(file.secrets, name) ? (file.secrets[name] ?? null) : null
  }

  set(name: string, value: string): Promise<void> {
    return this.mutate((secrets) => {
      secrets[name] = value
      return true
    }).then(() => undefined)
  }

  delete(name: string): Promise<boolean> {
    return this.mutate((secrets) => {
      if (!Object.hasOwn(secrets, name)) return false
      delete secrets[name]
      return true
    })
  }

  private mutate(change: (secrets: Record<string, string>) => boolean): Promise<boolean> {
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        const file = await this.read()
        const changed = change(file.secrets)
        if (changed) {
          await ensurePrivateDir(dirname(this.path))
          await writePrivateFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`)
        }
        return changed
      })
    this.queue = next
    return next
  }

  private async read(): Promise<SecretsFile> {
    let text: string
    try {
      text = await fs.readFile(this.path, 'utf8')
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { version: 1, secrets: {} }
      throw error
    }
    const parsed: unknown = parseJson(text)
    if (!isSecretsFile(parsed)) throw new Error(`${this.path} is not a Switchboard secrets file.`)
    return { version: 1, secrets: { ...parsed.secrets } }
  }
}

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false
  const secrets = (value as { secrets?: unknown }).secrets
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) return false
  return Object.values(secrets).every((v) => typeof v === 'string')
}
