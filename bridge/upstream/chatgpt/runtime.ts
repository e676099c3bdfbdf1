// App-wide ChatGPT state shared by every request: credentials, the model list per backend, usage windows.
import type { CredentialService } from '../../auth/index.js'
import type { ProviderSettings } from '../../config/schema.js'
import { chatgptBackendBase } from '../../config/upstream-url.js'
import { chatgptHeaders } from './headers.js'
import { ChatgptModels } from './models.js'
import { UsageTracker } from './usage-limits.js'

export const CODEX_BASE_URL_ENV = 'CODEX_BASE_URL'

export class ChatgptRuntime {
  readonly usage = new UsageTracker()
  private models = new Map<string, ChatgptModels>()

  constructor(
    readonly credentials: CredentialService,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The backend base URL: CODEX_BASE_URL (`…/backend-api` or `…/backend-api/codex`) overrides the provider setting. The only place it is read. */
  baseUrl(provider: ProviderSettings): string {
    return chatgptBackendBase(this.env[CODEX_BASE_URL_ENV] || provider.baseUrl)
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
