// The conversations Switchboard has run through Codex: history for GET /v1/threads and /history, kept in a file
// in the configuration directory so that they survive a restart, dropped after an idle period.
import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../../config/atomic-write.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

export interface ThreadTurn {
  role: 'user' | 'assistant'
  text: string
}

export interface ThreadRecord {
  id: string
  provider: string
  createdAt: number
  updatedAt: number
  idleMs: number
  turns: ThreadTurn[]
}

/** A thread with its whole history, as GET /v1/threads/{id} and /history show it. */
export interface ThreadDetail {
  id: string
  createdAt: number
  updatedAt: number
  turns: ThreadTurn[]
}

export interface ThreadSummary {
  id: string
  provider: string
  createdAt: number
  updatedAt: number
  turnCount: number
  /** The first user message, shortened. */
  preview: string
}

/** The file in the configuration directory that keeps the threads across restarts. */
export const THREADS_FILE = 'codex-threads.json'

/** The newest threads kept; older ones are dropped first. */
const MAX_THREADS = 500

export class ThreadStore {
  private readonly byId = new Map<string, ThreadRecord>()
  private saving: Promise<void> = Promise.resolve()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly file?: string,
  ) {
    if (file !== undefined) for (const rec of readThreads(file)) this.byId.set(rec.id, rec)
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving
  }

  /** Records one exchange (user prompt and the agent's answer) on the thread, creating it when new. */
  record(id: string, provider: string, idleMs: number, user: string, assistant: string): void {
    const t = this.now()
    const rec = this.byId.get(id) ?? { id, provider, createdAt: t, updatedAt: t, idleMs, turns: [] }
    rec.turns.push({ role: 'user', text: user }, { role: 'assistant', text: assistant })
    rec.updatedAt = t
    rec.idleMs = idleMs
    this.byId.set(id, rec)
    this.sweep()
    this.save()
  }

  touch(id: string): void {
    const rec = this.byId.get(id)
    if (rec) rec.updatedAt = this.now()
  }

  get(id: string): ThreadRecord | undefined {
    this.sweep()
    return this.byId.get(id)
  }

  /** A copy of one thread's history; undefined once it is unknown or idle past its limit. */
  detail(id: string): ThreadDetail | undefined {
    const rec = this.get(id)
    return (
      rec && {
        id: rec.id,
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        turns: rec.turns.map((t) => ({ ...t })),
      }
    )
  }

  list(): ThreadSummary[] {
    this.sweep()
    return [...this.byId.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((r) => ({
        id: r.id,
        provider: r.provider,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        turnCount: r.turns.length,
        preview: (r.turns[0]?.text ?? '').slice(0, 80),
      }))
  }

  /** Drops threads idle for longer than their provider's threadIdleMs. */
  sweep(): void {
    const t = this.now()
    for (const [id, rec] of this.byId) if (t - rec.updatedAt > rec.idleMs) this.byId.delete(id)
    const extra = this.byId.size - MAX_THREADS
    if (extra > 0)
      for (const rec of [...this.byId.values()]
        .sort((a, b) => a.updatedAt - b.updatedAt)
        .slice(0, extra))
        this.byId.delete(rec.id)
  }

  // Saves are chained so that an older snapshot never lands after a newer one.
  private save(): void {
    const file = this.file
    if (file === undefined) return
    const text = `${JSON.stringify({ threads: [...this.byId.values()] })}\n`
    this.saving = this.saving.then(() => writeFileAtomic(file, text, 0o600)).catch(() => undefined)
  }
}

/** The saved threads; a missing or damaged file is an empty history rather than a failed start. */
function readThreads(file: string): ThreadRecord[] {
  let doc: unknown
  try {
    doc = parseJson(readFileSync(file, 'utf8'))
  } catch {
    return []
  }
  const list =
    typeof doc === 'object' && doc !== null && 'threads' in doc && Array.isArray(doc.threads)
      ? (doc.threads as unknown[])
      : []
  return list.filter(isThreadRecord)
}

function isThreadRecord(v: unknown): v is ThreadRecord {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    typeof r['id'] === 'string' &&
    typeof r['provider'] === 'string' &&
    typeof r['createdAt'] === 'number' &&
    typeof r['updatedAt'] === 'number' &&
    typeof r['idleMs'] === 'number' &&
    Array.isArray(r['turns']) &&
    r['turns'].every(
      (t: unknown) =>
        typeof t === 'object' &&
        t !== null &&
        ((t as ThreadTurn).role === 'user' || (t as ThreadTurn).role === 'assistant') &&
        typeof (t as ThreadTurn).text === 'string',
    )
  )
}
