// File-backed settings and access-key stores for the headless gateway (the tray app uses electron-store).
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import {
  ACCESS_KEY_ENV,
  ACCESS_KEY_FILE_NAME,
  generateAccessKey,
  loadOrCreateAccessKey,
} from '../config/access-key.js'
import { writeFileAtomic, ensurePrivateDir } from '../config/atomic-write.js'
import type { Settings } from '../config/schema.js'
import { loadSettingsFile, saveSettingsFile } from '../config/settings-file.js'
import { ControlFailure } from './control-failure.js'
import type { AccessKeyStore, SettingsStore } from './host-types.js'

export function fileSettingsStore(path: string): SettingsStore {
  return {
    location: path,
    load: () => loadSettingsFile(path),
    async save(settings: Settings) {
      await saveSettingsFile(path, settings)
    },
  }
}

export function fileAccessKeyStore(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): AccessKeyStore {
  return {
    async get() {
      return (await loadOrCreateAccessKey(dir, env)).key
    },
    async regenerate() {
      if (env[ACCESS_KEY_ENV])
        throw new ControlFailure(
          'unavailable',
          `The access key comes from ${ACCESS_KEY_ENV}; change it there.`,
        )
      await ensurePrivateDir(dir)
      const key = generateAccessKey()
      await writeFileAtomic(join(dir, ACCESS_KEY_FILE_NAME), `${key}\n`, 0o600)
      return key
    },
  }
}

export function newControlToken(): string {
  return `sbc-${randomBytes(24).toString('base64url')}`
}
