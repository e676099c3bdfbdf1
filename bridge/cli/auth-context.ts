// What every ChatGPT-related command needs: the settings directory, the secret store and the credentials.
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { CredentialService, resolveAuthConfig } from '../auth/index.js'
import { ConfigError } from '../config/errors.js'
import { resolveServeConfig } from '../config/serve-config.js'
import { loadSettingsFile } from '../config/settings-file.js'
import type { Settings } from '../config/schema.js'
import { NoKeychainError, openSecretStore, secretsFilePath } from '../secrets/open-secret-store.js'
import type { SecretStore } from '../secrets/secret-store.js'

export interface AuthContext {
  path: string
  dir: string
  settings: Settings
  secrets: SecretStore
  credentials: CredentialService
}

/** The file store is used when asked for, or when the user opted into it before (its file exists). */
export async function openSecrets(dir: string, choice: string | undefined): Promise<SecretStore> {
  if (choice !== undefined && choice !== 'file' && choice !== 'keychain')
    throw new ConfigError(`--secret-store must be keychain or file, got '${choice}'`)
  const allowFile = choice === 'file' || (choice === undefined && existsSync(secretsFilePath(dir)))
  try {
    return await openSecretStore({ dir, allowFile })
  } catch (err) {
    if (err instanceof NoKeychainError) throw new ConfigError(err.message)
    throw err
  }
}

export async function authContext(
  options: { config?: string; secretStore?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuthContext> {
  // --config as serve reads it: a conf.toml is never opened as settings (or moved aside); settings.json stays put.
  const path = (
    await resolveServeConfig(
      { upstreamHeaders: {}, ...(options.config ? { config: options.config } : {}) },
      env,
    )
  ).settingsPath
  const dir = dirname(path)
  const { settings } = await loadSettingsFile(path)
  const secrets = await openSecrets(dir, options.secretStore)
  const credentials = new CredentialService({
    store: secrets,
    config: resolveAuthConfig(settings.auth, env),
  })
  return { path, dir, settings, secrets, credentials }
}
