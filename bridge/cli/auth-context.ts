// What every ChatGPT-related command needs: the settings directory, the secret store and the credentials.
import { dirname } from 'node:path'
import { AccountPool, resolveAuthConfig } from '../auth/index.js'
import { resolveServeConfig } from '../config/serve-config.js'
import { loadSettingsFile } from '../config/settings-file.js'
import type { Settings } from '../config/schema.js'
import { openSecrets } from '../secrets/open-secret-store.js'
import type { SecretStore } from '../secrets/secret-store.js'

export interface AuthContext {
  path: string
  dir: string
  settings: Settings
  secrets: SecretStore
  /** The signed-in ChatGPT accounts. */
  accounts: AccountPool
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
  const { settings, warnings } = await loadSettingsFile(path)
  for (const w of warnings) process.stderr.write(`switchboard: ${w}\n`)
  const secrets = await openSecrets(dir, options.secretStore)
  const accounts = new AccountPool({
    store: secrets,
    config: resolveAuthConfig(settings.auth, env),
  })
  return { path, dir, settings, secrets, accounts }
}
