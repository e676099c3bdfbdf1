// Opens or closes the response store's file to follow the responseStore.persist setting, reporting what it skipped.
import { join } from 'node:path'
import type { ResponseStore } from './response-store.js'
import { FileJournal, JOURNAL_FILE_NAME } from './store-journal.js'

export class JournalSwitch {
  private journal: FileJournal | undefined

  constructor(
    private readonly responses: ResponseStore,
    /** Problems the user should see (unreadable entries, a file that cannot be read). */
    private readonly report: (message: string) => void,
  ) {}

  /** `dir` is the configuration directory; without one nothing is kept on disk. */
  async sync(dir: string | undefined, persist: boolean): Promise<void> {
    const wanted = dir !== undefined && persist
    if (wanted && !this.journal) {
      const path = join(dir, JOURNAL_FILE_NAME)
      try {
        const opened = await FileJournal.open(path, this.responses, this.report)
        this.journal = opened.journal
        if (opened.skipped > 0)
          this.report(
            `response store: ${opened.skipped} unreadable or incomplete entries in ${opened.journal.path} were skipped`,
          )
      } catch (err) {
        this.report(
          `response store: could not read ${path} (${(err as Error).message}); stored responses are kept in memory only`,
        )
      }
    } else if (!wanted && this.journal) {
      // Persistence off means nothing on disk: the file goes, the responses stay in memory.
      await this.journal.close(true)
      this.journal = undefined
    }
  }

  /** Flushes and keeps the file (process exit). */
  async close(): Promise<void> {
    await this.journal?.close(false)
    this.journal = undefined
  }
}
