// App-wide ChatGPT state shared by every request: the account pool, the model list per backend, usage windows
// per account, and which account each conversation is on.
import type { AccountPool } from '../../auth/index.js'
import type { ProviderSettings } from '../../config/schema.js'
import { chatgptBackendBase } from '../../config/upstream-url.js'
import type { Candidate } from './account-choice.js'
import { chatgptHeaders } from './headers.js'
import { ChatgptModels } from './models.js'
import { UsageTracker } from './usage-tracker.js'

export const CODEX_BASE_URL_ENV = 'CODEX_BASE_URL'

/** Conversations remembered for stickiness; the oldest is forgotten first (it then starts like a new one). */
const MAX_CONVERSATIONS = 10_000

export class ChatgptRuntime {
  readonly usage = new UsageTracker()
  private models = new Map<string, ChatgptModels>()
  private conversations = new Map<string, string>()

  constructor(
    readonly credentials: AccountPool,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The backend base URL: CODEX_BASE_URL (`…/backend-api` or `…/backend-api/codex`) overrides the provider setting. The only place it is read. */
  baseUrl(provider: ProviderSettings): string {
    return chatgptBackendBase(this.env[CODEX_BASE_URL_ENV] || provider.baseUrl)
  }

  /** The accounts with what selection needs: sign-in state (no I/O) and the latest usage. */
  async candidates(): Promise<(Candidate & { label: string })[]> {
    const accounts = await this.credentials.current()
    // After a start no token has been read yet, but `order`, `reserve` and the log name accounts by email.
    const emails = await Promise.all(accounts.map((a) => a.credentials.identify()))
    return accounts.map((a, i) => {
      const email = emails[i] ?? null
      const c: Candidate & { label: string } = {
        id: a.id,
        email,
        label: email ?? a.id,
        signedIn: !a.credentials.ended,
      }
      const u = this.usage.stored(a.id)
      if (u) c.usage = u
      return c
    })
  }

  /** The account a conversation was last served by. */
  accountOf(conversation: string): string | undefined {
    return this.conversations.get(conversation)
  }

  stick(conversation: string, accountId: string): void {
    this.conversations.delete(conversation)
    this.conversations.set(conversation, accountId)
    if (this.conversations.size > MAX_CONVERSATIONS) {
      const oldest = this.conversations.keys().next().value
      if (oldest !== undefined) this.conversations.delete(oldest)
    }
  }

  modelsFor(provider: ProviderSettings): ChatgptModels {
    const base = this.baseUrl(provider)
    let models = this.models.get(base)
    if (!models) {
      models = new ChatgptModels({
        baseUrl: base,
        headers: async () => {
          const c = await this.credentials.getCredentials()
          return chatgptHeaders({
            accessToken: c.accessToken,
            accountId: c.accountId ?? '',
            sessionId: 'models',
          })
        },
      })
      this.models.set(base, models)
    }
    return models
  }
}
