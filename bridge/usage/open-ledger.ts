// Opens the usage history for a host: the database in the config directory, or a notice saying why history
// is not kept (an unreadable file moved aside is named, so nothing is lost silently).
import { join } from 'node:path'
import type { HostNotice } from '../control/contract/gateway-status.js'
import { SqliteUsageLedger } from './usage-ledger.js'
import { USAGE_DB_FILE, UsageDb } from './usage-db.js'

export interface OpenedLedger {
  ledger?: SqliteUsageLedger
  db?: UsageDb
}

/** `report` receives each notice (once per kind of problem), for the host's notices. */
export function openUsageLedger(
  dir: string,
  report: (notice: HostNotice) => void,
  now?: () => number,
  nativeBinding?: string,
): OpenedLedger {
  const path = join(dir, USAGE_DB_FILE)
  const warn = (message: string, keptAs?: string): void =>
    report({ level: 'warning', code: 'usage-history', message, ...(keptAs ? { keptAs } : {}) })
  let failed = false
  const failedToRecord = (error: unknown): void => {
    if (failed) return
    failed = true
    warn(`usage history: could not record usage (${(error as Error).message})`)
  }
  try {
    const opened = UsageDb.open(path, nativeBinding, failedToRecord)
    if (opened.keptAs)
      warn(
        `usage history: ${path} could not be read (${opened.problem ?? 'unknown error'}); it was moved to ${opened.keptAs} and a new history started`,
        opened.keptAs,
      )
    const ledger = new SqliteUsageLedger(opened.db, now, failedToRecord)
    return { ledger, db: opened.db }
  } catch (error) {
    warn(
      `usage history: could not open ${path} (${(error as Error).message}); usage is not recorded and spending caps are not enforced`,
    )
    return {}
  }
}
