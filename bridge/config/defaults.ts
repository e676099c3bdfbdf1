// The built-in settings: safe defaults (loopback only, no CORS) and the ChatGPT provider as default route.
import { SETTINGS_VERSION, type ProviderSettings, type Settings } from './schema.js'

export const CHATGPT_PROVIDER_ID = 'chatgpt'
export const CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/codex'
export const DEFAULT_PORT = 8787
export const DEFAULT_HOST = '127.0.0.1'

export function defaultChatgptProvider(): ProviderSettings {
  return { id: CHATGPT_PROVIDER_ID, kind: 'chatgpt', baseUrl: CHATGPT_BASE_URL }
}

// A fresh object on every call, so callers may mutate what they get.
export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    server: {
      host: DEFAULT_HOST,
      port: DEFAULT_PORT,
      allowNonLoopback: false,
      allowedHosts: [],
      allowedOrigins: [],
      bodyLimitMb: 50,
      httpShutdown: false,
    },
    providers: [defaultChatgptProvider()],
    defaultProvider: CHATGPT_PROVIDER_ID,
    routing: { rules: [], families: {}, passthrough: false },
    forwardHeaders: [
      'openai-organization',
      'openai-project',
      'x-openai-subagent',
      'x-codex-turn-state',
      'x-codex-turn-metadata',
    ],
    filters: { dropToolTypes: [], dropParams: [], convertCustomTools: true },
    log: { maxEntries: 1000, captureBodies: false, maxBodyBytes: 262_144 },
    stream: { idleTimeoutMs: 120_000, keepaliveMs: 15_000 },
    // Enough for agent loops and chat sessions within a day; nothing on disk unless asked (it holds conversations).
    responseStore: { enabled: true, maxResponses: 1000, maxMb: 64, ttlHours: 24, persist: false },
  }
}
