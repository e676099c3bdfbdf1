// What every ChatGPT-related command needs: its arguments with --config and --secret-store, the settings
// directory, the secret store and the credentials.
import { dirname } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
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

/** Where the settings and the secrets are: the options every ChatGPT command takes. */
const CONTEXT_OPTIONS = {
  config: { type: 'string' },
  'secret-store': { type: 'string' },
} as const

type CommandOptions = NonNullable<ParseArgsConfig['options']>

/** The parsed values of a command that takes `T` besides the context options. */
type CommandValues<T extends CommandOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof CONTEXT_OPTIONS & T; strict: true }>
>['values']

/** Parses a command's arguments (its own options besides --config and --secret-store) and opens its context. */
export async function authCommand<
  T extends CommandOptions & { config?: never; 'secret-store'?: never },
>(
  argv: string[],
  env: NodeJS.ProcessEnv,
  own: T,
): Promise<{ values: CommandValues<T>; ctx: AuthContext }> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CONTEXT_OPTIONS, ...own },
    strict: true,
  })
  // TypeScript cannot see through the generic spread that these two are CONTEXT_OPTIONS' strings.
  const where = values as { config?: string; 'secret-store'?: string }
  const ctx = await authContext(
    {
      ...(where.config ? { config: where.config } : {}),
      ...(where['secret-store'] ? { secretStore: where['secret-store'] } : {}),
    },
    env,
  )
  return { values, ctx }
}
