// Settings for a command: the file (migrated, broken files moved aside), then environment and flags.
import { dirname } from 'node:path'
import { loadOrCreateAccessKey, type AccessKey } from '../config/access-key.js'
import { effectiveSettings } from '../config/effective.js'
import type { ServeFlags } from '../config/flags.js'
import type { Settings } from '../config/schema.js'
import { defaultSettingsPath, loadSettingsFile } from '../config/settings-file.js'

export interface LoadedConfig {
  path: string
  dir: string
  settings: Settings
  accessKey: AccessKey
  messages: string[]
}

export async function loadConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const path = flags.config ?? defaultSettingsPath(env)
  const dir = dirname(path)
  const loaded = await loadSettingsFile(path)
  const messages = [...loaded.warnings]
  if (loaded.movedAside) messages.push(`the broken settings file was kept as ${loaded.movedAside}`)
  if (loaded.migratedFrom !== undefined) messages.push(`settings migrated from version ${loaded.migratedFrom}; saved on the next change`)
  const effective = effectiveSettings(loaded.settings, flags, env)
  messages.push(...effective.notes)
  const accessKey = await loadOrCreateAccessKey(dir, env)
  return { path, dir, settings: effective.settings, accessKey, messages }
}
