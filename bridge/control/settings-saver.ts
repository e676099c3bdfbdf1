// The settings document in memory and on disk: validated (schema, cross-field rules, the overlay on top) before it
// is written, and changed one save at a time, so that memory and disk always hold the same document.
import { ConfigError } from '../config/errors.js'
import type { Settings } from '../config/schema.js'
import { validateSettings } from '../config/validate.js'
import { fromConfigError, invalidSettings } from './control-failure.js'
import type { SettingsStore } from './host-types.js'

export interface SavedSettings {
  settings: Settings
  warnings: string[]
}

export interface SettingsSaverOptions {
  store: SettingsStore
  /** Flags and environment applied on top of the stored document; never saved. Throws ConfigError. */
  overlay?: (stored: Settings) => Settings
  /**
   * Runs inside the lock after a document was written (apply it: rebind, persistence, events);
   * returns warnings for the caller.
   */
  afterSave?: (before: Settings, after: Settings) => Promise<string[]>
}

export class SettingsSaver {
  private storedDoc!: Settings
  private effectiveDoc!: Settings
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: SettingsSaverOptions) {}

  /** Takes the document the composition root loaded (already validated by the load). */
  adopt(settings: Settings): void {
    this.storedDoc = settings
    this.effectiveDoc = this.withOverlay(settings)
  }

  /** The document as saved. */
  get stored(): Settings {
    return this.storedDoc
  }

  /** The document with flags and environment on top: what the gateway runs on. */
  get effective(): Settings {
    return this.effectiveDoc
  }

  /** Runs changes one after another; a failed change does not block the next. */
  serial<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change)
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Validates and saves a whole document, after every save that was asked for before it. */
  save(settings: Settings): Promise<SavedSettings> {
    return this.serial(() => this.write(settings))
  }

  /** Edits a copy of the saved document inside the lock (so no other save slips in between) and saves it. */
  update(edit: (copy: Settings) => Promise<void>): Promise<SavedSettings> {
    return this.serial(async () => {
      const copy = structuredClone(this.storedDoc)
      await edit(copy)
      return this.write(copy)
    })
  }

  // Everything that could refuse the document runs before it is written: the schema, the cross-field
  // rules, and the flags and environment on top (which refuse, for one, a non-loopback bind).
  private async write(settings: Settings): Promise<SavedSettings> {
    const checked = validateSettings(settings)
    if (!checked.ok) throw invalidSettings('Settings not saved', checked.errors)
    let effective: Settings
    try {
      effective = this.withOverlay(checked.settings)
    } catch (error) {
      if (error instanceof ConfigError) throw fromConfigError('Settings not saved', error)
      throw error
    }
    const before = this.effectiveDoc
    await this.opts.store.save(checked.settings)
    this.storedDoc = checked.settings
    this.effectiveDoc = effective
    const more = (await this.opts.afterSave?.(before, effective)) ?? []
    return {
      settings: structuredClone(checked.settings),
      warnings: [...checked.warnings, ...more],
    }
  }

  private withOverlay(settings: Settings): Settings {
    return this.opts.overlay ? this.opts.overlay(structuredClone(settings)) : settings
  }
}
