// What loading the settings found, as notices every front end shows: the field at fault and where the file was kept.
import type { LoadedSettings } from '../config/settings-file.js'
import { fieldOf } from '../control/control-failure.js'
import type { HostNotice } from '../control/contract/gateway-status.js'

function fields(problems: readonly string[]): { fields?: string[] } {
  const named = [...new Set(problems.map(fieldOf).filter((f): f is string => f !== undefined))]
  return named.length > 0 ? { fields: named } : {}
}

export function settingsNotices(loaded: LoadedSettings): HostNotice[] {
  const notices: HostNotice[] = []
  const reset = loaded.reset
  if (reset) {
    notices.push({
      level: 'warning',
      code: 'settings-reset',
      message: reset.message,
      ...fields(reset.problems),
      ...(reset.keptAs !== undefined ? { keptAs: reset.keptAs } : {}),
    })
  }
  for (const warning of loaded.warnings) {
    if (warning === reset?.message) continue
    const migration = loaded.migratedFrom !== undefined && /migrat|version/.test(warning)
    notices.push({
      level: migration ? 'info' : 'warning',
      code: migration ? 'settings-migrated' : 'settings-warning',
      message: warning,
      ...fields([warning]),
      ...(migration && loaded.migratedKeptAs !== undefined
        ? { keptAs: loaded.migratedKeptAs }
        : {}),
    })
  }
  return notices
}
