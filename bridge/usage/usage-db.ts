// Usage history in SQLite: tokens per day × upstream model × provider × account, kept in the config directory
// across restarts. A file SQLite cannot read is moved aside (and reported), never deleted, and a fresh one starts.
// Rows are added up in memory and written together (one transaction per FLUSH_MS), read back by every query.
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import type { UsageRow } from '../control/contract/usage-history.js'

export type { UsageRow } from '../control/contract/usage-history.js'

export const USAGE_DB_FILE = 'usage.sqlite'

export type UsageTotals = Pick<
  UsageRow,
  'model' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningTokens'
>

export interface OpenedUsageDb {
  db: UsageDb
  /** Where an unreadable file was moved, when one was. */
  keptAs?: string
  problem?: string
}

const SCHEMA_VERSION = 1

/**
 * How long added rows wait to be written. A commit per request cost ~50 µs of the gateway's CPU and ten system
 * calls (locks, WAL writes); one per second costs nothing measurable, and the rows are written on close, on
 * exit and before every read, so only a killed process or a power cut can lose that last second.
 */
export const FLUSH_MS = 1000

interface PendingRow extends UsageRow {
  requests: number
}

const COLUMNS = `day, model, provider, account,
  input_tokens AS inputTokens, cached_input_tokens AS cachedInputTokens,
  output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens`

const TOTALS = `model, SUM(input_tokens) AS inputTokens, SUM(cached_input_tokens) AS cachedInputTokens,
  SUM(output_tokens) AS outputTokens, SUM(reasoning_tokens) AS reasoningTokens`

/** The calendar day of `ms` on this machine, as YYYY-MM-DD: days and months follow the user's clock. */
export function localDay(ms: number): string {
  const d = new Date(ms)
  const mm = String(d.getMonth() + 1).padStart(2, '0')
  const dd = String(d.getDate()).padStart(2, '0')
  return `${d.getFullYear()}-${mm}-${dd}`
}

export class UsageDb {
  private readonly insert: Database.Statement
  private readonly since: Database.Statement
  private readonly totals: Database.Statement
  private readonly pending = new Map<string, PendingRow>()
  private timer: NodeJS.Timeout | undefined
  private readonly flushOnExit = (): void => this.tryFlush()

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly onFlushError: (error: unknown) => void = () => undefined,
  ) {
    this.insert = db.prepare(`INSERT INTO usage (day, model, provider, account, input_tokens,
        cached_input_tokens, output_tokens, reasoning_tokens, requests)
      VALUES (@day, @model, @provider, @account, @inputTokens, @cachedInputTokens, @outputTokens,
        @reasoningTokens, @requests)
      ON CONFLICT (day, model, provider, account) DO UPDATE SET
        input_tokens = input_tokens + excluded.input_tokens,
        cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        requests = requests + excluded.requests`)
    this.since = db.prepare(
      `SELECT ${COLUMNS} FROM usage WHERE day >= ? ORDER BY day, provider, model, account`,
    )
    this.totals = db.prepare(
      `SELECT ${TOTALS} FROM usage WHERE provider = ? AND day >= ? GROUP BY model`,
    )
  }

  /**
   * Opens (or creates) the database at `path`. A file that is not a readable SQLite database is renamed to
   * `<path>.corrupt-<time>` and a fresh one is created; the caller tells the user where the old one went.
   */
  static open(
    path: string,
    nativeBinding?: string,
    onFlushError?: (error: unknown) => void,
  ): OpenedUsageDb {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    try {
      return { db: new UsageDb(prepare(path, nativeBinding), path, onFlushError) }
    } catch (error) {
      // Only a file SQLite itself finds unreadable is moved aside: a binding that cannot load (another
      // runtime's build) or a locked file says nothing about the file, which stays where it is.
      if (!unreadable(error)) throw error
      const problem = error instanceof Error ? error.message : String(error)
      const keptAs = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
      renameSync(path, keptAs)
      // The journal files belong to the broken database; they go with it rather than into the new one.
      for (const suffix of ['-wal', '-shm'])
        if (existsSync(path + suffix)) renameSync(path + suffix, keptAs + suffix)
      return {
        db: new UsageDb(prepare(path, nativeBinding), path, onFlushError),
        keptAs,
        problem,
      }
    }
  }

  /** Opens an existing database for reading only (`switchboard usage` beside a running gateway). */
  static openReadOnly(path: string): UsageDb | undefined {
    if (!existsSync(path)) return undefined
    const db = new Database(path, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 2000')
    return new UsageDb(db, path)
  }

  /** Adds one exchange's tokens to its day's row (written within FLUSH_MS, seen by every read at once). */
  add(row: UsageRow): void {
    const key = `${row.day}\n${row.model}\n${row.provider}\n${row.account}`
    const known = this.pending.get(key)
    if (known) {
      known.inputTokens += row.inputTokens
      known.cachedInputTokens += row.cachedInputTokens
      known.outputTokens += row.outputTokens
      known.reasoningTokens += row.reasoningTokens
      known.requests++
    } else this.pending.set(key, { ...row, requests: 1 })
    if (this.timer) return
    this.timer = setTimeout(() => this.tryFlush(), FLUSH_MS)
    this.timer.unref()
    process.on('exit', this.flushOnExit)
  }

  /** Writes the added rows in one transaction; a failed write keeps them for the next try. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
      process.off('exit', this.flushOnExit)
    }
    if (this.pending.size === 0) return
    const rows = [...this.pending.values()]
    this.db.transaction(() => {
      for (const row of rows) this.insert.run(row)
    })()
    this.pending.clear()
  }

  /** Rows of the last `days` days, today included, oldest first. */
  rows(days: number, now = Date.now()): UsageRow[] {
    this.tryFlush()
    return this.since.all(firstDay(days, now)) as UsageRow[]
  }

  /** A provider's tokens per model since `day` (inclusive), for spend. */
  totalsSince(provider: string, day: string): UsageTotals[] {
    this.tryFlush()
    return this.totals.all(provider, day) as UsageTotals[]
  }

  close(): void {
    if (!this.db.open) return
    this.tryFlush()
    this.db.close()
  }

  private tryFlush(): void {
    try {
      this.flush()
    } catch (error) {
      this.onFlushError(error)
      // Kept for the next try, which a later add schedules; close and exit try once more.
    }
  }
}

/** The first day of a window of `days` days ending today. */
export function firstDay(days: number, now = Date.now()): string {
  const d = new Date(now)
  d.setDate(d.getDate() - Math.max(1, Math.floor(days)) + 1)
  return localDay(d.getTime())
}

/** A file that is there but is not a usable usage history: not SQLite, damaged, or from a newer version. */
class UnreadableFile extends Error {}

function unreadable(error: unknown): boolean {
  if (error instanceof UnreadableFile) return true
  return error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code)
}

function prepare(path: string, nativeBinding?: string): Database.Database {
  const db = new Database(path, nativeBinding ? { nativeBinding } : {})
  try {
    // Reading the header and every page finds a file that is not SQLite or whose pages are damaged.
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new UnreadableFile(`integrity check failed: ${String(check)}`)
    db.pragma('journal_mode = WAL')
    // WAL with NORMAL survives a crash of the app; only a power cut may drop the last few rows.
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 2000')
    const version = db.pragma('user_version', { simple: true })
    if (typeof version !== 'number' || version > SCHEMA_VERSION)
      throw new UnreadableFile(`written by a newer Switchboard (schema ${String(version)})`)
    db.exec(`CREATE TABLE IF NOT EXISTS usage (
      day TEXT NOT NULL,
      model TEXT NOT NULL,
      provider TEXT NOT NULL,
      account TEXT NOT NULL DEFAULT '',
      input_tokens INTEGER NOT NULL DEFAULT 0,
      cached_input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      reasoning_tokens INTEGER NOT NULL DEFAULT 0,
      requests INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (day, model, provider, account)
    ) WITHOUT ROWID`)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
