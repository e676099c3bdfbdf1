// The settings document in electron-store: the gateway's schema and migrations, broken documents kept aside, never lost.
import { copyFile, link, unlink } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import ElectronStore, { type Schema } from 'electron-store'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { ConfigError } from '../../bridge/config/errors.js'
import { Settings } from '../../bridge/config/schema.js'
import type { LoadedSettings } from '../../bridge/config/settings-file.js'
import { parseSettings, settingsFromDocument } from '../../bridge/config/validate.js'
import type { SettingsStore } from '../../bridge/control/host-types.js'

export interface ElectronSettingsStoreOptions {
  /** app.getPath('userData') in the app; a temporary folder in tests. */
  cwd: string
  /** File name without `.json`. */
  name?: string
  now?: () => Date
}

type Doc = Record<string, unknown>

// Same layout as the headless settings file, so the two can be compared or copied by hand.
const serialize = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

function openRaw(cwd: string, name: string): ElectronStore<Doc> {
  return new ElectronStore<Doc>({
    cwd,
    name,
    serialize,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  })
}

// electron-store's own ajv check of every write, with the very JSON Schema the gateway validates with.
function openTyped(cwd: string, name: string): ElectronStore<Settings> {
  return new ElectronStore<Settings>({
    cwd,
    name,
    serialize,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    defaults: defaultSettings(),
    // TypeBox schemas are plain JSON Schema; only their TypeScript types differ from json-schema-typed's.
    schema: Settings.properties as unknown as Schema<Settings>,
    rootSchema: { additionalProperties: false, required: Settings.required },
  })
}

function stamp(when: Date): string {
  return when.toISOString().replace(/[:.]/g, '-')
}

// Never overwrites an earlier copy: link() refuses an existing target, so the name is bumped.
async function keepCopy(path: string, suffix: string, removeOriginal: boolean): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = attempt === 0 ? `${path}.${suffix}` : `${path}.${suffix}-${attempt}`
    if (existsSync(target)) continue
    try {
      await link(path, target)
    } catch {
      await copyFile(path, target)
    }
    if (removeOriginal) await unlink(path)
    return target
  }
  throw new Error(`too many kept copies of ${path}`)
}

function problemOf(error: unknown): { problem: string; problems: string[] } | undefined {
  if (error instanceof ConfigError) return { problem: error.message, problems: [...error.problems] }
  if (error instanceof Error && error.name === 'SyntaxError') {
    const problem = `it is not valid JSON (${error.message})`
    return { problem, problems: [problem] }
  }
  return undefined
}

export interface ElectronSettingsStore extends SettingsStore {
  /** The open electron-store, after load(). */
  readonly store: ElectronStore<Settings> | undefined
}

export function electronSettingsStore(
  options: ElectronSettingsStoreOptions,
): ElectronSettingsStore {
  const name = options.name ?? 'settings'
  const path = join(options.cwd, `${name}.json`)
  const now = options.now ?? (() => new Date())
  let typed: ElectronStore<Settings> | undefined

  const typedStore = (): ElectronStore<Settings> => (typed ??= openTyped(options.cwd, name))

  return {
    location: path,
    get store() {
      return typed
    },
    async load() {
      if (!existsSync(path)) {
        typedStore()
        return { settings: defaultSettings(), warnings: [] }
      }
      let raw: ElectronStore<Doc>
      let stored: Doc
      let result: ReturnType<typeof settingsFromDocument>
      try {
        raw = openRaw(options.cwd, name)
        stored = structuredClone(raw.store)
        result = settingsFromDocument(stored)
      } catch (error) {
        const why = problemOf(error)
        if (why === undefined) throw error
        const kept = await keepCopy(path, `broken-${stamp(now())}`, true)
        typedStore()
        const message = `${path} could not be used: ${why.problem}. It was kept as ${kept}; using default settings`
        return {
          settings: defaultSettings(),
          warnings: [message],
          reset: { message, problems: why.problems, keptAs: kept },
          movedAside: kept,
        }
      }
      const loaded: LoadedSettings = { settings: result.settings, warnings: [...result.warnings] }
      if (result.migrated) {
        // The original stays next to the migrated one: a downgrade or a bad migration can be undone by hand.
        const kept = await keepCopy(path, `v${result.from}-${stamp(now())}`, false)
        loaded.warnings.unshift(
          `settings migrated from version ${result.from}; the original was kept as ${kept}`,
        )
        loaded.migratedFrom = result.from
        loaded.migratedKeptAs = kept
      }
      // A migrated or partial (hand-edited) document is written out complete, which the schema-checked store requires.
      if (!isDeepStrictEqual(stored, result.settings)) raw.store = result.settings
      typedStore()
      return loaded
    },
    async save(settings: Settings) {
      const { settings: valid } = parseSettings(settings)
      typedStore().store = valid
    },
  }
}
