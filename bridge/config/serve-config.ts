// Which files `serve` reads: `--config` as a settings.json or a codex-chat-bridge conf.toml, never moved or changed.
import { promises as fs, existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { errorCode } from './atomic-write.js'
import { CODEX_CHAT_BRIDGE_CONF, isTomlPath, mergeFlags, parseBridgeToml } from './bridge-toml.js'
import { ConfigError } from './errors.js'
import type { ServeFlags } from './flags.js'
import { checkNamedSettingsFile, defaultSettingsPath } from './settings-file.js'

type Env = Record<string, string | undefined>

export interface ServeConfig {
  /** Command-line flags over the conf.toml values, when one was named. */
  flags: ServeFlags
  /** The settings document the gateway loads and saves. */
  settingsPath: string
  /** The conf.toml read, if any (shown at start-up; never written). */
  tomlPath?: string
  notes: string[]
}

/**
 * `--config x.toml`: codex-chat-bridge's file supplies flags and settings.json stays in the configuration
 * directory; `--config x.json`: that file is the settings document, checked first so a broken one stops
 * `serve` instead of being moved aside. Throws ConfigError naming the file and the field.
 */
export async function resolveServeConfig(cli: ServeFlags, env: Env): Promise<ServeConfig> {
  const named = cli.config
  if (named === undefined) return { flags: cli, settingsPath: defaultSettingsPath(env), notes: [] }
  if (!isTomlPath(named)) {
    await checkNamedSettingsFile(named)
    return { flags: cli, settingsPath: named, notes: [] }
  }
  let text: string
  try {
    text = await fs.readFile(named, 'utf8')
  } catch (error) {
    throw new ConfigError(`${named} cannot be read (${errorCode(error) ?? String(error)})`)
  }
  const toml = parseBridgeToml(text, named)
  const flags = mergeFlags(toml.flags, cli)
  const notes = [
    `read codex-chat-bridge settings from ${named} (the file is not changed)`,
    ...toml.notes,
  ]
  if (
    flags.upstreamUrl === undefined &&
    flags.upstreamWire === undefined &&
    flags.apiKeyEnv === undefined
  ) {
    notes.push(
      `${named} names no upstream (upstream_url, upstream_wire or api_key_env), so the default provider from settings is used`,
    )
  }
  return { flags, settingsPath: defaultSettingsPath(env), tomlPath: named, notes }
}

/** codex-chat-bridge's default file, when it exists. */
export function codexChatBridgeConf(home: string = homedir()): string | undefined {
  const path = join(home, ...CODEX_CHAT_BRIDGE_CONF)
  return existsSync(path) ? path : undefined
}

/** The first-run offer: a line naming the old file and the two ways to use it; undefined when there is nothing to offer. */
export function importOffer(settingsPath: string, home: string = homedir()): string | undefined {
  if (existsSync(settingsPath)) return undefined
  const conf = codexChatBridgeConf(home)
  if (conf === undefined) return undefined
  return (
    `found codex-chat-bridge settings in ${conf}: run \`switchboard serve --config ${conf}\` to use them as they are, ` +
    `or \`switchboard import ${conf}\` to copy them into ${settingsPath} (the old file is never changed)`
  )
}
