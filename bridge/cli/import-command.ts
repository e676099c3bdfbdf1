// `switchboard import [conf.toml]`: copies codex-chat-bridge's settings into settings.json; the old file is only read.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { errorCode } from '../config/atomic-write.js'
import { CODEX_CHAT_BRIDGE_CONF, parseBridgeToml } from '../config/bridge-toml.js'
import { effectiveSettings } from '../config/effective.js'
import { ConfigError } from '../config/errors.js'
import {
  checkNamedSettingsFile,
  defaultSettingsPath,
  loadSettingsFile,
  saveSettingsFile,
} from '../config/settings-file.js'

export async function runImport(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  const source = positionals[0] ?? join(env['HOME'] || homedir(), ...CODEX_CHAT_BRIDGE_CONF)
  let text: string
  try {
    text = await readFile(source, 'utf8')
  } catch (error) {
    throw new ConfigError(`${source} cannot be read (${errorCode(error) ?? String(error)})`)
  }
  const toml = parseBridgeToml(text, source)
  const target = values.config ?? defaultSettingsPath(env)
  if (values.config !== undefined) await checkNamedSettingsFile(values.config)
  const loaded = await loadSettingsFile(target)
  // Only the file's values, not this shell's environment: what is saved is what the old file said.
  const { settings, notes } = effectiveSettings(loaded.settings, toml.flags, {})
  await saveSettingsFile(target, settings)
  const out = [...loaded.warnings, ...toml.notes, ...notes].map((n) => `  ${n}`)
  if (toml.flags.serverInfo)
    out.push(
      `  server_info is a start-up option: pass --server-info ${toml.flags.serverInfo} to switchboard serve`,
    )
  process.stdout.write(
    `Imported ${source} into ${target} (${source} was not changed).\n${out.join('\n')}${out.length > 0 ? '\n' : ''}`,
  )
  return 0
}
