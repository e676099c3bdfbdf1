// `switchboard import [conf.toml]`: copies codex-chat-bridge's settings into settings.json; the old file is only read.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { planBridgeImport } from '../config/bridge-import.js'
import { CODEX_CHAT_BRIDGE_CONF } from '../config/bridge-toml.js'
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
  const target = values.config ?? defaultSettingsPath(env)
  if (values.config !== undefined) await checkNamedSettingsFile(values.config)
  const loaded = await loadSettingsFile(target)
  const plan = await planBridgeImport(source, loaded.settings)
  await saveSettingsFile(target, plan.settings)
  const out = [...loaded.warnings, ...plan.notes].map((n) => `  ${n}`)
  process.stdout.write(
    `Imported ${source} into ${target} (${source} was not changed).\n${out.join('\n')}${out.length > 0 ? '\n' : ''}`,
  )
  return 0
}
