// The live ChatGPT model list (GET …/codex/models), cached by TTL and ETag, with the built-in list as fallback.
import type { ReasoningEffort } from '../../protocol/canonical/request.js'
import { DEFAULT_CLIENT_VERSION } from './headers.js'
import type { ChatgptModelInfo, ClaudeFamily, EffortCheck, EffortPolicy } from './model-catalog.js'
import { BUILTIN_MODELS, checkEffort, mapModelName, parseModelsResponse } from './model-catalog.js'

export interface ChatgptModelsOptions {
  /** The backend base, e.g. https://chatgpt.com/backend-api/codex. */
  baseUrl: string
  /** Headers with current credentials (chatgptHeaders), asked for on every fetch. */
  headers: () => Promise<Record<string, string>> | Record<string, string>
  /** Sent as `client_version`; older versions "silently receive an older model subset". */
  clientVersion?: string
  /** How long a fetched list is trusted (default 15 min). */
  ttlMs?: number
  /** How long the fallback is used after a failed fetch before trying again (default 60 s). */
  retryMs?: number
  timeoutMs?: number
  fetch?: typeof fetch
  now?: () => number
}

export interface ModelsSnapshot {
  models: ChatgptModelInfo[]
  source: 'live' | 'builtin'
  /** When the list was last confirmed (ms since the epoch); 0 for the untried built-in list. */
  checkedAt: number
  /** Why the last fetch failed, when it did. */
  error?: string
}

export class ChatgptModels {
  readonly #opts: Required<Omit<ChatgptModelsOptions, 'fetch'>> & { fetch: typeof fetch }
  #snapshot: ModelsSnapshot = { models: [...BUILTIN_MODELS], source: 'builtin', checkedAt: 0 }
  #etag: string | undefined
  #inflight: Promise<ModelsSnapshot> | undefined

  constructor(options: ChatgptModelsOptions) {
    this.#opts = {
      clientVersion: DEFAULT_CLIENT_VERSION,
      ttlMs: 15 * 60_000,
      retryMs: 60_000,
      timeoutMs: 10_000,
      now: Date.now,
      ...options,
      fetch: options.fetch ?? globalThis.fetch,
    }
  }

  /** The last known state without any network call. */
  snapshot(): ModelsSnapshot {
    return this.#snapshot
  }

  /** The list, refreshed when stale; never throws (the built-in list stands in). */
  async list(): Promise<ChatgptModelInfo[]> {
    if (this.#fresh()) return this.#snapshot.models
    return (await this.refresh()).models
  }

  /** Fetches now; concurrent callers share one request. */
  refresh(): Promise<ModelsSnapshot> {
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined
    })
    return this.#inflight
  }

  info(model: string): ChatgptModelInfo | undefined {
    return (
      this.#snapshot.models.find((m) => m.slug === model) ??
      BUILTIN_MODELS.find((m) => m.slug === model)
    )
  }

  /** Efforts the model accepts; undefined when the model is unknown. */
  supportedEfforts(model: string): ReasoningEffort[] | undefined {
    const info = this.info(model)
    return info ? [...info.efforts] : undefined
  }

  validateEffort(
    model: string,
    effort: ReasoningEffort,
    policy: EffortPolicy = 'clamp',
  ): EffortCheck {
    return checkEffort(this.info(model), effort, policy)
  }

  /** A requested name → backend slug, preferring models this account actually lists. */
  mapModel(model: string, families?: Partial<Record<ClaudeFamily, string>>): string {
    const available =
      this.#snapshot.source === 'live' ? this.#snapshot.models.map((m) => m.slug) : undefined
    return mapModelName(model, {
      ...(families ? { families } : {}),
      ...(available ? { available } : {}),
    })
  }

  #fresh(): boolean {
    const s = this.#snapshot
    if (s.checkedAt === 0) return false
    const age = this.#opts.now() - s.checkedAt
    return (
      age < (s.source === 'live' && s.error === undefined ? this.#opts.ttlMs : this.#opts.retryMs)
    )
  }

  async #fetch(): Promise<ModelsSnapshot> {
    const url = `${this.#opts.baseUrl.replace(/\/+$/, '')}/models?client_version=${encodeURIComponent(this.#opts.clientVersion)}`
    try {
      const headers: Record<string, string> = {
        ...(await this.#opts.headers()),
        accept: 'application/json',
      }
      delete headers['content-type']
      if (this.#etag && this.#snapshot.source === 'live') headers['if-none-match'] = this.#etag
      const res = await this.#opts.fetch(url, {
        headers,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
      })
      if (res.status === 304) {
        this.#snapshot = { ...this.#snapshot, checkedAt: this.#opts.now() }
        return this.#snapshot
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const models = parseModelsResponse(await res.json())
      if (models.length === 0) throw new Error('the models endpoint listed no models')
      this.#etag = res.headers.get('etag') ?? undefined
      this.#snapshot = { models, source: 'live', checkedAt: this.#opts.now() }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      // A list that worked before beats the built-in one; it just gets re-checked sooner.
      const models = this.#snapshot.source === 'live' ? this.#snapshot.models : [...BUILTIN_MODELS]
      this.#snapshot = { models, source: this.#snapshot.source, checkedAt: this.#opts.now(), error }
    }
    return this.#snapshot
  }
}
