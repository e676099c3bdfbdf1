// What the settings, providers and snippets pages show besides the settings document: the route tester's
// explanation, a provider's connection test, the setup snippets and the codex-chat-bridge import offer.
export interface RouteExplanationView {
  model: string
  ok: boolean
  providerId?: string
  upstreamModel?: string
  effort?: string
  matched?: string
  message?: string
  rules: {
    index: number
    match: string
    provider: string
    model?: string
    status: 'matched' | 'no-match' | 'not-reached'
  }[]
}

export interface ProviderTestResult {
  ok: boolean
  status?: number
  latencyMs: number
  message: string
}

export type SnippetId =
  'claude' | 'codex' | 'openai' | 'roo' | 'cline' | 'continue' | 'openai-sdk' | 'anthropic-sdk'

export type SnippetLanguage = 'sh' | 'toml' | 'json' | 'yaml' | 'js' | 'text'

export interface Snippet {
  id: SnippetId
  title: string
  language: SnippetLanguage
  /** Everything, as `switchboard snippet` prints it. */
  text: string
  /** When the setup goes to more than one place (a file and the shell): one block per destination, copied alone. */
  blocks?: { title: string; language: SnippetLanguage; text: string }[]
}

/** codex-chat-bridge's conf.toml, found where that tool kept it, and what importing it would change. */
export interface BridgeImportOffer {
  /** The file (only ever read). */
  source: string
  /** The settings are still Switchboard's defaults: the offer is shown first. */
  firstRun: boolean
  /** Each change to the saved settings, in words. */
  changes: string[]
  /** What the file says that Switchboard reads differently or not at all. */
  notes: string[]
  /** Why the file cannot be imported (it does not parse, a field is wrong); nothing to import then. */
  problem?: string
}
