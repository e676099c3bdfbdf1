// The UI's offer to import codex-chat-bridge's conf.toml: a preview of what it would change, and the import
// itself through the settings saver (validated before it is saved). The file is only ever read.
import { existsSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { planBridgeImport } from '../config/bridge-import.js'
import { defaultSettings } from '../config/defaults.js'
import { ConfigError } from '../config/errors.js'
import type { BridgeImportOffer } from './contract/settings-views.js'
import { ControlFailure } from './control-failure.js'
import type { SavedSettings, SettingsSaver } from './settings-saver.js'

/** What importing `source` into the saved settings would do; null when there is no such file. */
export async function bridgeImportOffer(
  source: string | undefined,
  saver: SettingsSaver,
): Promise<BridgeImportOffer | null> {
  if (source === undefined || !existsSync(source)) return null
  const firstRun = isDeepStrictEqual(saver.stored, defaultSettings())
  try {
    const plan = await planBridgeImport(source, saver.stored)
    return { source, firstRun, changes: plan.changes, notes: plan.notes }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return { source, firstRun, changes: [], notes: [], problem: error.message }
  }
}

/** Applies the file to the saved settings inside the saver's lock, so no other save slips in between. */
export async function importBridgeSettings(
  source: string | undefined,
  saver: SettingsSaver,
): Promise<SavedSettings> {
  if (source === undefined || !existsSync(source))
    throw new ControlFailure('not_found', 'There is no codex-chat-bridge conf.toml to import.')
  return saver.update(async (copy) => {
    const plan = await planBridgeImport(source, copy)
    Object.assign(copy, plan.settings)
  })
}
