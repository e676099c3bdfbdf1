// The provider for each kind, registered like the codecs: the rest of the gateway asks here and names no kind.
import type { ProviderKind, ProviderSettings, Settings } from '../config/schema.js'
import type { ChatgptRuntime } from './chatgpt/runtime.js'
import { chatgptProvider } from './chatgpt/provider.js'
import type { CodexCliRuntime } from './codex-cli/index.js'
import { codexCliProvider } from './codex-cli/provider.js'
import { httpProvider } from './http-provider.js'
import type { Provider } from './provider.js'

/** App-wide state some providers keep (sign-in, usage windows, local processes); absent where not set up. */
export interface ProviderRuntimes {
  chatgpt?: ChatgptRuntime
  codex?: CodexCliRuntime
}

export interface ProviderRegistry {
  for(kind: ProviderKind): Provider
  /** A routed model name as the provider will really send it (what requests and the route tester use). */
  mapModel(provider: ProviderSettings, model: string, settings: Settings): string
  all(): Provider[]
  dispose(): Promise<void>
}

export function createProviderRegistry(runtimes: ProviderRuntimes = {}): ProviderRegistry {
  const providers: Record<ProviderKind, Provider> = {
    'openai-chat': httpProvider('openai-chat'),
    'openai-responses': httpProvider('openai-responses'),
    anthropic: httpProvider('anthropic-messages'),
    chatgpt: chatgptProvider(runtimes.chatgpt),
    'codex-cli': codexCliProvider(runtimes.codex),
  }
  return {
    for: (kind) => providers[kind],
    mapModel: (provider, model, settings) =>
      providers[provider.kind].mapModel?.(provider, model, settings) ?? model,
    all: () => Object.values(providers),
    async dispose() {
      await Promise.all(Object.values(providers).map((p) => p.dispose?.()))
    },
  }
}
