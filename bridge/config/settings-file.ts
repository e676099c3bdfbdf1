// The settings file on disk: where it lives, loading with migration and quarantine, atomic saving.
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { errorCode, writeFileAtomic } from './atomic-write.js'
import { defaultSettings } from './defaults.js'
import { ConfigError } from './errors.js'
import type { Settings } from './schema.js'
import { parseSettings, settingsFromDocument } from './validate.js'

export const SETTINGS_FILE_NAME = 'settings.json'

export interface LoadedSettings {
  settings: Settings
  /** Every message for the user, the reset (when there was one) first. */
  warnings: string[]
  /** Set when the document could not be used and the defaults are in force. */
  reset?: {
    /** The whole sentence, as in `warnings`. */
    message: string
    /** What was wrong, each problem naming its field (`server.port: expected integer, got 'x'`). */
    problems: string[]
    /** Where the broken document was kept, when it could be. */
    keptAs?: string
  }
  /** Where a broken file was moved; set only when that happened. */
  movedAside?: string
  /** The version the file was migrated from; set only when it was migrated. */
  migratedFrom?: number
  /** Where the pre-migration original was kept, when it was. */
  migratedKeptAs?: string
}

type Env = Record<string, string | undefined>

export function defaultConfigDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const explicit = env['SWITCHBOARD_HOME']
  if (explicit) return explicit
  const xdg = env['XDG_CONFIG_HOME']
  if (xdg) return join(xdg, 'switchboard')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchboard')
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Switchboard')
  return join(home, '.config', 'switchboard')
}

export function defaultSettingsPath(env: Env = process.env): string {
  return join(defaultConfigDir(env), SETTINGS_FILE_NAME)
}

export interface LoadOptions {
  now?: () => Date
}

/** Never throws for bad content: a broken file is moved aside (kept) and the defaults are used. */
export async function loadSettingsFile(
  path: string,
  options: LoadOptions = {},
): Promise<LoadedSettings> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { settings: defaultSettings(), warnings: [] }
    const reason = errorCode(error) ?? String(error)
    const message = `could not read ${path} (${reason}); using default settings`
    return {
      settings: defaultSettings(),
      warnings: [message],
      reset: { message, problems: [`the file could not be read (${reason})`] },
    }
  }

  let problem: string
  let problems: string[] = []
  try {
    const raw: unknown = JSON.parse(text.replace(/^\uFEFF/, ''))
    const result = settingsFromDocument(raw)
    const loaded: LoadedSettings = { settings: result.settings, warnings: result.warnings }
    if (result.migrated) {
      loaded.migratedFrom = result.from
      loaded.warnings.unshift(
        `${path} uses settings version ${result.from}; it is saved in the current version on the next save`,
      )
    }
    return loaded
  } catch (error) {
    if (error instanceof SyntaxError) {
      problem = `it is not valid JSON (${error.message})`
      problems = [problem]
    } else if (error instanceof ConfigError) {
      problem = error.message
      problems = [...error.problems]
    } else throw error
  }

  const now = options.now ?? (() => new Date())
  try {
    const movedAside = await moveAside(path, now())
    const message = `${path} could not be used: ${problem}. It was moved to ${movedAside}; using default settings`
    return {
      settings: defaultSettings(),
      warnings: [message],
      reset: { message, problems, keptAs: movedAside },
      movedAside,
    }
  } catch (error) {
    const message = `${path} could not be used: ${problem}. It could not be moved aside either (${errorCode(error) ?? String(error)}); using default settings`
    return { settings: defaultSettings(), warnings: [message], reset: { message, problems } }
  }
}

/**
 * For a file the user named (`--config`): the same reading as loadSettingsFile, but a file that cannot be
 * used is an error naming the file and the field, and the file is left exactly where it is.
 */
export async function checkNamedSettingsFile(path: string): Promise<void> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw new ConfigError(`${path} cannot be read (${errorCode(error) ?? String(error)})`)
  }
  try {
    settingsFromDocument(JSON.parse(text.replace(/^\uFEFF/, '')))
  } catch (error) {
    const problem =
      error instanceof SyntaxError
        ? `it is not valid JSON (${error.message})`
        : error instanceof ConfigError
          ? error.message
          : undefined
    if (problem === undefined) throw error
    throw new ConfigError(
      `${path} cannot be used, so Switchboard did not start (the file was not changed): ${problem}`,
    )
  }
}

/** Validates, then writes atomically with mode 0600 (directory created 0700). Throws ConfigError when invalid. */
export async function saveSettingsFile(path: string, settings: Settings): Promise<void> {
  const { settings: valid } = parseSettings(settings)
  await writeFileAtomic(path, `${JSON.stringify(valid, null, 2)}\n`, 0o600)
}

// Never overwrites an earlier broken copy: link() fails when the target exists, so the name is bumped.
async function moveAside(path: string, when: Date): Promise<string> {
  const stamp = when.toISOString().replace(/[:.]/g, '-')
  for (let attempt = 0; attempt < 1000; attempt++) {
    const target = attempt === 0 ? `${path}.broken-${stamp}` : `${path}.broken-${stamp}-${attempt}`
    try {
      await fs.link(path, target)
    } catch (error) {
      const code = errorCode(error)
      if (code === 'EEXIST') continue
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS')
        throw error
      try {
        await fs.copyFile(path, target, fs.constants.COPYFILE_EXCL)
      } catch (copyError) {
        if (errorCode(copyError) === 'EEXIST') continue
        throw copyError
      }
    }
    await fs.unlink(path)
    return target
  }
  throw new Error(`too many broken copies of ${path}`)
}
