// The response store on disk (setting responseStore.persist): one append-only JSONL file in the configuration
// directory, replayed into memory at start and rewritten from the live state when it has grown past twice that.
// A plain file is enough: the store is bounded (64 MB by default) and always served from memory, so the disk
// only has to survive a restart; it needs no index, no native module and no second process.
import { createReadStream, promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { ensurePrivateDir, writeFileAtomic } from '../config/atomic-write.js'
import type { JsonObject } from '../protocol/canonical/json.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import type {
  NewItem,
  ResponseStore,
  StoredItem,
  StoredResponse,
  StoreJournal,
} from './response-store.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export const JOURNAL_FILE_NAME = 'responses.jsonl'
const COMPACT_SLACK_BYTES = 1 << 20

interface ItemLine {
  id: string
  owner: string
  item: JsonObject
}

function putLine(response: StoredResponse, items: StoredItem[]): string {
  return (
    JSON.stringify({
      op: 'put',
      id: response.id,
      owner: response.owner,
      createdAt: response.createdAt,
      envelope: response.envelope,
      previousResponseId: response.previousResponseId ?? null,
      input: response.input.map((i) => i.id),
      output: response.output.map((i) => i.id),
      items: items.map((i): ItemLine => ({ id: i.id, owner: i.owner, item: i.item })),
    }) + '\n'
  )
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined
}

/** One journal line back into the store; false when it is malformed or refers to items no longer held. */
function replayLine(store: ResponseStore, line: JsonObject): boolean {
  if (line['op'] === 'del') {
    const id = line['id']
    const owner = line['owner']
    if (typeof id === 'string' && typeof owner === 'string') store.delete(id, owner)
    return true
  }
  const { id, owner, createdAt, envelope } = line
  const input = strings(line['input'])
  const output = strings(line['output'])
  const items = Array.isArray(line['items']) ? line['items'].filter(isJsonObject) : undefined
  if (
    typeof id !== 'string' ||
    typeof owner !== 'string' ||
    typeof createdAt !== 'number' ||
    !isJsonObject(envelope) ||
    !input ||
    !output ||
    !items
  ) {
    return false
  }
  const fresh = new Map<string, JsonObject>()
  for (const i of items)
    if (typeof i['id'] === 'string' && isJsonObject(i['item'])) fresh.set(i['id'], i['item'])
  const entry = (itemId: string): NewItem | undefined => {
    const item = fresh.get(itemId)
    if (item) return { id: itemId, item }
    const stored = store.getItem(itemId, owner)
    return stored ? { stored } : undefined
  }
  const inputItems = input.map(entry)
  const outputItems = output.map((o) => fresh.get(o))
  if (inputItems.some((i) => i === undefined) || outputItems.some((o) => o === undefined))
    return false
  const previous = line['previousResponseId']
  store.replay({
    id,
    owner,
    createdAt,
    envelope,
    input: inputItems.filter((i): i is NewItem => i !== undefined),
    output: output.flatMap((o, n) => {
      const item = outputItems[n]
      return item ? [{ id: o, item }] : []
    }),
    ...(typeof previous === 'string' ? { previousResponseId: previous } : {}),
  })
  return true
}

export class FileJournal implements StoreJournal {
  private queue: Promise<void> = Promise.resolve()
  private fileBytes = 0
  private closed = false

  private constructor(
    readonly path: string,
    private readonly store: ResponseStore,
    private readonly onError: (message: string) => void,
  ) {}

  /** Replays the file (missing = empty), attaches to the store and rewrites the file from what is live. */
  static async open(
    path: string,
    store: ResponseStore,
    onError: (message: string) => void,
  ): Promise<{ journal: FileJournal; skipped: number }> {
    const journal = new FileJournal(path, store, onError)
    let skipped = 0
    try {
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })
      for await (const text of lines) {
        if (text.trim() === '') continue
        let line: unknown
        try {
          line = parseJson(text)
        } catch {
          // A line cut short by a crash; everything before it is intact.
          skipped++
          continue
        }
        if (!isJsonObject(line) || !replayLine(store, line)) skipped++
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    store.journal = journal
    journal.compact()
    await journal.flush()
    return { journal, skipped }
  }

  put(response: StoredResponse, newItems: StoredItem[]): void {
    this.append(putLine(response, newItems))
  }

  delete(id: string, owner: string): void {
    this.append(JSON.stringify({ op: 'del', id, owner }) + '\n')
  }

  maybeCompact(liveBytes: number): void {
    if (this.fileBytes > 2 * liveBytes + COMPACT_SLACK_BYTES) this.compact()
  }

  /** Resolves when everything asked so far is on disk. */
  async flush(): Promise<void> {
    await this.queue
  }

  /** Stops writing; with `remove`, deletes the file (persistence turned off: nothing stays on disk). */
  async close(remove: boolean): Promise<void> {
    this.closed = true
    if (this.store.journal === this) this.store.journal = undefined
    await this.flush()
    if (remove) await fs.rm(this.path, { force: true })
  }

  private run(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => {
      this.onError(`response store: could not write ${this.path}: ${(err as Error).message}`)
    })
  }

  private append(text: string): void {
    if (this.closed) return
    this.fileBytes += Buffer.byteLength(text)
    this.run(async () => {
      await ensurePrivateDir(dirname(this.path))
      await fs.appendFile(this.path, text, { mode: 0o600 })
    })
  }

  private compact(): void {
    if (this.closed) return
    // The snapshot is taken now, synchronously: it is exactly the state the queued appends so far lead to,
    // and every later change is appended after it is written.
    const written = new Set<StoredItem>()
    const lines: string[] = []
    for (const response of this.store.live()) {
      const fresh = [...response.input, ...response.output].filter((i) => !written.has(i))
      for (const i of fresh) written.add(i)
      lines.push(putLine(response, fresh))
    }
    const text = lines.join('')
    this.fileBytes = Buffer.byteLength(text)
    this.run(() => writeFileAtomic(this.path, text, 0o600))
  }
}
