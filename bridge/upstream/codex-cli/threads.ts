// The conversations Switchboard has run through Codex: history for GET /v1/threads, dropped after an idle period.

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

export interface ThreadSummary {
  id: string
  provider: string
  createdAt: number
  updatedAt: number
  turnCount: number
  /** The first user message, shortened. */
  preview: string
}

export class ThreadStore {
  private readonly byId = new Map<string, ThreadRecord>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Records one exchange (user prompt and the agent's answer) on the thread, creating it when new. */
  record(id: string, provider: string, idleMs: number, user: string, assistant: string): void {
    const t = this.now()
    const rec = this.byId.get(id) ?? { id, provider, createdAt: t, updatedAt: t, idleMs, turns: [] }
    rec.turns.push({ role: 'user', text: user }, { role: 'assistant', text: assistant })
    rec.updatedAt = t
    rec.idleMs = idleMs
    this.byId.set(id, rec)
  }

  touch(id: string): void {
    const rec = this.byId.get(id)
    if (rec) rec.updatedAt = this.now()
  }

  get(id: string): ThreadRecord | undefined {
    this.sweep()
    return this.byId.get(id)
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
  }
}
